/**
 * markdown-it set up to produce what Hugo's Goldmark produces for the site's markup settings:
 * raw HTML only when unsafe, GFM extensions as configured, Goldmark's typographer, footnote and
 * task-list markup, heading ids and `{#id .class}` attributes, Chroma-shaped code blocks.
 */
import MarkdownIt = require('markdown-it');
import deflist from 'markdown-it-deflist';
import footnote from 'markdown-it-footnote';
import type { MarkupSettings } from '../site/siteModel';
import { HeadingIdFactory, HeadingIdType } from './headingIds';
import { highlightOptionsFrom, parseHighlightOptions, renderHighlightedBlock } from './highlight';
import { escapeHtml } from './html';
import { MathDelimiters, mathPlugin } from './math';
import { M } from './markers';

type Token = MarkdownIt.Token;
export type MarkdownItInstance = InstanceType<typeof MarkdownIt>;
type TokenConstructor = new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;

export interface MarkdownOptions {
  markup: MarkupSettings;
  headingIdType: HeadingIdType;
  /** markup.goldmark.parser.attribute.title (Hugo: true) and .block (Hugo: false). */
  attributes: { title: boolean; block: boolean };
  /** KaTeX delimiters, or undefined when math is off. */
  math: MathDelimiters | undefined;
}

/** Per-render callbacks and state, passed as markdown-it's env. */
export interface RenderEnv {
  [key: string | symbol]: unknown;
  /** Rewrites a link or image URL (webview URIs, post links); returns undefined to keep it. */
  resolveUrl?: (url: string, kind: 'link' | 'image') => { href: string; attrs?: Record<string, string> } | undefined;
  /** Maps a line of the text markdown-it saw to a line of the source file; undefined drops data-line. */
  sourceLine?: (line: number) => number;
  /** Heading ids given so far (shared with the header so ids stay unique). */
  headingIds?: HeadingIdFactory;
  headings?: { level: number; text: string; id: string; line: number }[];
  /** Block mode (blocks.ts): document-wide values are written as markers, headings collected here. */
  chunk?: ChunkHeading[];
}

/** A heading of a block rendered in block mode; its id is decided when the page is put together. */
export interface ChunkHeading {
  /** The raw first line, which generated ids are made from. */
  raw: string;
  text: string;
  level: number;
  explicit?: string;
  /** Line within the block. */
  line: number;
}

const RAW_OMITTED = '<!-- raw HTML omitted -->';

