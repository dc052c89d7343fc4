// Image dimensions for hover cards (server/src/site/imageSize.ts, by the image-size package), from
// tiny headers written here byte by byte: no image files on disk; then the hover that shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { IMAGE_HEADER_BYTES, imageSize } from '../../server/src/site/imageSize';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const u16le = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const u32le = (n: number) => { const b = Buffer.alloc(4); b.writeInt32LE(n); return b; };
const u32be = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
/** An ISO-BMFF box (AVIF/HEIF): size, four-letter type, payload. */
const box = (type: string, ...payload: Buffer[]) => { const body = Buffer.concat(payload); return Buffer.concat([u32be(8 + body.length), Buffer.from(type, 'latin1'), body]); };
const size = (b: Uint8Array) => { const s = imageSize(b); return s && [s.width, s.height, s.format]; };

test('PNG, GIF and JPEG headers', () => {
  assert.deepEqual(size(hex('89504e470d0a1a0a 0000000d 49484452 00000078 00000040')), [120, 64, 'png']);
  assert.deepEqual(size(Buffer.from('GIF89a\x10\x00\x20\x00', 'latin1')), [16, 32, 'gif']);
  // SOI, a JFIF APP0 segment, then the SOF0 frame header: height 48, width 42.
  assert.deepEqual(size(hex('ffd8 ffe000104a46494600010100000100010000 ffc0000b080030002a01011100')), [42, 48, 'jpg']);
  // A progressive (SOF2) frame after a comment segment.
  assert.deepEqual(size(hex('ffd8 fffe0005616263 ffc2000b0801f4032001011100')), [800, 500, 'jpg']);
});

test('WebP: lossy (VP8), lossless (VP8L) and extended (VP8X)', () => {
  const riff = (chunk: string, body: Buffer) => Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(4 + 8 + body.length), Buffer.from('WEBP' + chunk, 'latin1'), u32le(body.length), body]);
  // VP8: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
  assert.deepEqual(size(riff('VP8 ', Buffer.concat([hex('000000 9d012a'), u16le(640), u16le(480), Buffer.alloc(10)]))), [640, 480, 'webp']);
  // VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each.
  const bits = (300 - 1) | ((200 - 1) << 14);
  assert.deepEqual(size(riff('VP8L', Buffer.concat([Buffer.from([0x2f]), u32le(bits), Buffer.alloc(10)]))), [300, 200, 'webp']);
  // VP8X: flags, then 24-bit width-1 and height-1.
  assert.deepEqual(size(riff('VP8X', Buffer.concat([Buffer.alloc(4), Buffer.from([99, 0, 0, 49, 0, 0])]))), [100, 50, 'webp']);
});

test('AVIF: the ispe property inside meta/iprp/ipco', () => {
  const ftyp = box('ftyp', Buffer.from('avif', 'latin1'), u32be(0), Buffer.from('avifmif1', 'latin1'));
  const ispe = box('ispe', u32be(0), u32be(1920), u32be(1080));
  const avif = Buffer.concat([ftyp, box('meta', u32be(0), box('iprp', box('ipco', ispe)))]);
  assert.deepEqual(size(avif), [1920, 1080, 'avif']);
  assert.equal(imageSize(ftyp), undefined, 'an AVIF cut before its sizes has none');
});

test('BMP and ICO', () => {
  // BITMAPFILEHEADER (14 bytes), then BITMAPINFOHEADER: size, width, height (negative: top-down rows).
  const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(12), u32le(40), u32le(33), u32le(-21), Buffer.alloc(28)]);
  assert.deepEqual(size(bmp), [33, 21, 'bmp']);
  // Two icons, 16×16 and 0×0 (meaning 256×256): the largest is reported.
  const entry = (w: number, h: number) => Buffer.concat([Buffer.from([w, h, 0, 0]), u16le(1), u16le(32), u32le(0), u32le(0)]);
  assert.deepEqual(size(Buffer.concat([hex('0000 0100 0200'), entry(16, 16), entry(0, 0)])), [256, 256, 'ico']);
});

test('SVG: width and height attributes, else the viewBox', () => {
  assert.deepEqual(size(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 12">')), [24, 12, 'svg']);
  assert.deepEqual(size(Buffer.from('<?xml version="1.0"?>\n<svg width="200px" height="100" xmlns="http://www.w3.org/2000/svg"></svg>')), [200, 100, 'svg']);
});

test('anything else, or a truncated header, has no size', () => {
  assert.equal(imageSize(Buffer.from('not an image')), undefined);
  assert.equal(imageSize(new Uint8Array(0)), undefined);
  assert.equal(imageSize(hex('89504e470d0a1a0a')), undefined, 'a PNG signature without IHDR');
  assert.equal(imageSize(hex('ffd8ffe00010')), undefined, 'a JPEG cut before its frame header');
  assert.equal(IMAGE_HEADER_BYTES, 256 * 1024, 'the hover reads a bounded prefix');
});

test('a header inside a larger pooled buffer (a view with an offset) is read from the view', () => {
  const pool = Buffer.alloc(64, 0xee);
  hex('89504e470d0a1a0a0000000d494844520000000300000005').copy(pool, 17);
  assert.deepEqual(size(pool.subarray(17, 17 + 24)), [3, 5, 'png']);
});

test('hover on an AVIF, BMP or ICO link shows its dimensions (the memory workspace holds bytes as latin1)', async () => {
  const ftyp = box('ftyp', Buffer.from('avif', 'latin1'), u32be(0), Buffer.from('avifmif1', 'latin1'));
  const avif = Buffer.concat([ftyp, box('meta', u32be(0), box('iprp', box('ipco', box('ispe', u32be(0), u32be(1920), u32be(1080)))))]);
  const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(12), u32le(40), u32le(33), u32le(-21), Buffer.alloc(28)]);
  const ico = Buffer.concat([hex('0000 0100 0100'), Buffer.from([48, 48, 0, 0]), u16le(1), u16le(32), u32le(0), u32le(0)]);
  const source = '/blog/content/posts/source.md';
  const text = yamlPost({ title: 'Source' }, '![a](/img/a.avif) ![b](/img/b.bmp) ![c](/img/c.ico)\n');
  const { service } = await memoryBlog({
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/static/img/a.avif': avif.toString('latin1'),
    '/blog/static/img/b.bmp': bmp.toString('latin1'),
    '/blog/static/img/c.ico': ico.toString('latin1'),
    [source]: text,
  });
  const features = createLanguageService();
  const { doc } = openDoc(service, source, text, 2);
  const hover = (needle: string) => (features.hover(service, doc, doc.positionAt(text.indexOf(needle) + 1))?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(hover('/img/a.avif'), /`static\/img\/a\.avif` · 1920 × 1080 px/);
  assert.match(hover('/img/a.avif'), /\|width=\d+\)/);
  assert.match(hover('/img/b.bmp'), /`static\/img\/b\.bmp` · 33 × 21 px/);
  assert.match(hover('/img/c.ico'), /`static\/img\/c\.ico` · 48 × 48 px/);
});
