/**
 * Image dimensions from the first bytes of a file, for hover cards, by the `image-size` package
 * (PNG, JPEG, GIF, WebP, AVIF/HEIF, BMP, ICO/CUR, SVG, TIFF, PSD, JPEG XL, …). Reads no more than
 * the bytes it is given; returns undefined for anything it does not recognise or cannot size.
 */
import { imageSize as measure } from 'image-size';

export interface ImageSize {
  width: number;
  height: number;
  /** image-size's type name: `png`, `jpg`, `gif`, `webp`, `heif` (AVIF too), `bmp`, `ico`, `svg`, … */
  format: string;
}

/** How many bytes to read: a JPEG's frame header may follow a large EXIF block. */
export const IMAGE_HEADER_BYTES = 256 * 1024;

export function imageSize(bytes: Uint8Array): ImageSize | undefined {
  try {
    const { width, height, type } = measure(bytes);
    return width > 0 && height > 0 && type ? { width, height, format: type } : undefined;
  } catch {
    return undefined;
  }
}