export function createMarkdown(options: MarkdownOptions): MarkdownItInstance {
  const { markup } = options;
  const md = new MarkdownIt({ html: true, linkify: markup.linkify, typographer: false });
  if (!markup.table) md.disable('table');
  else tablesWithExtraDelimiterCells(md);
  if (!markup.strikethrough) md.disable('strikethrough');
  if (markup.linkify) restrictLinkify(md);
  if (markup.footnote) {
    md.use(footnote);
    // Goldmark has no inline footnotes (`^[…]`).
    md.inline.ruler.disable('footnote_inline');
    md.core.ruler.at('footnote_tail', (state) => {
      if (!(state.env as RenderEnv).chunk) footnoteTail(state.tokens, state.env as RenderEnv, state.Token);
    });
    goldmarkFootnotes(md);
  }
  if (markup.definitionList) md.use(deflist);
  goldmarkInlineTags(md);
  if (options.math) mathPlugin(md, options.math);

  md.core.ruler.after('inline', 'heading_ids', (state) => headingIds(state.tokens, state.env as RenderEnv, options));
  if (options.attributes.block) md.core.ruler.after('heading_ids', 'block_attributes', (state) => blockAttributes(state.tokens));
  if (markup.taskList) md.core.ruler.after('inline', 'task_lists', (state) => taskLists(state.tokens, state.Token));
  if (markup.typographer) md.core.ruler.after('inline', 'goldmark_typographer', (state) => goldmarkTypographer(state.tokens));
  if (markup.wrapStandAloneImage === false) md.core.ruler.after('inline', 'standalone_images', (state) => standaloneImages(state.tokens));
  md.core.ruler.push('source_lines', (state) => sourceLines(state.tokens, state.env as RenderEnv));

  const rules = md.renderer.rules;
  if (!markup.unsafe) {
    rules.html_block = () => RAW_OMITTED + '\n';
    rules.html_inline = () => RAW_OMITTED;
  }
  rules.s_open = () => '<del>';
  rules.s_close = () => '</del>';
  rules.task_checkbox = (tokens, idx) => (tokens[idx].meta?.checked ? '<input checked="" disabled="" type="checkbox">' : '<input disabled="" type="checkbox">');

  const highlightSettings = markup.highlight ?? {};
  const codeFences = highlightSettings['codefences'] !== false;
  rules.fence = (tokens, idx) => {
    const token = tokens[idx];
    const info = token.info.trim();
    const lang = /^[^\s{]*/.exec(info)?.[0] ?? '';
    const attrText = /\{(.*)\}\s*$/.exec(info)?.[1] ?? '';
    const line = lineAttr(token);
    if (!lang || !codeFences) {
      const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
      // Through Hugo's highlighter (code fences on), trailing blank lines are dropped.
      const content = codeFences && token.content ? token.content.replace(/\n+$/, '') + '\n' : token.content;
      return `<pre tabindex="0"${line}><code${cls}>${escapeHtml(content)}</code></pre>\n`;
    }
    const block = renderHighlightedBlock(token.content, lang, highlightOptionsFrom(highlightSettings, parseHighlightOptions(attrText)));
    return withCodeAttributes(withLineAttr(block, line), attrText) + '\n';
  };
  // Indented code is Goldmark's own block: no tabindex.
  rules.code_block = (tokens, idx) => `<pre${lineAttr(tokens[idx])}><code>${escapeHtml(tokens[idx].content)}</code></pre>\n`;

  const defaultLinkOpen = rules.link_open ?? ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts));
  rules.link_open = (tokens, idx, opts, env, self) => {
    applyResolved(tokens[idx], 'href', 'link', env as RenderEnv);
    return defaultLinkOpen(tokens, idx, opts, env, self);
  };
  rules.image = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    applyResolved(token, 'src', 'image', env as RenderEnv);
    // Goldmark's alt text is the label's text with line breaks dropped.
    const alt = (token.children ?? []).map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '' : c.type === 'image' ? '' : c.content)).join('');
    token.attrSet('alt', alt);
    return self.renderToken(tokens, idx, opts);
  };
  return md;
}

function lineAttr(token: Token): string {
  const line = token.attrGet('data-line');
  return line !== null ? ` data-line="${line}"` : '';
}

/** Chroma's options in a code block's attributes; Hugo puts every other attribute on the div.highlight. */
const HIGHLIGHT_OPTIONS = new Set(['linenos', 'hl_lines', 'linenostart', 'linenumbersintable', 'anchorlinenos', 'lineanchors', 'style', 'noclasses', 'guesssyntax', 'hl_inline', 'tabwidth', 'codefences']);

