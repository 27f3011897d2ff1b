/**
 * Base64url without padding (RFC 4648 §5), written out because `btoa`/`Buffer` differ between the
 * browser, workers and Node. Decoding is strict: a character outside the alphabet, an impossible
 * length or stray bits in the last character are refused, so a mangled link is noticed rather than
 * decoded into different bytes.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** The bytes, or a short reason why `text` is not canonical unpadded base64url. */
export function decodeBase64url(text: string): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  if (text.length % 4 === 1) return { ok: false, reason: 'its length is impossible for base64url' };
  const values = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) return { ok: false, reason: `it contains "${text[i]}", which cannot appear in a link payload` };
    values[i] = v;
  }
  const full = Math.floor(text.length / 4);
  const rest = text.length % 4;
  const bytes = new Uint8Array(full * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  for (let i = 0; i < full * 4; i += 4) {
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    bytes[o++] = n >> 16;
    bytes[o++] = (n >> 8) & 255;
    bytes[o++] = n & 255;
  }
  const i = full * 4;
  if (rest === 2) {
    if ((values[i + 1] & 15) !== 0) return { ok: false, reason: 'its last character is not one an encoder writes' };
    bytes[o] = (values[i] << 2) | (values[i + 1] >> 4);
  } else if (rest === 3) {
    if ((values[i + 2] & 3) !== 0) return { ok: false, reason: 'its last character is not one an encoder writes' };
    const n = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6);
    bytes[o++] = n >> 16;
    bytes[o] = (n >> 8) & 255;
  }
  return { ok: true, bytes };
}
