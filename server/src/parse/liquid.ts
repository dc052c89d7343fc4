/**
 * Liquid as Jekyll reads a post or page body (Liquid 5 as Jekyll 4 uses it): `{% tag markup %}` and
 * `{{ output }}`, with `{% raw %}…{% endraw %}` literal and `{% comment %}…{% endcomment %}` ignored,
 * `{% include file param=value %}` parsed, `{% highlight lang %}` bodies found, block structure
 * checked, and the link forms whose URL can be read without running a template:
 * `{{ site.baseurl }}/path`, `{{ site.url }}{{ site.baseurl }}/path`, `{{ '/path' | relative_url }}`.
 *
 * Pure and total: never throws; every scan is linear in the text (each `{%` finds its `%}` through one
 * remembered search). Offsets are UTF-16 offsets into the full text; lines are 1-based lines of the
 * body (the Liquid template), as Jekyll's errors count them.
 *
 * API: scanLiquid(text, from) → LiquidScan (shared by the link parse and the Liquid features: see document.ts); parseInclude(tag); liquidProblems(scan, knownTag).
 */
import { isWideSpace } from './chars';
import type { Span } from './types';

export interface LiquidTag {
  /** The tag name (`include`, `if`, `endif`, `#` for an inline comment); '' when the tag has none. */
  name: string;
  /** What follows the name, trimmed. */
  markup: string;
  span: Span;
  nameSpan: Span;
  markupSpan: Span;
  /** 1-based line in the body (Jekyll's "line N"). */
  line: number;
}

export interface LiquidOutput {
  /** The expression between `{{` and `}}`, trimmed. */
  expr: string;
  span: Span;
}

export interface LiquidScan {
  /** In source order; none inside raw or comment bodies (those are skipped whole). */
  tags: LiquidTag[];
  /** In source order; none inside raw or comment bodies. */
  outputs: LiquidOutput[];
  /** Insides of `{% raw %}` and `{% comment %}` blocks: no Liquid there. */
  literal: Span[];
  /** Insides of `{% highlight %}` blocks, with their language. */
  highlights: { lang: string; inner: Span; span: Span }[];
  /** 1-based line of the body's end (where Jekyll reports a block never closed). */
  lastLine: number;
  /** Where the scan started (the body's start): a caller handed a scan can check it is of the same body. */
  from: number;
}

/** Longest tag or output read as one (a real tag is a line or two; an unclosed `{%` is text). */
const MAX_TAG = 4000;

export function scanLiquid(text: string, from = 0): LiquidScan {
  try {
    return scan(text, Math.max(0, Math.min(from, text.length)));
  } catch {
    return { tags: [], outputs: [], literal: [], highlights: [], lastLine: 1, from };
  }
}