/** `{.cls #id key="v"}` of a fence onto its div.highlight, sorted by name as Hugo writes them. */
export function withCodeAttributes(html: string, attrText: string): string {
  if (!attrText.trim()) return html;
  const classes: string[] = [];
  const attrs = new Map<string, string>();
  const re = /([.#])([\w-]+)|([\w-]+)\s*=\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|[^,\s}]+)/g;
  for (let m = re.exec(attrText); m; m = re.exec(attrText)) {
    if (m[1] === '.') classes.push(m[2]);
    else if (m[1] === '#') attrs.set('id', m[2]);
    else if (!HIGHLIGHT_OPTIONS.has(m[3].toLowerCase())) attrs.set(m[3], m[4].replace(/^(["'])([\s\S]*)\1$/, '$2'));
  }
  if (!classes.length && !attrs.size) return html;
  const extra = [...attrs].filter(([k]) => k !== 'class').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const cls = ['highlight', ...classes, ...(attrs.has('class') ? [attrs.get('class')!] : [])].join(' ');
  const rest = extra.map(([k, v]) => ` ${escapeHtml(k)}="${escapeHtml(v)}"`).join('');
  return html.replace(/^<div class="highlight"/, `<div class="${escapeHtml(cls)}"${rest}`);
}

function withLineAttr(html: string, attr: string): string {
  return attr ? html.replace(/^<div class="highlight"/, `<div class="highlight"${attr}`) : html;
}

function applyResolved(token: Token, attr: 'href' | 'src', kind: 'link' | 'image', env: RenderEnv): void {
  const url = token.attrGet(attr);
  if (url !== null && env?.chunk) {
    token.attrSet(attr, `${M.url}${kind === 'link' ? 'l' : 'i'}${url}${M.end}`);
    return;
  }
  if (url === null || !env?.resolveUrl) return;
  const resolved = env.resolveUrl(String(url), kind);
  if (!resolved) return;
  token.attrSet(attr, String(resolved.href));
  for (const [k, v] of Object.entries(resolved.attrs ?? {})) token.attrSet(k, String(v));
}

type LinkifyMatch = { index: number; lastIndex: number; raw: string; text: string; url: string; schema: string };

// Goldmark's (Hugo 0.111) URL patterns: a dotted host is required; the path takes almost anything but spaces and `<`.
const URL_PATH = String.raw`(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'">^{}[\]` + '`' + String.raw`]*)?`;
const GOLDMARK_URL = new RegExp(String.raw`^(?:https?|ftp):\/\/[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+` + URL_PATH);
const GOLDMARK_WWW = new RegExp(String.raw`^www\.[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+` + URL_PATH);
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Re-measures a linkify-it match the way Goldmark would; false when Goldmark would not link it. */
function likeGoldmark(text: string, m: LinkifyMatch): boolean {
  if (EMAIL.test(m.raw) || m.schema === 'mailto:') return true;
  // Inside a would-be link label (`[https://…]`) Goldmark does not link.
  const before = text.slice(0, m.index);
  if (before.lastIndexOf('[') > before.lastIndexOf(']')) return false;
  const rest = text.slice(m.index);
  const found = GOLDMARK_URL.exec(rest) ?? GOLDMARK_WWW.exec(rest);
  if (!found) return false;
  let raw = found[0];
  // Goldmark trims one trailing `.` or `,`; else unbalanced closing parentheses; else a trailing entity.
  const last = raw[raw.length - 1];
  if (last === '.' || last === ',') raw = raw.slice(0, -1);
  else if (last === ')') {
    let closing = 0;
    for (const ch of raw) closing += ch === ')' ? 1 : ch === '(' ? -1 : 0;
    if (closing > 0) raw = raw.slice(0, -closing);
  } else if (last === ';') {
    const entity = /&[a-zA-Z0-9]+;$/.exec(raw);
    if (entity) raw = raw.slice(0, entity.index);
  }
  m.raw = raw;
  m.text = raw;
  m.url = /^www\./i.test(raw) ? 'https://' + raw : raw;
  m.lastIndex = m.index + raw.length;
  return true;
}

function restrictLinkify(md: MarkdownItInstance): void {
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: true });
  const match = md.linkify.match.bind(md.linkify);
  const matchAtStart = md.linkify.matchAtStart.bind(md.linkify);
  // Goldmark links nothing without one of these; linkify-it's fuzzy patterns are costly on every text token.
  const trigger = /www\.|:\/\/|@|mailto:/i;
  // markdown-it asks test() then match() for the same text: remember the last answer.
  let lastText: string | undefined;
  let lastMatches: LinkifyMatch[] | null = null;
  const goldmarkMatch = (text: string): LinkifyMatch[] | null => {
    if (text === lastText) return lastMatches;
    const found = trigger.test(text) ? ((match(text) as LinkifyMatch[] | null) ?? []) : [];
    const kept = found.filter((m) => likeGoldmark(text, m));
    lastText = text;
    lastMatches = kept.length ? kept : null;
    return lastMatches;
  };
  (md.linkify as unknown as { pretest: (text: string) => boolean }).pretest = (text: string) => trigger.test(text);
  md.linkify.match = goldmarkMatch as typeof md.linkify.match;
  md.linkify.test = (text: string) => goldmarkMatch(text) !== null;
  md.linkify.matchAtStart = (text: string) => {
    if (!trigger.test(text)) return null;
    const m = matchAtStart(text) as LinkifyMatch | null;
    return m && likeGoldmark(text, m) ? m : null;
  };
  // Links are found after inline parsing (never inside a link's label, as in Goldmark); markdown-it's
  // inline pass would take `https://x](https://x)` as one URL with Goldmark's URL characters.
  md.inline.ruler.disable('linkify');
}

/**
 * Goldmark (Hugo 0.111) does not take an inline open tag whose closing `>` or `/>` follows a line break
 * (`<input\n  type="x"\n/>`) as raw HTML: it stays text. markdown-it does, as CommonMark allows.
 */
function goldmarkInlineTags(md: MarkdownItInstance): void {
  const html = md.inline.ruler.__rules__.find((r: { name: string }) => r.name === 'html_inline')?.fn as ((state: MarkdownIt.StateInline, silent: boolean) => boolean) | undefined;
  if (!html) return;
  md.inline.ruler.at('html_inline', (state: MarkdownIt.StateInline, silent: boolean) => {
    const start = state.pos;
    if (!html(state, true)) return false;
    const tag = state.src.slice(start, state.pos);
    state.pos = start;
    if (/^<[A-Za-z]/.test(tag) && /\n[ \t]*\/?>$/.test(tag)) return false;
    return html(state, silent);
  });
}

/** Plain text of an inline token's children as Goldmark's node.Text() sees it (before the typographer). */
export function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'image' ? inlineText(c) : c.type === 'softbreak' ? '\n' : ''))
    .join('');
}

const ATTRIBUTE_BLOCK = /\s*\{((?:\s*(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}]+)))+)\s*\}\s*$/;

