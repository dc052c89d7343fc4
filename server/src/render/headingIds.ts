/**
 * Heading ids as Hugo's Goldmark generates them (markup.goldmark.parser.autoHeadingIDType):
 * `github` (the default) keeps letters, digits, `_` and `-`, turns spaces into `-` and drops the rest;
 * `github-ascii` also drops non-ASCII letters after removing accents; `blackfriday` joins runs of
 * letters and digits with single dashes. Duplicates get `-1`, `-2`, … as Hugo's id factory does.
 */
export type HeadingIdType = 'github' | 'github-ascii' | 'blackfriday';

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}_]/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

export function headingIdType(value: unknown): HeadingIdType {
  const v = typeof value === 'string' ? value.toLowerCase() : '';
  return v === 'blackfriday' || v === 'github-ascii' ? v : 'github';
}

/** Go's unicode.ToLower maps one rune to one rune (İ → i); JavaScript may add a combining mark. */
function lowerRune(ch: string): string {
  const lower = ch.toLowerCase();
  return lower.length > ch.length ? String.fromCodePoint(lower.codePointAt(0)!) : lower;
}

export function sanitizeHeadingId(text: string, type: HeadingIdType = 'github'): string {
  if (type === 'blackfriday') {
    let out = '';
    let pendingDash = false;
    for (const ch of text) {
      if (LETTER_OR_NUMBER.test(ch)) {
        if (pendingDash && out) out += '-';
        pendingDash = false;
        out += lowerRune(ch);
      } else pendingDash = true;
    }
    return out;
  }
  let source = text.trim();
  if (type === 'github-ascii') source = source.normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of source) {
    if (type === 'github-ascii' && ch.charCodeAt(0) > 127) continue;
    if (ch === '-' || ch === ' ') out += '-';
    else if (LETTER_OR_DIGIT.test(ch)) out += lowerRune(ch);
  }
  return out;
}

/** Hands out unique ids for one document, the way Hugo's idFactory does. */
export class HeadingIdFactory {
  private readonly used = new Set<string>();
  constructor(private readonly type: HeadingIdType = 'github') {}

  /** Reserves an id given explicitly with `{#id}`. */
  reserve(id: string): void {
    this.used.add(id);
  }

  generate(text: string): string {
    let id = sanitizeHeadingId(text, this.type) || 'heading';
    if (this.used.has(id)) {
      let i = 1;
      while (this.used.has(`${id}-${i}`)) i++;
      id = `${id}-${i}`;
    }
    this.used.add(id);
    return id;
  }
}
