/**
 * Hugo's `enableEmoji`: `:name:` becomes the emoji, anywhere in the Markdown (code included, as
 * Hugo's Emojify works on the source before Goldmark). Names unknown stay as written.
 */
import names from 'markdown-it-emoji/lib/data/full.mjs';

const EMOJI: Record<string, string> = names as Record<string, string>;
const NAME = /^[\w+-]+$/;

export function emojify(html: string): string {
  let out = '';
  let from = 0;
  // As Hugo's Emojify: from each colon, the text up to the next colon is a name; an unknown name leaves
  // its closing colon free to open the next one.
  for (let i = html.indexOf(':'); i >= 0; ) {
    const j = html.indexOf(':', i + 1);
    if (j < 0) break;
    const name = html.slice(i + 1, j);
    const e = NAME.test(name) && Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : undefined;
    if (e) {
      out += html.slice(from, i) + e;
      from = j + 1;
      i = html.indexOf(':', j + 1);
    } else i = j;
  }
  return from ? out + html.slice(from) : html;
}
