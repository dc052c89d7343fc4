/**
 * Every place a post links somewhere: inline and reference-style Markdown links and images,
 * autolinks and bare URLs, raw HTML `<a href>` / `<img src>`, `ref`/`relref` shortcodes and the
 * link-taking parameters of `figure`.
 *
 * Pure and total: never throws. Offsets are UTF-16 offsets into the full text. Markdown and HTML
 * links inside code spans, fenced code and HTML comments are skipped (they render as text), but
 * shortcodes are taken everywhere: Hugo expands them inside code too.
 *
 * API: parseLinks(text, from?, liquid?) → { links, definitions, shortcodeTags }; linksForGenerator(links, generator);
 * linkAt(links, offset).
 */
import { isWideSpace, isWordChar } from './chars';
import { liquidUrls, scanLiquid, type LiquidScan, type LiquidUrl } from './liquid';
import { parseShortcodes, type ShortcodeParam, type ShortcodeTag } from './shortcodes';
import type { Span } from './types';

export type LinkKind =
  /** `[text](target)` / `![alt](target)` */
  | 'inline'
  /** `[text][label]`, `[label][]`, `[label]`: the target is the definition's. */
  | 'reference'
  /** `[label]: target` */
  | 'definition'
  /** `<https://…>` */
  | 'autolink'
  /** A URL in running text (Goldmark's linkify turns it into a link). */
  | 'bare-url'
  /** `<a href>` / `<img src>` */
  | 'html'
  /** `{{< ref "…" >}}` / `{{< relref "…" >}}` */
  | 'ref'
  /** A link-taking shortcode parameter: `{{< figure src="…" link="…" >}}`. */
  | 'shortcode'
  /** Jekyll's `{% post_url name %}` / `{% link path %}` (the tag name is in `shortcode`). */
  | 'liquid';

export interface LinkOccurrence {
  kind: LinkKind;
  /** Displays an image (Markdown image, `<img>`, figure `src`). */
  image: boolean;
  /** The target as written (for `reference`, the definition's target; '' when undefined). */
  target: string;
  /** Where the target is written (for `reference`, the label; for `ref`, inside the quotes). */
  targetSpan: Span;
  /** The whole construct. */
  span: Span;
  /** Link text or alt text, when there is one. */
  text?: string;
  /** Reference label, normalised (lower case, collapsed spaces). */
  label?: string;
  /** The shortcode name (`ref`, `relref`, `figure`). */
  shortcode?: string;
  /**
   * The target is written through Liquid (`{{ site.baseurl }}/x`, `{{ '/x' | relative_url }}`): `target`
   * is the site path it gives and `targetSpan` the literal part (Jekyll only; see parse/liquid.ts).
   */
  liquidUrl?: boolean;
}

export interface LinkParseResult {
  /** In source order. */
  links: LinkOccurrence[];
  /** Reference definitions by normalised label (the first one wins, as in CommonMark). */
  definitions: Map<string, LinkOccurrence>;
  /** The shortcode tags found on the way (parse/shortcodes.ts), so callers need not lex them again. */
  shortcodeTags: ShortcodeTag[];
}

/** Shortcodes whose parameters are links: name → parameter → shows an image. */
const LINK_PARAMS: Record<string, Record<string, boolean>> = {
  figure: { src: true, link: false },
};

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** `liquid`: the text's scanLiquid(text, from) when the caller has it (the open document's, document.ts); else scanned here when needed. */
export function parseLinks(text: string, from = 0, liquid?: LiquidScan): LinkParseResult {
  try {
    const start = Math.max(0, Math.min(from, text.length));
    return parse(text, start, liquid?.from === start ? liquid : undefined);
  } catch {
    return { links: [], definitions: new Map(), shortcodeTags: [] };
  }
}

/**
 * The links a blog of this generator has: in a Jekyll blog `{{ }}` is Liquid (no ref or figure
 * shortcodes); in a Hugo blog `{% %}` is text (no Liquid link tags).
 */
export function linksForGenerator(links: LinkOccurrence[], generator: string): LinkOccurrence[] {
  const jekyll = generator === 'jekyll';
  return links.filter((l) => (jekyll ? l.kind !== 'ref' && l.kind !== 'shortcode' : l.kind !== 'liquid' && !l.liquidUrl));
}

/**
 * The link whose target contains the offset or, failing that, whose Markdown or HTML span does (the
 * rest of a shortcode tag, its name and parameter names, belongs to the shortcode features).
 */
export function linkAt(links: LinkOccurrence[], offset: number): LinkOccurrence | undefined {
  let best: LinkOccurrence | undefined;
  for (const l of links) {
    if (offset >= l.targetSpan.start && offset <= l.targetSpan.end) return l;
    if (!best && l.kind !== 'ref' && l.kind !== 'shortcode' && offset >= l.span.start && offset < l.span.end) best = l;
  }
  return best;
}

/**
 * Work bounds. Every scan below is linear in the text or bounded per construct, so that a 1 MB
 * paragraph without a blank line (or thousands of unclosed brackets) costs milliseconds, not minutes.
 */
const MAX_BRACKET_SPAN = 2000;
/** A link destination or title longer than this is not taken as one (no real link is that long). */
const MAX_DESTINATION = 4096;