function scan(text: string, from: number): LiquidScan {
  const tags: LiquidTag[] = [];
  const outputs: LiquidOutput[] = [];
  const literal: Span[] = [];
  const highlights: LiquidScan['highlights'] = [];
  // Lines counted once, left to right: `nextNl` is the first newline not counted yet (-1: none left).
  let line = 1;
  let nextNl = text.indexOf('\n', from);
  const lineOf = (offset: number) => {
    while (nextNl >= 0 && nextNl < offset) {
      line++;
      nextNl = text.indexOf('\n', nextNl + 1);
    }
    return line;
  };
  let nextTagClose = -2;
  let nextOutputClose = -2;
  const openHighlights: { lang: string; start: number; span: Span }[] = [];
  // The end-tag searches, made once per scan (not once per raw block).
  let rawClose: RegExp | undefined;
  let commentClose: RegExp | undefined;
  let i = from;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0 || open + 1 >= text.length) break;
    const c = text[open + 1];
    if (c !== '%' && c !== '{') {
      i = open + 1;
      continue;
    }
    if (c === '%') {
      if (nextTagClose !== -1 && nextTagClose < open + 2) nextTagClose = text.indexOf('%}', open + 2);
      if (nextTagClose < 0 || nextTagClose - open > MAX_TAG) {
        i = open + 2;
        continue;
      }
      const end = nextTagClose + 2;
      const tag = readTag(text, open, end, lineOf(open));
      tags.push(tag);
      i = end;
      if (tag.name === 'raw' || tag.name === 'comment') {
        // Liquid's Raw (and Comment) read up to their end tag; nothing between is Liquid to Jekyll.
        const closeRe = tag.name === 'raw' ? (rawClose ??= /\{%-?\s*endraw\s*-?%\}/g) : (commentClose ??= /\{%-?\s*endcomment\s*-?%\}/g);
        closeRe.lastIndex = end;
        const close = closeRe.exec(text);
        const innerEnd = close ? close.index : text.length;
        literal.push({ start: end, end: innerEnd });
        if (close) {
          tags.push(readTag(text, close.index, close.index + close[0].length, lineOf(close.index)));
          i = close.index + close[0].length;
        } else i = text.length;
      } else if (tag.name === 'highlight') {
        openHighlights.push({ lang: tag.markup.split(/\s+/)[0] ?? '', start: end, span: tag.span });
      } else if (tag.name === 'endhighlight') {
        const h = openHighlights.pop();
        if (h) highlights.push({ lang: h.lang, inner: { start: h.start, end: open }, span: { start: h.span.start, end } });
      }
      continue;
    }
    if (nextOutputClose !== -1 && nextOutputClose < open + 2) nextOutputClose = text.indexOf('}}', open + 2);
    if (nextOutputClose < 0 || nextOutputClose - open > MAX_TAG) {
      i = open + 2;
      continue;
    }
    const end = nextOutputClose + 2;
    // Without the whitespace-control dashes (one each side), trimmed.
    let a = open + 2;
    if (text.charCodeAt(a) === 45 /* - */) a++;
    let b = nextOutputClose;
    if (b > a && text.charCodeAt(b - 1) === 45) b--;
    a = spacesFrom(text, a, b);
    b = spacesBefore(text, b, a);
    outputs.push({ expr: text.slice(a, b), span: { start: open, end } });
    i = end;
  }
  for (const h of openHighlights) highlights.push({ lang: h.lang, inner: { start: h.start, end: text.length }, span: { start: h.span.start, end: text.length } });
  highlights.sort((a, b) => a.span.start - b.span.start);
  return { tags, outputs, literal, highlights, lastLine: lineOf(text.length), from };
}