function parseAttributeList(text: string): { id?: string; classes: string[]; attrs: [string, string][] } {
  const out: { id?: string; classes: string[]; attrs: [string, string][] } = { classes: [], attrs: [] };
  const re = /#([\w-]+)|\.([\w-]+)|([\w-]+)=(?:"([^"]*)"|'([^']*)'|([^\s}]+))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) out.id = m[1];
    else if (m[2]) out.classes.push(m[2]);
    else out.attrs.push([m[3], m[4] ?? m[5] ?? m[6] ?? '']);
  }
  return out;
}

function applyAttributes(token: Token, parsed: ReturnType<typeof parseAttributeList>): void {
  if (parsed.id) token.attrSet('id', parsed.id);
  if (parsed.classes.length) token.attrJoin('class', parsed.classes.join(' '));
  for (const [k, v] of parsed.attrs) token.attrSet(k, v);
}

/** A trailing `{#id .class}` on a heading: applied to the heading and removed from its text; returns the explicit id. */
function takeHeadingAttributes(open: Token, inline: Token, options: MarkdownOptions): string | undefined {
  const last = inline.children?.[inline.children.length - 1];
  if (!options.attributes.title || last?.type !== 'text') return undefined;
  const m = ATTRIBUTE_BLOCK.exec(last.content);
  if (!m) return undefined;
  const parsed = parseAttributeList(m[1]);
  last.content = last.content.slice(0, m.index);
  inline.content = inline.content.replace(ATTRIBUTE_BLOCK, '');
  applyAttributes(open, parsed);
  return parsed.id;
}

function headingIds(tokens: Token[], env: RenderEnv, options: MarkdownOptions): void {
  if (env.chunk) return chunkHeadings(tokens, env.chunk, options);
  const factory = (env.headingIds ??= new HeadingIdFactory(options.headingIdType));
  // Explicit ids are reserved first, as Goldmark parses every heading's attributes before generating ids.
  const pending: { open: Token; inline: Token; explicit?: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'heading_open') continue;
    const open = tokens[i];
    const inline = tokens[i + 1];
    const explicit = takeHeadingAttributes(open, inline, options);
    if (explicit) factory.reserve(explicit);
    pending.push({ open, inline, explicit });
  }
  for (const { open, inline, explicit } of pending) {
    // Goldmark makes the id from the heading's raw first line, before inline parsing: markup and
    // raw HTML tags count as text (`_x_` keeps its underscores), as Hugo's ids show.
    const text = inline.content.split('\n')[0];
    const id = explicit ?? (options.markup.autoHeadingID ? factory.generate(text) : undefined);
    if (id && !explicit) open.attrSet('id', id);
    env.headings?.push({ level: Number(open.tag.slice(1)), text: inlineText(inline).trim(), id: id ?? '', line: open.map?.[0] ?? 0 });
  }
}

/** Block mode: explicit ids applied, generated ones left as markers for the page-wide id factory. */
function chunkHeadings(tokens: Token[], out: ChunkHeading[], options: MarkdownOptions): void {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'heading_open') continue;
    const open = tokens[i];
    const inline = tokens[i + 1];
    const explicit = takeHeadingAttributes(open, inline, options);
    if (!explicit && options.markup.autoHeadingID) open.attrSet('id', `${M.heading}${out.length}${M.end}`);
    out.push({ raw: inline.content.split('\n')[0], text: inlineText(inline).trim(), level: Number(open.tag.slice(1)), explicit, line: open.map?.[0] ?? 0 });
  }
}

