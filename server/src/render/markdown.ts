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
}

const RAW_OMITTED = '<!-- raw HTML omitted -->';

export function createMarkdown(options: MarkdownOptions): MarkdownItInstance {
  const { markup } = options;
  const md = new MarkdownIt({ html: true, linkify: markup.linkify, typographer: markup.typographer, quotes: '“”‘’' });
  md.disable('replacements'); // Goldmark's typographer replaces fewer things; see goldmarkTypographer
  if (!markup.table) md.disable('table');
  if (!markup.strikethrough) md.disable('strikethrough');
  if (markup.linkify) restrictLinkify(md);
  if (markup.footnote) {
    md.use(footnote);
    goldmarkFootnotes(md);
  }
  if (markup.definitionList) md.use(deflist);
  if (options.math) mathPlugin(md, options.math);

  md.core.ruler.after('inline', 'heading_ids', (state) => headingIds(state.tokens, state.env as RenderEnv, options));
  if (options.attributes.block) md.core.ruler.after('heading_ids', 'block_attributes', (state) => blockAttributes(state.tokens));
  if (markup.taskList) md.core.ruler.after('inline', 'task_lists', (state) => taskLists(state.tokens, state.Token));
  if (markup.typographer) md.core.ruler.before('smartquotes', 'goldmark_typographer', (state) => goldmarkTypographer(state.tokens));
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
      return `<pre tabindex="0"${line}><code${cls}>${escapeHtml(token.content)}</code></pre>\n`;
    }
    const block = renderHighlightedBlock(token.content, lang, highlightOptionsFrom(highlightSettings, parseHighlightOptions(attrText)));
    return withLineAttr(block, line) + '\n';
  };
  rules.code_block = (tokens, idx) => `<pre tabindex="0"${lineAttr(tokens[idx])}><code>${escapeHtml(tokens[idx].content)}</code></pre>\n`;

  const defaultLinkOpen = rules.link_open ?? ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts));
  rules.link_open = (tokens, idx, opts, env, self) => {
    applyResolved(tokens[idx], 'href', 'link', env as RenderEnv);
    return defaultLinkOpen(tokens, idx, opts, env, self);
  };
  const defaultImage = rules.image!;
  rules.image = (tokens, idx, opts, env, self) => {
    applyResolved(tokens[idx], 'src', 'image', env as RenderEnv);
    return defaultImage(tokens, idx, opts, env, self);
  };
  return md;
}

function lineAttr(token: Token): string {
  const line = token.attrGet('data-line');
  return line !== null ? ` data-line="${line}"` : '';
}

function withLineAttr(html: string, attr: string): string {
  return attr ? html.replace(/^<div class="highlight"/, `<div class="highlight"${attr}`) : html;
}

function applyResolved(token: Token, attr: 'href' | 'src', kind: 'link' | 'image', env: RenderEnv): void {
  const url = token.attrGet(attr);
  if (url === null || !env?.resolveUrl) return;
  const resolved = env.resolveUrl(String(url), kind);
  if (!resolved) return;
  token.attrSet(attr, String(resolved.href));
  for (const [k, v] of Object.entries(resolved.attrs ?? {})) token.attrSet(k, String(v));
}

/** Goldmark's linkify only links text with a scheme, `www.` or an e-mail address; linkify-it also guesses bare domains. */
function restrictLinkify(md: MarkdownItInstance): void {
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: true });
  const match = md.linkify.match.bind(md.linkify);
  md.linkify.match = (text: string) => {
    const found = match(text);
    if (!found) return found;
    const kept = found.filter((m: { schema: string; raw: string }) => m.schema !== '' || /^www\./i.test(m.raw) || /^[^\s@]+@[^\s@]+$/.test(m.raw));
    return kept.length ? kept : null;
  };
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

function headingIds(tokens: Token[], env: RenderEnv, options: MarkdownOptions): void {
  const factory = (env.headingIds ??= new HeadingIdFactory(options.headingIdType));
  // Explicit ids are reserved first, as Goldmark parses every heading's attributes before generating ids.
  const pending: { open: Token; inline: Token; explicit?: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'heading_open') continue;
    const open = tokens[i];
    const inline = tokens[i + 1];
    let explicit: string | undefined;
    const last = inline.children?.[inline.children.length - 1];
    if (options.attributes.title && last?.type === 'text') {
      const m = ATTRIBUTE_BLOCK.exec(last.content);
      if (m) {
        const parsed = parseAttributeList(m[1]);
        last.content = last.content.slice(0, m.index);
        inline.content = inline.content.replace(ATTRIBUTE_BLOCK, '');
        applyAttributes(open, parsed);
        explicit = parsed.id;
        if (explicit) factory.reserve(explicit);
      }
    }
    pending.push({ open, inline, explicit });
  }
  for (const { open, inline, explicit } of pending) {
    const text = inlineText(inline);
    const id = explicit ?? (options.markup.autoHeadingID ? factory.generate(text) : undefined);
    if (id && !explicit) open.attrSet('id', id);
    env.headings?.push({ level: Number(open.tag.slice(1)), text: text.trim(), id: id ?? '', line: open.map?.[0] ?? 0 });
  }
}

/** `{.class #id}` on the line after a paragraph, or alone after a block (parser.attribute.block). */
function blockAttributes(tokens: Token[]): void {
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

/** Goldmark's typographer: `---` → —, `--` → –, `...` → …, `<<` → «, `>>` » (quotes are done by smartquotes). */
function goldmarkTypographer(tokens: Token[]): void {
  for (const block of tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    let insideLink = 0;
    for (const t of block.children) {
      if (t.type === 'link_open' && t.info === 'auto') insideLink++;
      else if (t.type === 'link_close' && t.info === 'auto') insideLink--;
      else if (t.type === 'text' && !insideLink) {
        t.content = t.content.replace(/---/g, '\u2014').replace(/--/g, '\u2013').replace(/\.\.\./g, '\u2026').replace(/<</g, '\u00ab').replace(/>>/g, '\u00bb');
      }
    }
  }
}

const LINE_TOKENS = new Set(['paragraph_open', 'heading_open', 'blockquote_open', 'bullet_list_open', 'ordered_list_open', 'list_item_open', 'table_open', 'tr_open', 'hr', 'fence', 'code_block', 'math_block', 'dl_open', 'dt_open', 'dd_open', 'html_block']);

function sourceLines(tokens: Token[], env: RenderEnv): void {
  if (!env.sourceLine) return;
  for (const t of tokens) {
    if (t.map && LINE_TOKENS.has(t.type)) t.attrSet('data-line', String(env.sourceLine(t.map[0])));
  }
}

/** Footnote markup as Goldmark writes it (ids `fn:1`/`fnref:1`, roles, a `<div class="footnotes">`). */
function goldmarkFootnotes(md: MarkdownItInstance): void {
  const rules = md.renderer.rules;
  const n = (t: Token) => String((t.meta as { id: number }).id + 1);
  rules.footnote_ref = (tokens, idx) => {
    const t = tokens[idx];
    const subId = (t.meta as { subId: number }).subId;
    const refId = subId > 0 ? `fnref${subId}:${n(t)}` : `fnref:${n(t)}`;
    return `<sup id="${refId}"><a href="#fn:${n(t)}" class="footnote-ref" role="doc-noteref">${n(t)}</a></sup>`;
  };
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