function parse(original: string, from: number, scanned: LiquidScan | undefined): LinkParseResult {
  // Liquid: `{% raw %}` holds no Liquid link tags; link targets written through Liquid URL forms are
  // read with those parts masked (same length), then given the path they stand for.
  // Without `{%` there are no raw blocks or link tags, and without `site.` or `_url` no Liquid URL
  // form (liquidUrls): the scan would change nothing (most Hugo posts with shortcodes). A scan handed
  // in is used as it is (where it would change nothing, it changes nothing). Only the body is looked
  // at (the scan starts there), and a body without `{` (most posts) needs none of the searches.
  // (Cold, the first run in a process runs this code unoptimized, once per post: what a post lacks
  // costs nothing, no closure, regex or region list is made for it, and hot loops are indexed, as
  // `for…of` allocates an iterator result per step there.)
  const hasBrace = original.indexOf('{', from) >= 0;
  const hasTag = hasBrace && original.indexOf('{%', from) >= 0;
  const liquidForm = hasBrace && original.indexOf('{{', from) >= 0 && (original.indexOf('site.', from) >= 0 || original.indexOf('_url', from) >= 0);
  const liquid = scanned ?? (hasTag || liquidForm ? scanLiquid(original, from) : undefined);
  const masks = liquid ? liquidUrls(liquid, original) : [];
  const text = masks.length ? maskSpans(original, masks.map((m) => m.span)) : original;
  // Most constructs need a marker character; a body without it skips that scan (checked once).
  // Masking only takes characters away: no `{` before it, none after.
  const hasLiquid = hasTag && text.indexOf('{%', from) >= 0;
  const hasAngle = text.indexOf('<', from) >= 0;
  const codeAndComments = codeAndCommentRegions(text, from, hasAngle);
  const codeRegions = regionsOf(codeAndComments);
  const liquidSkip = liquid?.literal.length ? new Regions(concatSpans(codeAndComments, liquid.literal)) : codeRegions;
  const links: LinkOccurrence[] = [];
  const definitions = new Map<string, LinkOccurrence>();

  const shortcodeTags = hasBrace && text.indexOf('{{', from) >= 0 ? parseShortcodes(text, from).tags : [];
  let shortcodeSpans = NO_REGIONS;
  if (shortcodeTags.length) {
    const spans: Span[] = [];
    for (let k = 0; k < shortcodeTags.length; k++) {
      spans.push(shortcodeTags[k].span);
      shortcodeLinks(shortcodeTags[k], links);
    }
    shortcodeSpans = new Regions(spans);
  }
  // Markdown and HTML links are text inside code of every kind: also indented code and the inside
  // of `{{< highlight >}}` / `{% highlight %}` (shortcodes and Liquid tags still expand there).
  const highlights = shortcodeTags.length || hasLiquid ? highlightRegions(text, from, shortcodeTags, hasLiquid) : [];
  const indented = indentedCodeRegions(text, from, codeRegions);
  const skip = highlights.length || indented.length ? new Regions(concatSpans(concatSpans(codeAndComments, highlights), indented)) : codeRegions;

  // Jekyll's Liquid link tags, wherever they stand (inside a Markdown link destination, too).
  if (hasLiquid) {
    const liquidRe = /\{%-?\s*(post_url|link)\s+([^\s%]+)\s*-?%\}/g;
    liquidRe.lastIndex = from;
    for (let m: RegExpExecArray | null; (m = liquidRe.exec(text)); ) {
      if (liquidSkip.contains(m.index)) continue;
      const targetStart = m.index + m[0].indexOf(m[2], m[0].indexOf(m[1]) + m[1].length);
      links.push({ kind: 'liquid', image: false, target: m[2], targetSpan: { start: targetStart, end: targetStart + m[2].length }, span: { start: m.index, end: m.index + m[0].length }, shortcode: m[1] });
    }
  }

  // Definitions first: shortcut references need to know which labels exist.
  const defRe = text.indexOf(']:', from) >= 0 ? /^ {0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)/gm : undefined;
  if (defRe) defRe.lastIndex = from;
  for (let m: RegExpExecArray | null; defRe && (m = defRe.exec(text)); ) {
    if (skip.contains(m.index) || m[1].startsWith('^')) continue;
    const raw = m[2];
    const rawStart = m.index + m[0].length - raw.length;
    const angled = raw.startsWith('<');
    const target = angled ? raw.slice(1, -1) : raw;
    const targetStart = angled ? rawStart + 1 : rawStart;
    const label = normalizeLabel(m[1]);
    const def: LinkOccurrence = {
      kind: 'definition',
      image: false,
      target,
      targetSpan: { start: targetStart, end: targetStart + target.length },
      span: { start: m.index + m[0].indexOf('['), end: rawStart + raw.length },
      label,
    };
    links.push(def);
    if (!definitions.has(label)) definitions.set(label, def);
  }
  const definitionSpans = definitions.size ? new Regions([...definitions.values()].map((d) => d.span)) : NO_REGIONS;

  const taken: Span[] = [];
  // Past the link text, the rest of a link (its label or destination) opens no other link.
  let restEnd = -1;
  let restStart = -1;
  // Markdown is not read inside a `<pre>`/`<script>`/`<style>`/`<textarea>` HTML block (CommonMark's type 1); its `<a href>`s still are.
  // Every `<` from `from` on, listed once: raw HTML blocks, autolinks and HTML tags all start at one.
  const angles: number[] = [];
  for (let i = hasAngle ? text.indexOf('<', from) : -1; i >= 0; i = text.indexOf('<', i + 1)) angles.push(i);
  const rawBlocks = angles.length ? regionsOf(rawHtmlBlockRegions(text, from, angles)) : NO_REGIONS;
  const firstBracket = text.indexOf('[', from);
  if (firstBracket >= 0) {
    const brackets = new BracketMatcher(text, from);
    for (let i = firstBracket; i >= 0; i = text.indexOf('[', i + 1)) {
      if ((i >= restStart && i < restEnd) || isEscaped(text, i) || skip.contains(i) || shortcodeSpans.contains(i) || definitionSpans.contains(i) || rawBlocks.contains(i)) continue;
      const link = bracketLink(text, i, definitions, brackets);
      if (link) {
        links.push(link);
        taken.push(link.span);
        restStart = brackets.match(i) + 1;
        restEnd = link.span.end;
      }
    }
  }

  const autoRe = angles.length ? /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/y : undefined;
  for (let k = 0, after = 0; autoRe && k < angles.length; k++) {
    const at = angles[k];
    const c = text.charCodeAt(at + 1) | 0x20;
    if (at < after || c < 97 || c > 122) continue;
    autoRe.lastIndex = at;
    const m = autoRe.exec(text);
    if (!m) continue;
    after = at + m[0].length;
    if (skip.contains(m.index) || shortcodeSpans.contains(m.index)) continue;
    const start = m.index + 1;
    links.push({ kind: 'autolink', image: false, target: m[1], targetSpan: { start, end: start + m[1].length }, span: { start: m.index, end: m.index + m[0].length } });
    taken.push({ start: m.index, end: m.index + m[0].length });
  }

  if (angles.length) htmlLinks(text, angles, skip, links, taken);

  // /\bhttps?:…/g, from each `http` on: a leading \b keeps V8 from searching for the literal.
  const firstHttp = text.indexOf('http', from);
  const takenRegions = firstHttp >= 0 ? regionsOf(taken) : NO_REGIONS;
  const bareRe = firstHttp >= 0 ? /https?:\/\/[^\s<>()[\]"'`{}|\\^]+/y : undefined;
  for (let at = firstHttp, after = from; bareRe && at >= 0; at = text.indexOf('http', at + 1)) {
    if (at < after || (at > 0 && isWordChar(text.charCodeAt(at - 1)))) continue;
    bareRe.lastIndex = at;
    const m = bareRe.exec(text);
    if (!m) continue;
    after = at + m[0].length;
    if (skip.contains(m.index) || takenRegions.contains(m.index) || shortcodeSpans.contains(m.index) || definitionSpans.contains(m.index)) continue;
    const url = m[0].replace(/[.,;:!?*_~]+$/, '');
    links.push({ kind: 'bare-url', image: false, target: url, targetSpan: { start: m.index, end: m.index + url.length }, span: { start: m.index, end: m.index + url.length } });
  }

  // Found kind by kind: in source order. Often in order already (sort is stable: then it changes nothing).
  for (let k = 1; k < links.length; k++)
    if (sourceOrder(links[k - 1], links[k]) > 0) {
      links.sort(sourceOrder);
      break;
    }
  if (!masks.length) return { links, definitions, shortcodeTags };
  return { ...unmaskLinks(links, masks, original), shortcodeTags };
}

function sourceOrder(a: LinkOccurrence, b: LinkOccurrence): number {
  return a.span.start - b.span.start || a.targetSpan.start - b.targetSpan.start;
}

/** The text with each span replaced by as many `x` (a destination character that opens nothing). */
function maskSpans(text: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + 'x'.repeat(s.end - s.start);
    at = s.end;
  }
  return out + text.slice(at);
}