/** wrapStandAloneImageWithinParagraph = false: a paragraph holding only an image is written without its `<p>`. */
function standaloneImages(tokens: Token[]): void {
  for (let i = 1; i + 1 < tokens.length; i++) {
    const inline = tokens[i];
    if (inline.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || tokens[i + 1].type !== 'paragraph_close') continue;
    if (inline.children?.length !== 1 || inline.children[0].type !== 'image') continue;
    tokens[i - 1].hidden = true;
    tokens[i + 1].hidden = true;
  }
}

/** The cells of a table row as GFM splits them: outer pipes dropped, `\|` kept inside a cell. */
function rowCells(line: string): number {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Goldmark accepts a table whose delimiter row has more cells than its header row (the header gets empty cells);
 * markdown-it writes a paragraph. Such a table is parsed here with the header padded, by markdown-it's own table rule.
 */
function tablesWithExtraDelimiterCells(md: MarkdownItInstance): void {
  const table = (md.block.ruler as unknown as { __rules__: Array<{ name: string; fn: (s: MarkdownIt.StateBlock, a: number, b: number, c: boolean) => boolean }> }).__rules__.find((r) => r.name === 'table')?.fn;
  if (!table) return;
  md.block.ruler.before(
    'table',
    'table_extra_cells',
    (state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean) => {
      if (startLine + 2 > endLine || state.sCount[startLine] - state.blkIndent >= 4) return false;
      const line = (n: number) => state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
      const header = line(startLine);
      const delimiter = line(startLine + 1);
      if (!header.includes('|') || !DELIMITER_ROW.test(delimiter) || state.sCount[startLine + 1] - state.blkIndent >= 4) return false;
      const extra = rowCells(delimiter) - rowCells(header);
      if (extra <= 0) return false;
      if (silent) return true;
      let last = startLine + 2;
      while (last < endLine && !state.isEmpty(last) && state.sCount[last] - state.blkIndent < 4) last++;
      const lines = [];
      for (let n = startLine; n < last; n++) lines.push(line(n));
      lines[0] = (/(?<!\\)\|\s*$/.test(header) ? header.trimEnd() : header.trimEnd() + ' |') + ' |'.repeat(extra);
      const inner = new state.md.block.State(lines.join('\n') + '\n', state.md, state.env, []);
      if (!table(inner, 0, lines.length, false)) return false;
      for (const token of inner.tokens) {
        if (token.map) token.map = [token.map[0] + startLine, token.map[1] + startLine];
        state.tokens.push(token);
      }
      state.line = startLine + inner.line;
      return true;
    },
    { alt: ['paragraph', 'reference'] },
  );
}

/** `{.class #id}` on the line after a paragraph, or alone after a block (parser.attribute.block). */
function blockAttributes(tokens: Token[]): void {
  tableAttributes(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open') continue;
    const whole = /^\{([^}]*)\}$/.exec(t.content.trim());
    if (whole && i >= 2 && tokens[i - 2].nesting === -1 && ATTRIBUTE_BLOCK.test(t.content)) {
      // A paragraph of only attributes applies to the block that closed just before it.
      let depth = 0;
      let j = i - 2;
      for (; j >= 0; j--) {
        depth += tokens[j].nesting;
        if (depth === 0) break;
      }
      if (j >= 0) applyAttributes(tokens[j], parseAttributeList(whole[1]));
      tokens.splice(i - 1, 3);
      i -= 2;
      continue;
    }
    const trailing = /\n(\{[^}\n]*\})\s*$/.exec(t.content);
    if (trailing && ATTRIBUTE_BLOCK.test(trailing[1])) {
      applyAttributes(tokens[i - 1], parseAttributeList(trailing[1]));
      t.content = t.content.slice(0, trailing.index);
      const children = t.children ?? [];
      // Drop the softbreak and the attribute text at the end of the children.
      while (children.length && children[children.length - 1].type === 'text' && /\{[^}]*\}\s*$/.test(children[children.length - 1].content)) {
        const last = children[children.length - 1];
        last.content = last.content.replace(/\{[^}]*\}\s*$/, '');
        if (last.content === '') children.pop();
        break;
      }
      if (children[children.length - 1]?.type === 'softbreak') children.pop();
    }
  }
}

