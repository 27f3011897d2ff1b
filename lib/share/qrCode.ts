/**
 * A link as a QR code a room can scan from its seats: the modules as one SVG path, drawn by the
 * view (React owns the DOM). Encoding is uqr's (Reed–Solomon, masks and versions are not ours
 * to get wrong); this module only chooses the error correction and turns the grid into a path.
 *
 * Error correction M (15 % of the code may be lost): a projector's glare, keystone and a head in
 * the way cost modules, and M still fits a step link with a calculator state (a few hundred
 * characters) in a code a phone reads from the back of a room. The quiet zone, four modules of
 * light on every side, is part of the picture (`QUIET_ZONE`): without it phones fail to find the
 * code against a dark slide.
 */
import { encode } from 'uqr';

export const QUIET_ZONE = 4;

export interface QrCode {
  /** Modules per side, quiet zone not included. */
  size: number;
  /** QR version (1–40): grows with the link. */
  version: number;
  /** Every dark module, as `M x y h w v 1 h -w z` runs along the rows, in module units. */
  path: string;
  /** The SVG viewBox, the quiet zone included: it starts at (−quietZone, −quietZone). */
  viewBox: string;
  quietZone: number;
  /** The grid itself (true is dark), for tests and other renderers. */
  modules: boolean[][];
}

export function qrCode(text: string): QrCode {
  const { data, size, version } = encode(text, { ecc: 'M', border: 0 });
  const runs: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x++;
      runs.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  const outer = size + 2 * QUIET_ZONE;
  return { size, version, path: runs.join(''), viewBox: `${-QUIET_ZONE} ${-QUIET_ZONE} ${outer} ${outer}`, quietZone: QUIET_ZONE, modules: data };
}