/** The mask overlapping a span (masks are sorted and disjoint): binary search for the last one starting before its end. */
function maskOverlapping(masks: LiquidUrl[], t: Span): LiquidUrl | undefined {
  let lo = 0;
  let hi = masks.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (masks[mid].span.start < t.end) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at >= 0 && masks[at].span.end > t.start ? masks[at] : undefined;
}

/**
 * Links whose target starts with a masked Liquid URL part get the site path it stands for; links
 * touching a mask elsewhere are dropped (their URL needs a template run). The links are this parse's
 * own objects: changed in place, in two passes over the list (no copies: a post may hold 20,000).
 */
function unmaskLinks(links: LinkOccurrence[], masks: LiquidUrl[], text: string): { links: LinkOccurrence[]; definitions: Map<string, LinkOccurrence> } {
  const out: LinkOccurrence[] = [];
  let dropped: Set<string> | undefined;
  // The last definition kept of each label: a reference follows its unmasking (see below).
  const lastDef = new Map<string, LinkOccurrence>();
  let anyLiquidDef = false;
  for (const l of links) {
    const t = l.targetSpan;
    const hit = maskOverlapping(masks, t);
    if (hit) {
      if (hit.span.start !== t.start || (!hit.prefix && hit.span.end !== t.end)) {
        if (l.kind === 'definition' && l.label) (dropped ??= new Set()).add(l.label);
        continue;
      }
      if (hit.prefix) {
        l.target = text.slice(hit.span.end, t.end);
        l.targetSpan = { start: hit.span.end, end: t.end };
        l.liquidUrl = true;
      } else if (hit.span.end === t.end && hit.path !== undefined && hit.pathSpan) {
        l.target = hit.path.startsWith('/') || /^[a-z]+:/i.test(hit.path) ? hit.path : '/' + hit.path;
        l.targetSpan = hit.pathSpan;
        l.liquidUrl = true;
      } else continue;
    }
    out.push(l);
    if (l.kind === 'definition') {
      lastDef.set(l.label!, l);
      if (l.liquidUrl) anyLiquidDef = true;
    }
  }
  // A reference's target is its definition's: follow the definition's unmasking; a reference to a
  // dropped definition goes too.
  let n = 0;
  for (const l of out) {
    if (l.kind === 'reference' && l.label) {
      if (dropped?.has(l.label)) continue;
      const def = anyLiquidDef ? lastDef.get(l.label) : undefined;
      if (def?.liquidUrl) {
        l.target = def.target;
        l.liquidUrl = true;
      }
    }
    out[n++] = l;
  }
  out.length = n;
  // Reference definitions by label, the first one wins (as parse's).
  const definitions = new Map<string, LinkOccurrence>();
  for (const l of out) if (l.kind === 'definition' && l.label && !definitions.has(l.label)) definitions.set(l.label, l);
  return { links: out, definitions };
}