/** GFM keeps a pipe-less line after a table as a one-cell row; Goldmark reads `{.class}` there as the table's attributes. */
function tableAttributes(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'table_close') continue;
    // … tr_open td_open inline td_close [td_open td_close …] tr_close tbody_close table_close
    let trOpen = i - 2;
    while (trOpen >= 0 && tokens[trOpen].type !== 'tr_open') trOpen--;
    const cell = tokens[trOpen + 2];
    if (trOpen < 0 || cell?.type !== 'inline' || !/^\{[^}]*\}$/.test(cell.content.trim()) || !ATTRIBUTE_BLOCK.test(cell.content)) continue;
    const rowCells = tokens.slice(trOpen, i - 1).filter((t) => t.type === 'inline');
    if (rowCells.slice(1).some((c) => c.content.trim() !== '')) continue;
    let tableOpen = i;
    while (tableOpen >= 0 && tokens[tableOpen].type !== 'table_open') tableOpen--;
    applyAttributes(tokens[tableOpen], parseAttributeList(cell.content.trim().slice(1, -1)));
    let trClose = trOpen;
    while (tokens[trClose].type !== 'tr_close') trClose++;
    tokens.splice(trOpen, trClose - trOpen + 1);
    // A body left empty is dropped, as it would not have existed.
    if (tokens[trOpen - 1]?.type === 'tbody_open' && tokens[trOpen]?.type === 'tbody_close') tokens.splice(trOpen - 1, 2);
  }
}

function taskLists(tokens: Token[], TokenCtor: TokenConstructor): void {
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || tokens[i - 2].type !== 'list_item_open') continue;
    const first = t.children?.[0];
    const m = first?.type === 'text' ? /^\[([ xX])\]\s/.exec(first.content) : null;
    if (!first || !m) continue;
    first.content = first.content.slice(3);
    const box = new TokenCtor('task_checkbox', 'input', 0);
    box.meta = { checked: m[1] !== ' ' };
    t.children!.unshift(box);
  }
}