function readTag(text: string, start: number, end: number, line: number): LiquidTag {
  // Char codes, not regexes or slices: a post may hold tens of thousands of tags.
  let a = start + 2;
  if (text.charCodeAt(a) === 45 /* - */) a++;
  let b = end - 2;
  if (text.charCodeAt(b - 1) === 45 && b - 1 >= a) b--;
  a = spacesFrom(text, a, b);
  // The name: `#`, or /[A-Za-z_][\w-]*/ within the first 100 characters.
  const limit = Math.min(b, a + 100);
  let n = a;
  const c = text.charCodeAt(a);
  if (a < limit && c === 35 /* # */) n++;
  else if (a < limit && (((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === 95)) {
    n++;
    // [\w-], inline: this loop runs for every character of every tag name.
    for (let d = text.charCodeAt(n); n < limit && (((d | 0x20) >= 97 && (d | 0x20) <= 122) || (d >= 48 && d <= 57) || d === 95 || d === 45); d = text.charCodeAt(n)) n++;
  }
  const ms = spacesFrom(text, n, b);
  const me = spacesBefore(text, b, ms);
  return { name: text.slice(a, n), markup: text.slice(ms, me), span: { start, end }, nameSpan: { start: a, end: n }, markupSpan: { start: ms, end: me }, line };
}

/** The first offset from `i` (up to `end`) that is not `\s` (the ASCII test inline, as this runs per character). */
function spacesFrom(text: string, i: number, end: number): number {
  for (let c = text.charCodeAt(i); i < end && (c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 0xa0 && isWideSpace(c)); c = text.charCodeAt(i)) i++;
  return i;
}

/** Back from `i` (down to `start`) over `\s`: the offset just after the last other character. */
function spacesBefore(text: string, i: number, start: number): number {
  for (let c = text.charCodeAt(i - 1); i > start && (c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 0xa0 && isWideSpace(c)); c = text.charCodeAt(i - 1)) i--;
  return i;
}

// ------------------------------------------------------------------ include

export interface IncludeTag {
  /** `include` or `include_relative`. */
  tag: string;
  /** The file as written; '' when it is computed (`{{ page.x }}`, a variable). */
  file: string;
  fileSpan: Span;
  params: { name: string; value: string; span: Span }[];
}

/** Jekyll's `{% include file.html a="x" b=var %}` (file names may not contain spaces; `{{ }}` makes it dynamic). */
export function parseInclude(tag: LiquidTag): IncludeTag | undefined {
  if (tag.name !== 'include' && tag.name !== 'include_relative') return undefined;
  const markup = tag.markup;
  const base = tag.markupSpan.start;
  const fm = /^(\{\{[\s\S]*?\}\}|\S+)/.exec(markup);
  const raw = fm ? fm[1] : '';
  const dynamic = raw.includes('{{');
  const file = dynamic ? '' : raw.replace(/^["']|["']$/g, '');
  const fileStart = base + (raw.startsWith('"') || raw.startsWith("'") ? 1 : 0);
  const params: IncludeTag['params'] = [];
  const paramRe = /([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[\w.\[\]-]+)/g;
  paramRe.lastIndex = raw.length;
  for (let m: RegExpExecArray | null; (m = paramRe.exec(markup)); ) {
    params.push({ name: m[1], value: m[2].replace(/^["']|["']$/g, ''), span: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return { tag: tag.name, file, fileSpan: { start: fileStart, end: fileStart + file.length }, params };
}

// ------------------------------------------------------------------ structure

/** Liquid 5's tags and Jekyll's own, as Jekyll 4 registers them. */
export const LIQUID_TAGS = new Set([
  'assign', 'break', 'capture', 'endcapture', 'case', 'when', 'endcase', 'comment', 'endcomment', 'continue', 'cycle', 'decrement',
  'echo', 'for', 'endfor', 'if', 'elsif', 'else', 'endif', 'ifchanged', 'endifchanged', 'include', 'increment', 'liquid', 'raw', 'endraw',
  'render', 'tablerow', 'endtablerow', 'unless', 'endunless', '#',
  // Jekyll
  'highlight', 'endhighlight', 'include_relative', 'link', 'post_url',
]);

/** Block tags and the tags allowed directly inside them. */
const BLOCKS: Record<string, string[]> = {
  if: ['elsif', 'else'],
  unless: ['elsif', 'else'],
  case: ['when', 'else'],
  for: ['else'],
  tablerow: [],
  capture: [],
  ifchanged: [],
  highlight: [],
  comment: [],
  raw: [],
};

export interface LiquidProblem {
  message: string;
  span: Span;
  code: 'liquid-unknown-tag' | 'liquid-syntax';
}

/**
 * Liquid syntax errors Jekyll fails the build with, in its words: unknown tags, a block closed by the
 * wrong tag, a block never closed. `isTag` says which names the site's plugins add. Only the first
 * structural error is reported, as Jekyll stops at it; unknown tags are all reported.
 */
export function liquidProblems(scan: LiquidScan, isTag: (name: string) => boolean): LiquidProblem[] {
  const out: LiquidProblem[] = [];
  const stack: LiquidTag[] = [];
  let structural = false;
  const err = (line: number, what: string) => `Liquid syntax error (line ${line}): ${what}`;
  // scanLiquid lists no tag inside raw or comment bodies: every tag here is Liquid.
  for (const tag of scan.tags) {
    const name = tag.name;
    if (!name) {
      out.push({ code: 'liquid-syntax', span: tag.span, message: err(tag.line, `Tag '${tagText(tag)}' was not properly terminated with regexp: /\\%\\}/`) });
      continue;
    }
    if (name in BLOCKS) {
      stack.push(tag);
      continue;
    }
    const top = stack[stack.length - 1];
    if (name.startsWith('end') && name.slice(3) in BLOCKS) {
      if (top && top.name === name.slice(3)) stack.pop();
      else if (top && !structural) {
        structural = true;
        out.push({ code: 'liquid-syntax', span: tag.nameSpan, message: err(tag.line, `'${name}' is not a valid delimiter for ${top.name} tags. use end${top.name}`) });
      } else if (!top) out.push({ code: 'liquid-unknown-tag', span: tag.nameSpan, message: err(tag.line, `Unknown tag '${name}'`) });
      continue;
    }
    if (top && BLOCKS[top.name].includes(name)) continue;
    if (name === 'else' || name === 'elsif' || name === 'when') {
      if (!top && !structural) out.push({ code: 'liquid-unknown-tag', span: tag.nameSpan, message: err(tag.line, `Unknown tag '${name}'`) });
      continue;
    }
    if (LIQUID_TAGS.has(name) || isTag(name)) continue;
    out.push({ code: 'liquid-unknown-tag', span: tag.nameSpan, message: err(tag.line, `Unknown tag '${name}'`) });
  }
  if (stack.length && !structural) {
    const open = stack[stack.length - 1];
    out.push({ code: 'liquid-syntax', span: open.nameSpan, message: err(scan.lastLine, `'${open.name}' tag was never closed`) });
  }
  return out;
}

function tagText(tag: LiquidTag): string {
  return tag.markup.slice(0, 40);
}

// ------------------------------------------------------------------ URLs

/** One link target written through Liquid, as the site's own path. */
export interface LiquidUrl {
  /** The whole Liquid part (`{{ site.baseurl }}`, or `{{ '/x/' | relative_url }}`). */
  span: Span;
  /** For the prefix forms, the Liquid ends here and the literal path follows; for the filter form, undefined. */
  prefix: boolean;
  /** The filter form's literal path (inside the quotes) and where it is written. */
  path?: string;
  pathSpan?: Span;
  /** `absolute_url` or `site.url` used: the URL is absolute on the site. */
  absolute: boolean;
}

const BASEURL = /^site\.(baseurl|url)$/;

/**
 * The Liquid parts of link targets whose URL needs no template run: `{{ site.baseurl }}` (and
 * `{{ site.url }}`, with or without `{{ site.baseurl }}` after it) directly before a path, and
 * `{{ 'path' | relative_url }}` / `absolute_url` (also `| prepend: site.baseurl`).
 */
export function liquidUrls(scan: LiquidScan, text: string): LiquidUrl[] {
  const out: LiquidUrl[] = [];
  const outputs = scan.outputs;
  for (let k = 0; k < outputs.length; k++) {
    const o = outputs[k];
    if (BASEURL.test(o.expr) || /^site\.url\s*\|\s*append:\s*site\.baseurl$/.test(o.expr)) {
      let end = o.span.end;
      let absolute = o.expr.startsWith('site.url');
      const next = outputs[k + 1];
      if (next && next.span.start === end && o.expr === 'site.url' && next.expr === 'site.baseurl') {
        end = next.span.end;
        k++;
      }
      // Only before a path: `{{ site.baseurl }}/x`, not `{{ site.baseurl }}` on its own in prose.
      if (text[end] !== '/') continue;
      out.push({ span: { start: o.span.start, end }, prefix: true, absolute });
      absolute = false;
      continue;
    }
    const m = /^(["'])([^"']*)\1\s*\|\s*(relative_url|absolute_url|prepend:\s*site\.baseurl)\s*$/.exec(o.expr);
    if (m) {
      const quoteAt = text.indexOf(m[1], o.span.start + 2);
      const pathStart = quoteAt + 1;
      out.push({ span: o.span, prefix: false, path: m[2], pathSpan: { start: pathStart, end: pathStart + m[2].length }, absolute: m[3] === 'absolute_url' });
    }
  }
  return out;
}