/** `[…](…)`, `![…](…)` and the reference forms, from the `[` at `open`. */
function bracketLink(text: string, open: number, definitions: Map<string, LinkOccurrence>, brackets: BracketMatcher): LinkOccurrence | undefined {
  const close = brackets.match(open);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  if (inner.startsWith('^')) return undefined; // footnote
  const image = open > 0 && text[open - 1] === '!' && !isEscaped(text, open - 1);
  const start = image ? open - 1 : open;
  const after = text[close + 1];
  if (after === '(') {
    const dest = inlineDestination(text, close + 2, brackets);
    if (!dest) return undefined;
    return { kind: 'inline', image, target: dest.target, targetSpan: dest.span, span: { start, end: dest.end }, text: inner };
  }
  if (after === '[') {
    const labelClose = brackets.match(close + 1);
    if (labelClose < 0) return undefined;
    const rawLabel = text.slice(close + 2, labelClose);
    const label = normalizeLabel(rawLabel || inner);
    if (!label) return undefined;
    const def = definitions.get(label);
    const labelSpan = rawLabel ? { start: close + 2, end: labelClose } : { start: open + 1, end: close };
    return { kind: 'reference', image, target: def?.target ?? '', targetSpan: labelSpan, span: { start, end: labelClose + 1 }, text: inner, label };
  }
  // Shortcut reference: only when the label is defined (otherwise it is just text in brackets).
  const label = normalizeLabel(inner);
  const def = label ? definitions.get(label) : undefined;
  if (!def || after === ':') return undefined;
  return { kind: 'reference', image, target: def.target, targetSpan: { start: open + 1, end: close }, span: { start, end: close + 1 }, text: inner, label };
}

/**
 * The `]` that closes each `[` (nested brackets allowed, no blank line, at most MAX_BRACKET_SPAN
 * away), found for all brackets in one left-to-right pass with a stack: the same answer as counting
 * depth from each `[`, without rescanning the text once per bracket. The pass jumps from one
 * backslash, bracket or line break to the next; the text between them is not looked at.
 */
class BracketMatcher {
  private matches: Map<number, number> | undefined;
  /** Made on the first search (most posts have none). */
  private cache: Map<string, { from: number; at: number }> | undefined;
  constructor(
    private readonly text: string,
    private readonly from: number,
  ) {}

  match(open: number): number {
    if (!this.matches) this.build();
    return this.matches!.get(open) ?? -1;
  }

  /**
   * Where an unbracketed link destination starting at `start` ends: at the `)` balancing the `(`
   * just before it (`afterParen`) or, when it starts a run of non-whitespace, at that run's first
   * unbalanced `)`; else at the next whitespace or the end of the text. Looks at most
   * MAX_DESTINATION characters ahead (a longer destination is not one): each link costs a bounded scan.
   */
  destinationEnd(start: number, afterParen: boolean): number {
    const { text } = this;
    const limit = Math.min(text.length, start + MAX_DESTINATION + 1);
    // `afterParen`: the link's own `(` is open; otherwise the run starts balanced.
    let depth = afterParen ? 1 : 0;
    for (let i = start; i < limit; i++) {
      // Over the characters that change nothing below at once: the native regex runs at full speed
      // where this loop, unoptimized (cold), costs tens of nanoseconds a character.
      PLAIN_DESTINATION.lastIndex = i;
      if (PLAIN_DESTINATION.test(text)) {
        i = PLAIN_DESTINATION.lastIndex;
        if (i >= limit) break;
      }
      const c = text.charCodeAt(i);
      if (c === 92 /* \\ */) i++;
      else if (c === 40 /* ( */) depth++;
      else if (c === 41 /* ) */) {
        if (afterParen ? --depth === 0 : depth-- === 0) return i;
        if (depth < 0) depth = 0;
      } else if (c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c >= 0xa0 && isWideSpace(c)) return i;
    }
    return limit;
  }