const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/u;
/** Flanking rules count symbols as punctuation; Go's unicode.IsPunct does not; util.IsPunct is ASCII punctuation. */
const isPunct = (c: string) => PUNCT.test(c);
const isGoPunct = (c: string) => /\p{P}/u.test(c);
const isAsciiPunct = (c: string) => /^[!-\/:-@[-`{-~]$/.test(c);
const isSpace = (c: string) => c === '' || SPACE.test(c);
const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => /\p{Nd}/u.test(c);

/** The source character a token starts or ends with, for the quote rules' look-behind/ahead. */
/** About `n` characters of the source line from token `k` on, as far as the tokens tell (text, and each other token's first character). */
function followingText(children: Token[], k: number, n: number): string {
  let out = '';
  for (let j = k; j < children.length && out.length < n; j++) {
    const t = children[j];
    out += t.type === 'text' ? t.content : edgeChar(t, false);
    if (t.type === 'softbreak' || t.type === 'hardbreak') break; // Goldmark's line ends with the source line
  }
  return out.slice(0, n);
}

function edgeChar(t: Token | undefined, end: boolean): string {
  if (!t) return '';
  if (t.type === 'text') return end ? t.content.slice(-1) : t.content.slice(0, 1);
  if (t.type === 'softbreak' || t.type === 'hardbreak') return '\n';
  if (t.type === 'code_inline') return '`';
  if (t.type === 'link_open') return end ? '(' : '[';
  if (t.type === 'link_close') return end ? ')' : ']';
  if (t.type === 'image') return end ? ')' : '!';
  return t.markup ? (end ? t.markup.slice(-1) : t.markup.slice(0, 1)) : '';
}

/**
 * Goldmark's typographer (the version in Hugo 0.111): `---` → —, `--` → –, `...` → …, `<<` «, `>>` »,
 * and quotes decided one at a time from the characters around them (flanking rules plus Goldmark's
 * special cases for apostrophes), not by pairing as markdown-it's smartquotes does.
 */
function goldmarkTypographer(tokens: Token[]): void {
  for (const block of tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children = block.children;
    const open = { single: 0, double: 0 };
    let insideAutolink = 0;
    for (let k = 0; k < children.length; k++) {
      const t = children[k];
      if (t.type === 'link_open' && t.info === 'auto') insideAutolink++;
      else if (t.type === 'link_close' && t.info === 'auto') insideAutolink--;
      if (t.type !== 'text' || insideAutolink) continue;
      const src = t.content;
      let out = '';
      for (let i = 0; i < src.length; i++) {
        const c = src[i];
        if (c === '-' && src[i + 1] === '-') {
          if (src[i + 2] === '-') {
            out += '\u2014';
            i += 2;
          } else {
            out += '\u2013';
            i += 1;
          }
          continue;
        }
        if (c === '.' && src.startsWith('...', i)) {
          out += '\u2026';
          i += 2;
          continue;
        }
        if ((c === '<' && src[i + 1] === '<') || (c === '>' && src[i + 1] === '>')) {
          out += c === '<' ? '\u00ab' : '\u00bb';
          i += 1;
          continue;
        }
        if (c !== "'" && c !== '"') {
          out += c;
          continue;
        }
        const before = i > 0 ? src[i - 1] : edgeChar(children[k - 1], true) || '\n';
        // Goldmark's line runs on past this text: the rules look up to four characters ahead.
        const rest = src.slice(i) + (i + 5 < src.length ? '' : followingText(children, k + 1, 5));
        out += goldmarkQuote(c, before, rest, open);
      }
      t.content = out;
    }
  }
}

/** One quote character; `line` starts at the quote and runs on (Goldmark's `line`); `open` counts unclosed quotes in the block. */
function goldmarkQuote(c: string, before: string, line: string, open: { single: number; double: number }): string {
  const after = line.length > 1 ? line[1] : ' ';
  const canOpen = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
  const canClose = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
  if (!canOpen && !canClose) return c;
  const maybeClose = canClose && canOpen && line.length > 1 && isGoPunct(line[1]) && (line.length === 2 || isAsciiPunct(line[2]) || isSpace(line[2]));
  if (c === "'") {
    // '90s
    if (canOpen && !canClose && line.length > 3 && /\d/.test(line[1]) && /\d/.test(line[2]) && line[3] === 's') {
      const next = line.length > 4 ? line[4] : ' ';
      if (isSpace(next) || isPunct(next)) return '\u2019';
    }
    // 'twas, 'em, 'net, 'll
    if (line.length > 1 && (isGoPunct(before) || isSpace(before)) && 'tenl'.includes(line[1])) return '\u2019';
    // an apostrophe between a letter or digit and a letter
    if (line.length > 1 && (isDigit(before) || isLetter(before)) && isLetter(line[1])) return '\u2019';
    if (canOpen && !canClose) {
      // Alice's, I'm, Don't, You'd; I've, I'll, You're
      const endsAt = (n: number) => line.length <= n || isAsciiPunct(line[n]) || isSpace(line[n]);
      if (line.length > 1 && 'smtd'.includes(line[1]) && endsAt(2)) return '\u2019';
      if (line.length > 2 && ['ve', 'll', 're'].includes(line.slice(1, 3)) && endsAt(3)) return '\u2019';
      open.single++;
      return '\u2018';
    }
    // Smiths', doin' (as Goldmark's test reads: a quote with two more characters, not followed by a digit)
    if (line.length > 2 && !isDigit(line[1])) return '\u2019';
    if (open.single > 0 && ((canClose && !canOpen) || maybeClose)) {
      open.single--;
      return '\u2019';
    }
    return c;
  }
  if (canOpen && !canClose) {
    open.double++;
    return '\u201c';
  }
  if (open.double > 0 && ((canClose && !canOpen) || maybeClose)) {
    if (line[1] === '"' && isDigit(before)) return c; // "Monitor 21""
    open.double--;
    return '\u201d';
  }
  return c;
}

const LINE_TOKENS = new Set(['paragraph_open', 'heading_open', 'blockquote_open', 'bullet_list_open', 'ordered_list_open', 'list_item_open', 'table_open', 'tr_open', 'hr', 'fence', 'code_block', 'math_block', 'dl_open', 'dt_open', 'dd_open', 'html_block']);

function sourceLines(tokens: Token[], env: RenderEnv): void {
  if (env.chunk) {
    for (const t of tokens) if (t.map && LINE_TOKENS.has(t.type)) t.attrSet('data-line', `${M.line}${t.map[0]}${M.end}`);
    return;
  }
  if (!env.sourceLine) return;
  for (const t of tokens) {
    if (t.map && LINE_TOKENS.has(t.type)) t.attrSet('data-line', String(env.sourceLine(t.map[0])));
  }
}

interface FootnoteEnv {
  list?: { label?: string; count: number; tokens?: Token[]; content?: string }[];
}

/**
 * The footnote list at the end of the document. Same tokens as markdown-it-footnote's own tail
 * rule, built by appending instead of concatenating per footnote (which is quadratic on long posts).
 */
function footnoteTail(tokens: Token[], env: RenderEnv, TokenCtor: TokenConstructor): void {
  const footnotes = env['footnotes'] as FootnoteEnv | undefined;
  if (!footnotes) return;
  const definitions = new Map<string, Token[]>();
  const kept: Token[] = [];
  let current: Token[] | undefined;
  for (const t of tokens) {
    if (t.type === 'footnote_reference_open') {
      current = [];
      definitions.set(String((t.meta as { label: string }).label), current);
    } else if (t.type === 'footnote_reference_close') current = undefined;
    else if (current) current.push(t);
    else kept.push(t);
  }
  tokens.length = 0;
  for (const t of kept) tokens.push(t);
  if (!footnotes.list) return;
  tokens.push(new TokenCtor('footnote_block_open', '', 1));
  footnotes.list.forEach((item, id) => {
    const open = new TokenCtor('footnote_open', '', 1);
    open.meta = { id, label: item.label };
    tokens.push(open);
    let body: Token[] = [];
    if (item.tokens) {
      const p = new TokenCtor('paragraph_open', 'p', 1);
      p.block = true;
      const inline = new TokenCtor('inline', '', 0);
      inline.children = item.tokens;
      inline.content = item.content ?? '';
      const close = new TokenCtor('paragraph_close', 'p', -1);
      close.block = true;
      body = [p, inline, close];
    } else if (item.label) body = definitions.get(item.label) ?? [];
    for (const t of body) tokens.push(t);
    const lastParagraph = tokens[tokens.length - 1]?.type === 'paragraph_close' ? tokens.pop() : undefined;
    for (let subId = 0; subId < Math.max(1, item.count); subId++) {
      const anchor = new TokenCtor('footnote_anchor', '', 0);
      anchor.meta = { id, subId, label: item.label };
      tokens.push(anchor);
    }
    if (lastParagraph) tokens.push(lastParagraph);
    tokens.push(new TokenCtor('footnote_close', '', -1));
  });
  tokens.push(new TokenCtor('footnote_block_close', '', -1));
}

/** Footnote markup as Goldmark writes it (ids `fn:1`/`fnref:1`, roles, a `<div class="footnotes">`). */
function goldmarkFootnotes(md: MarkdownItInstance): void {
  const rules = md.renderer.rules;
  const n = (t: Token) => String((t.meta as { id: number }).id + 1);
  rules.footnote_ref = (tokens, idx, _o, env) => {
    const t = tokens[idx];
    if ((env as RenderEnv).chunk) return `${M.fnRef}${(t.meta as { label?: string }).label ?? ''}${M.end}`;
    const subId = (t.meta as { subId: number }).subId;
    const refId = subId > 0 ? `fnref${subId}:${n(t)}` : `fnref:${n(t)}`;
    return `<sup id="${refId}"><a href="#fn:${n(t)}" class="footnote-ref" role="doc-noteref">${n(t)}</a></sup>`;
  };
  // Block mode: definitions stay in place, marked, and are gathered into the list when the page is put together.
  rules.footnote_reference_open = (tokens, idx) => `${M.fnDefOpen}${(tokens[idx].meta as { label: string }).label}${M.end}`;
  rules.footnote_reference_close = () => M.fnDefClose;
  rules.footnote_block_open = () => '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n';
  rules.footnote_block_close = () => '</ol>\n</div>\n';
  rules.footnote_open = (tokens, idx) => `<li id="fn:${n(tokens[idx])}">\n`;
  rules.footnote_close = () => '</li>\n';
  rules.footnote_anchor = (tokens, idx) => {
    const t = tokens[idx];
    const subId = (t.meta as { subId: number }).subId;
    const refId = subId > 0 ? `fnref${subId}:${n(t)}` : `fnref:${n(t)}`;
    return `&#160;<a href="#${refId}" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>`;
  };
}
