/**
 * Image dimensions from the first bytes of a file (PNG, GIF, JPEG, WebP, SVG), for hover cards.
 * Reads no more than a header; returns undefined for anything it does not recognise.
 */
export interface ImageSize {
  width: number;
  height: number;
  format: 'png' | 'gif' | 'jpeg' | 'webp' | 'svg';
}

/** How many bytes to read: a JPEG's frame header may follow a large EXIF block. */
export const IMAGE_HEADER_BYTES = 256 * 1024;

export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  try {
    return png(bytes) ?? gif(bytes) ?? jpeg(bytes) ?? webp(bytes) ?? svg(bytes);
  } catch {
    return undefined;
  }
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function png(b: Uint8Array): ImageSize | undefined {
  if (b.length < 24 || ascii(b, 1, 3) !== 'PNG' || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return { width: u32be(b, 16), height: u32be(b, 20), format: 'png' };
}

function gif(b: Uint8Array): ImageSize | undefined {
  if (b.length < 10 || ascii(b, 0, 4) !== 'GIF8') return undefined;
  return { width: u16le(b, 6), height: u16le(b, 8), format: 'gif' };
}

function jpeg(b: Uint8Array): ImageSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7), format: 'jpeg' };
    }
    i += 2 + u16be(b, i + 2);
  }
  return undefined;
}

function webp(b: Uint8Array): ImageSize | undefined {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff, format: 'webp' };
  if (chunk === 'VP8L') {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, format: 'webp' };
  }
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1, format: 'webp' };
  return undefined;
}

function svg(b: Uint8Array): ImageSize | undefined {
  const head = new TextDecoder().decode(b.subarray(0, 4096));
  const tag = /<svg\b[^>]*>/i.exec(head)?.[0];
  if (!tag) return undefined;
  const num = (name: string) => {
    const m = new RegExp(`\\s${name}\\s*=\\s*["']?\\s*([\\d.]+)(px)?\\s*["']?`, 'i').exec(tag);
    return m ? parseFloat(m[1]) : undefined;
  };
  let width = num('width');
  let height = num('height');
  const viewBox = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(tag);
  if ((width === undefined || height === undefined) && viewBox) {
    width ??= parseFloat(viewBox[1]);
    height ??= parseFloat(viewBox[2]);
  }
  return width && height ? { width: Math.round(width), height: Math.round(height), format: 'svg' } : undefined;
}