  /** `text.indexOf(ch, from)`, remembered: a later search inside the same stretch is free. */
  next(ch: string, from: number): number {
    return this.cached(ch, from, () => this.text.indexOf(ch, from));
  }

  /** The next `ch` not escaped by a backslash, from `from` on (remembered like `next`). */
  nextUnescaped(ch: string, from: number): number {
    return this.cached('\\' + ch, from, () => {
      const { text } = this;
      for (let j = from; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === ch) return j;
      }
      return -1;
    });
  }

  private cached(key: string, from: number, find: () => number): number {
    const cache = (this.cache ??= new Map());
    const c = cache.get(key);
    if (c && c.from <= from && (c.at < 0 || c.at >= from)) return c.at;
    const at = find();
    cache.set(key, { from, at });
    return at;
  }

  private build(): void {
    const { text } = this;
    const out = new Map<number, number>();
    const stack: number[] = [];
    const marks = /[\\[\]\n]/g;
    // Scanning resumes at `pos`: what stands before it is read.
    for (let pos = this.from; ; ) {
      if (!stack.length) {
        // Nothing open: only the next `[` matters, unless the backslashes just before it (from `pos`
        // on) are odd in number and escape it. Line breaks and `]` between do nothing.
        const open = text.indexOf('[', pos);
        if (open < 0) break;
        let b = open;
        while (b > pos && text.charCodeAt(b - 1) === 92) b--;
        if ((open - b) % 2 === 0) stack.push(open);
        pos = open + 1;
        continue;
      }
      // Something open: every backslash, bracket and line break counts. test(), not exec(): only
      // the offset is needed, no match array per mark.
      marks.lastIndex = pos;
      if (!marks.test(text)) break;
      const i = marks.lastIndex - 1;
      const c = text.charCodeAt(i);
      pos = i + 1;
      if (c === 92 /* \\ */) pos = i + 2;
      else if (c === 91 /* [ */) stack.push(i);
      else if (c === 93 /* ] */) {
        const open = stack.pop();
        if (open !== undefined && i - open < MAX_BRACKET_SPAN) out.set(open, i);
      } else if (isBlankLineAfter(text, i)) stack.length = 0;
    }
    this.matches = out;
  }
}

/** A run of characters destinationEnd passes over: all but `\`, `(`, `)` and whitespace (JavaScript's `\s` is its test's). lastIndex is set before each use. */
const PLAIN_DESTINATION = /[^\\()\s]+/y;

/** A destination inlineDestination takes at once, and its `)`: no whitespace, `(`, `)` or `\\`, at most MAX_DESTINATION long. lastIndex is set before each use. */
const SIMPLE_DESTINATION = /[^\\()\s]{0,4096}\)/y;

/** The line after the newline at `nl` is blank. */
function isBlankLineAfter(text: string, nl: number): boolean {
  for (let j = nl + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return true;
    if (c === '\r') return text[j + 1] === '\n';
    if (c !== ' ' && c !== '\t') return false;
  }
  return false;
}

/** The destination and optional title after `](`, up to the closing `)`. */
function inlineDestination(text: string, pos: number, brackets: BracketMatcher): { target: string; span: Span; end: number } | undefined {
  // Most links: `(dest)` with no space, title, parenthesis or backslash; what the general path below
  // finds for it, in one native regex test (the path's calls and loops are slow unoptimized, cold).
  const first = text.charCodeAt(pos);
  if (first !== 60 /* < */ && first !== 123 /* { */) {
    SIMPLE_DESTINATION.lastIndex = pos;
    if (SIMPLE_DESTINATION.test(text)) {
      const close = SIMPLE_DESTINATION.lastIndex - 1;
      return { target: text.slice(pos, close), span: { start: pos, end: close }, end: close + 1 };
    }
  }
  let i = skipSpaces(text, pos);
  let target: string;
  let span: Span;
  if (text[i] === '<') {
    const nl = brackets.next('\n', i + 1);
    const close = brackets.next('>', i + 1);
    if (close < 0 || (nl >= 0 && nl < close) || close - i > MAX_DESTINATION) return undefined;
    target = text.slice(i + 1, close);
    span = { start: i + 1, end: close };
    i = close + 1;
  } else {
    // `[x]({{< ref "y" >}})`: the shortcode is the link; it is reported on its own.
    if (text.startsWith('{{', i)) return undefined;
    // Up to the `)` that balances the link's `(` (or, after a line break, the first unbalanced one),
    // and never past whitespace.
    const start = i;
    i = brackets.destinationEnd(start, start === pos);
    if (i - start > MAX_DESTINATION) return undefined;
    target = text.slice(start, i);
    span = { start, end: i };
  }
  i = skipSpaces(text, i);
  const q = text[i];
  if (q === '"' || q === "'" || q === '(') {
    const j = brackets.nextUnescaped(q === '(' ? ')' : q, i + 1);
    if (j < 0 || j - i > MAX_DESTINATION) return undefined;
    i = skipSpaces(text, j + 1);
  }
  if (text[i] !== ')') return undefined;
  return { target, span, end: i + 1 };
}

function skipSpaces(text: string, i: number): number {
  let newlines = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) {
    if (text[i] === '\n' && ++newlines > 1) break;
    i++;
  }
  return i;
}

