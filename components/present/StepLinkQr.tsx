'use client';
/**
 * A step's student link as a QR code, drawn as one SVG path (lib/share/qrCode.ts). Always dark on
 * white, whatever the theme: many phone scanners do not read an inverted code. The encoder loads
 * only when a code is first shown, so pages that never show one do not carry it.
 */
import { useEffect, useState } from 'react';
import type { QrCode } from '../../lib/share/qrCode';

type Encode = (text: string) => QrCode;
let encoder: Promise<Encode> | null = null;
const loadEncoder = () => (encoder ??= import('../../lib/share/qrCode').then((m) => m.qrCode));

export function StepLinkQr({ href, className }: { href: string; className?: string }) {
  const [code, setCode] = useState<{ href: string; code: QrCode } | null>(null);
  useEffect(() => {
    let live = true;
    void loadEncoder().then((encode) => live && setCode({ href, code: encode(href) }));
    return () => {
      live = false;
    };
  }, [href]);
  const shown = code?.href === href ? code.code : null;
  return (
    <svg
      className={className}
      viewBox={shown?.viewBox ?? '0 0 1 1'}
      role="img"
      aria-label={`QR code of the link ${href}`}
      data-qr-href={shown ? href : undefined}
      shapeRendering="crispEdges"
    >
      {shown ? (
        <>
          {/* The whole viewBox, quiet zone included, is light. */}
          <rect x={-shown.quietZone} y={-shown.quietZone} width="100%" height="100%" fill="#fff" />
          <path d={shown.path} fill="#000" />
        </>
      ) : null}
    </svg>
  );
}