function isEscaped(text: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/** Adds the `<a href>` / `<img src>` links to `out` and their spans to `taken`. */
function htmlLinks(text: string, angles: number[], skip: Regions, out: LinkOccurrence[], taken: Span[]): void {
  // `<a` / `<img` up to the next `>` (found once per `>`, not once per unclosed tag).
  let openRe: RegExp | undefined;
  let gt = -1;
  for (let k = 0; k < angles.length; k++) {
    const at = angles[k];
    const c = text.charCodeAt(at + 1) | 0x20;
    if (c !== 97 && c !== 105) continue;
    openRe ??= /<(a|img)\b/iy;
    openRe.lastIndex = at;
    const o = openRe.exec(text);
    if (!o) continue;
    if (gt < o.index) gt = text.indexOf('>', o.index);
    if (gt < 0) break;
    if (skip.contains(o.index)) continue;
    const m = { index: o.index, 0: text.slice(o.index, gt + 1), 1: o[1] };
    const isImg = m[1].toLowerCase() === 'img';
    const a = (isImg ? SRC_ATTR : HREF_ATTR).exec(m[0]);
    if (!a) continue;
    const value = a[1] ?? a[2] ?? a[3] ?? '';
    if (value.includes('{{')) continue;
    const valueStart = m.index + a.index + a[0].length - value.length - (a[3] === undefined ? 1 : 0);
    const link: LinkOccurrence = { kind: 'html', image: isImg, target: value, targetSpan: { start: valueStart, end: valueStart + value.length }, span: { start: m.index, end: m.index + m[0].length } };
    out.push(link);
    taken.push(link.span);
  }
}

/** The attribute htmlLinks reads (not global: no state between uses). */
const SRC_ATTR = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i;
const HREF_ATTR = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i;

function shortcodeLinks(tag: ShortcodeTag, out: LinkOccurrence[]): void {
  if (tag.kind === 'close') return;
  const name = tag.name.toLowerCase();
  if (name === 'ref' || name === 'relref') {
    const param = tag.params.find((p) => p.name === 'path') ?? tag.params.find((p) => !p.name);
    if (param) out.push({ kind: 'ref', image: false, target: param.value, targetSpan: inner(param), span: tag.span, shortcode: name });
    return;
  }
  const wanted = Object.prototype.hasOwnProperty.call(LINK_PARAMS, name) ? LINK_PARAMS[name] : undefined;
  if (!wanted) return;
  for (const p of tag.params)
    if (p.name && p.name.toLowerCase() in wanted && !p.value.includes('{{'))
      out.push({ kind: 'shortcode', image: wanted[p.name.toLowerCase()], target: p.value, targetSpan: inner(p), span: tag.span, shortcode: name });
}

/** A parameter's value without its quotes. */
function inner(p: ShortcodeParam): Span {
  return p.quote ? { start: p.valueSpan.start + 1, end: Math.max(p.valueSpan.start + 1, p.valueSpan.end - 1) } : p.valueSpan;
}

/** Fenced code blocks, code spans and HTML comments from `from` on. */
function codeAndCommentRegions(text: string, from: number, hasAngle: boolean): Span[] {
  const hasTicks = text.indexOf('`', from) >= 0;
  let ticks = hasTicks ? text.indexOf('```', from) : -1;
  let tildes = text.indexOf('~~~', from);
  const hasComments = hasAngle && text.indexOf('<!--', from) >= 0;
  // Neither code nor comments (most posts): none of the scans below, nor their lists and regexes.
  if (!hasTicks && tildes < 0 && !hasComments) return [];
  const regions: Span[] = [];
  const fences: Span[] = [];
  // An opening fence: a line of at most three spaces, three or more ` or ~, then the rest of the line
  // (what /^( {0,3})(`{3,}|~{3,})[^\n]*$/gm finds, without trying `^` at every offset).
  for (let pos = from; ticks >= 0 || tildes >= 0; ) {
    if (ticks >= 0 && ticks < pos) ticks = text.indexOf('```', pos);
    if (tildes >= 0 && tildes < pos) tildes = text.indexOf('~~~', pos);
    const at = ticks < 0 ? tildes : tildes < 0 ? ticks : Math.min(ticks, tildes);
    if (at < 0) break;
    const lineStart = lineStartBefore(text, at, pos);
    if (lineStart < 0) {
      pos = at + 1;
      continue;
    }
    const ch = text.charCodeAt(at);
    let runEnd = at + 3;
    while (text.charCodeAt(runEnd) === ch) runEnd++;
    const nl = text.indexOf('\n', runEnd);
    const lineEnd = nl < 0 ? text.length : nl;
    if (ch === 96 /* ` */ && text.slice(runEnd, lineEnd).includes('`')) {
      pos = lineEnd;
      continue;
    }
    const closeRe = new RegExp(`^ {0,3}${ch === 96 ? '`' : '~'}{${runEnd - at},}[ \\t]*$`, 'gm');
    closeRe.lastIndex = lineEnd;
    const close = closeRe.exec(text);
    const end = close ? close.index + close[0].length : text.length;
    fences.push({ start: lineStart, end });
    pos = end;
  }
  for (let k = 0; k < fences.length; k++) regions.push(fences[k]);
  const inFence = regionsOf(fences);

  if (hasComments) {
    const commentRe = /<!--[\s\S]*?(?:-->|$)/g;
    commentRe.lastIndex = from;
    for (let m: RegExpExecArray | null; (m = commentRe.exec(text)); ) {
      if (!inFence.contains(m.index)) regions.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  if (!hasTicks) return regions;

  // Code spans: a run of n backticks up to the next run of exactly n, within the paragraph (a code
  // span does not cross a blank line). Runs and blank lines are listed once; each opener finds its
  // closer by binary search among the runs of its length, so a long paragraph costs O(n log n).
  const runs: { start: number; n: number }[] = [];
  const byLength = new Map<number, number[]>();
  for (let at = hasTicks ? text.indexOf('`', from) : -1; at >= 0; ) {
    let end = at + 1;
    while (text.charCodeAt(end) === 96) end++;
    runs.push({ start: at, n: end - at });
    let list = byLength.get(end - at);
    if (!list) byLength.set(end - at, (list = []));
    list.push(at);
    at = text.indexOf('`', end);
  }
  // The first blank line at or after an offset, searched only when asked: openers come in order, so
  // each stretch of text is searched at most once.
  const blankRe = /\n[ \t]*\r?(?=\n)/g;
  let blank = -1;
  const blankFrom = (at: number): number => {
    if (blank >= at || blank === text.length) return blank;
    blankRe.lastIndex = at;
    const m = blankRe.exec(text);
    return (blank = m ? m.index : text.length);
  };
  let resume = -1;
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    if (run.start < resume || inFence.contains(run.start) || isEscaped(text, run.start)) continue;
    const paraEnd = blankFrom(run.start);
    const same = byLength.get(run.n)!;
    const close = same[firstAtOrAfter(same, run.start + run.n)];
    if (close === undefined || close >= paraEnd) continue;
    regions.push({ start: run.start, end: close + run.n });
    resume = close + run.n;
  }
  return regions;
}

/** The index of the first element of the sorted `xs` that is ≥ `x` (xs.length when none). */
function firstAtOrAfter(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The inside of paired `{{< highlight >}}…{{< /highlight >}}` and `{% highlight %}…{% endhighlight %}`. */
function highlightRegions(text: string, from: number, tags: ShortcodeTag[], hasLiquid: boolean): Span[] {
  const out: Span[] = [];
  // Each open tag runs to the next `highlight` close tag after it: found walking back once, so
  // thousands of tags cost one pass, not one pass per tag.
  let nextClose: ShortcodeTag | undefined;
  for (let i = tags.length - 1; i >= 0; i--) {
    const t = tags[i];
    if (t.name.toLowerCase() !== 'highlight') continue;
    if (t.kind === 'close') nextClose = t;
    else if (t.kind === 'open') out.push({ start: t.span.end, end: nextClose ? nextClose.span.start : text.length });
  }
  out.reverse();
  if (!hasLiquid) return out;
  const liquidRe = /\{%-?\s*highlight\b[^%]*%\}([\s\S]*?)(?:\{%-?\s*endhighlight\s*-?%\}|$)/g;
  liquidRe.lastIndex = from;
  for (let m: RegExpExecArray | null; (m = liquidRe.exec(text)); ) {
    const start = m.index + m[0].indexOf('%}') + 2;
    out.push({ start, end: m.index + m[0].length });
    if (!m[0].length) liquidRe.lastIndex++;
  }
  return out;
}

/**
 * Indented code blocks: lines indented four or more columns after a blank line, where the text
 * before the blank line is neither a list item nor indented itself (inside a list the same
 * indentation continues the item's paragraph). Conservative: a doubtful block stays text.
 */
function indentedCodeRegions(text: string, from: number, fenced: Regions): Span[] {
  const out: Span[] = [];
  // No line indented by a tab or four spaces: no indented code (the common case, found in one search).
  const anyIndent =
    text.indexOf('\n    ', from) >= 0 ||
    (text.indexOf('\t', from) >= 0 && (text.indexOf('\n\t', from) >= 0 || text.indexOf('\n \t', from) >= 0 || text.indexOf('\n  \t', from) >= 0 || text.indexOf('\n   \t', from) >= 0));
  // The first line too: /^(?: {4}| {0,3}\t)/ at `from`.
  let lead = from;
  while (lead < from + 4 && text.charCodeAt(lead) === 32) lead++;
  if (!anyIndent && lead - from < 4 && text.charCodeAt(lead) !== 9) return out;
  // Lines as offsets (no per-line strings): starts[i] … ends[i], without the newline.
  const starts: number[] = [];
  const ends: number[] = [];
  for (let pos = from; pos <= text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    starts.push(pos);
    ends.push(end);
    if (nl < 0) break;
    pos = nl + 1;
  }
  const blank = (i: number): boolean => {
    for (let j = starts[i]; j < ends[i]; j++) {
      const c = text.charCodeAt(j);
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  };
  /** Indented four columns or by a tab, and not blank. */
  const indented = (i: number): boolean => {
    const s = starts[i];
    let spaces = 0;
    while (spaces < 4 && text.charCodeAt(s + spaces) === 32) spaces++;
    if (spaces < 4 && text.charCodeAt(s + spaces) !== 9) return false;
    return !blank(i);
  };
  /** A list item (`- `, `* `, `+ `, `1. `, `1) `) after at most three spaces. */
  const listItem = (i: number): boolean => {
    let j = starts[i];
    const e = ends[i];
    let n = 0;
    while (n < 3 && text.charCodeAt(j) === 32) j++, n++;
    const c = text.charCodeAt(j);
    if (c === 45 || c === 42 || c === 43) j++;
    else {
      let digits = 0;
      while (digits < 9 && j < e && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++, digits++;
      if (!digits || (text.charCodeAt(j) !== 46 && text.charCodeAt(j) !== 41)) return false;
      j++;
    }
    if (j >= e) return true;
    const after = text.charCodeAt(j);
    return after === 32 || after === 9;
  };
  /** One to three spaces, then text. */
  const slightlyIndented = (i: number): boolean => {
    let j = starts[i];
    let n = 0;
    while (n < 4 && text.charCodeAt(j) === 32) j++, n++;
    return n >= 1 && n <= 3 && j < ends[i] && !/\s/.test(text[j]);
  };
  /** The last non-blank line before the current blank run: -1 none yet, -2 a fenced block. */
  let lastText = -1;
  let prevBlank = true;
  const count = starts.length;
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    if (fenced.contains(start)) {
      lastText = -2;
      prevBlank = false;
      continue;
    }
    if (prevBlank && indented(i) && (lastText === -1 || (lastText >= 0 && !listItem(lastText) && !indented(lastText) && !slightlyIndented(lastText)) || lastText === -2)) {
      let j = i;
      let endOffset = ends[i];
      while (j + 1 < count && (indented(j + 1) || blank(j + 1)) && !fenced.contains(starts[j + 1])) {
        j++;
        if (!blank(j)) endOffset = ends[j];
      }
      out.push({ start, end: endOffset });
      // What follows the block: the last code line counts as indented text.
      lastText = j;
      prevBlank = blank(j);
      i = j;
      continue;
    }
    if (blank(i)) prevBlank = true;
    else {
      lastText = i;
      prevBlank = false;
    }
  }
  return out;
}

/** A set of spans with a binary-searched membership test. */
class Regions {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  constructor(spans: Span[]) {
    if (!spans.length) return;
    let sorted = true;
    for (let k = 1; k < spans.length && sorted; k++) sorted = spans[k - 1].start <= spans[k].start;
    const list = sorted ? spans : [...spans].sort((a, b) => a.start - b.start);
    // Merge overlaps so the search can stop at one candidate.
    const { starts, ends } = this;
    for (let k = 0; k < list.length; k++) {
      const s = list[k];
      const last = ends.length - 1;
      if (last >= 0 && s.start <= ends[last]) ends[last] = Math.max(ends[last], s.end);
      else {
        starts.push(s.start);
        ends.push(s.end);
      }
    }
  }
  contains(offset: number): boolean {
    const { starts, ends } = this;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < starts[mid]) hi = mid - 1;
      else if (offset >= ends[mid]) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** The empty set, shared: a Regions is never changed once made. */
const NO_REGIONS = new Regions([]);

function regionsOf(spans: Span[]): Regions {
  return spans.length ? new Regions(spans) : NO_REGIONS;
}

/** `[...a, ...b]` without the spread's iterator (cold code steps it one allocation at a time). */
function concatSpans(a: Span[], b: Span[]): Span[] {
  if (!b.length) return a;
  const out = a.slice();
  for (let k = 0; k < b.length; k++) out.push(b[k]);
  return out;
}

/** HTML blocks of CommonMark's first kind: a line opening with `<pre`, `<script`, `<style` or `<textarea`, up to its closing tag. */
function rawHtmlBlockRegions(text: string, from: number, angles: number[]): Span[] {
  const out: Span[] = [];
  // Found by the tag, then its line start checked backwards: a /m `^` regex is tried at every offset.
  let openRe: RegExp | undefined;
  let resume = from;
  let lower: string | undefined;
  for (let k = 0; k < angles.length; k++) {
    const at = angles[k];
    const c = text.charCodeAt(at + 1) | 0x20;
    if (at < resume || (c !== 112 && c !== 115 && c !== 116)) continue;
    openRe ??= /<(pre|script|style|textarea)(?=[\s>]|$)/iy;
    openRe.lastIndex = at;
    const m = openRe.exec(text);
    if (!m) continue;
    const start = lineStartBefore(text, m.index, resume);
    if (start < 0) continue;
    lower ??= text.toLowerCase();
    const close = lower.indexOf(`</${m[1].toLowerCase()}>`, m.index + m[0].length);
    const end = close < 0 ? text.length : close + m[1].length + 3;
    out.push({ start, end });
    resume = end;
  }
  return out;
}

/**
 * Where a /m regex `^ {0,3}` before `at` would start: the line start, when at most three spaces
 * stand between it and `at` and it is at or after `min`; else -1. JavaScript's `^` follows any line
 * terminator (CR, LF, U+2028, U+2029).
 */
function lineStartBefore(text: string, at: number, min: number): number {
  let s = at;
  while (s > 0 && at - s < 4 && text.charCodeAt(s - 1) === 32) s--;
  if (at - s > 3 || s < min) return -1;
  if (s === 0) return 0;
  const c = text.charCodeAt(s - 1);
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029 ? s : -1;
}
