/**
 * Block-level rendering with a cache, so that re-rendering after a keystroke only runs markdown-it on
 * the blocks that changed. The (shortcode-expanded) text is cut at blank lines where no construct can
 * continue across the cut; each piece is rendered on its own and its HTML cached by its text. What
 * depends on the whole document is left as markers in the cached HTML and filled in afterwards:
 * source lines, heading ids (unique per page), footnote numbers and the footnote list, and link/image
 * URLs (which depend on files and the index, not on the text). Link reference definitions and footnote
 * labels are collected from every piece first (a cheap block-only parse, also cached) and given to each.
 */
import type { HeadingIdFactory } from './headingIds';
import { escapeHtml, unescapeHtml } from './html';
import type { ChunkHeading, MarkdownItInstance, RenderEnv } from './markdown';
import { M } from './markers';

export { M } from './markers';

export interface Block {
  text: string;
  /** 0-based line of the block in the whole text. */
  line: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HTML_RAW = /^ {0,3}<(script|pre|style|textarea)(\s|>|$)/i;
const DETAILS = /^ {0,3}:[ \t]/;
const LIST_MARKER = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;

/** Cuts `text` into blocks at blank lines after which nothing can continue what came before. */
export function splitBlocks(text: string, math: boolean): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let start = 0;
  let fence: { ch: string; len: number } | undefined;
  let until: RegExp | undefined;
  let mathClose: string | undefined;
  let prevBlank = false;
  let definitions = false; // the current block holds a definition list's details
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len && m[2].trim() === '') fence = undefined;
      continue;
    }
    if (until) {
      if (until.test(line)) until = undefined;
      continue;
    }
    if (mathClose) {
      if (line.trimEnd().endsWith(mathClose)) mathClose = undefined;
      continue;
    }
    const blank = line.trim() === '';
    // A term after a blank line goes on the definition list before it (one <dl>, as Goldmark does).
    const term = definitions && DETAILS.test(lines[i + 1] ?? '');
    if (!blank && prevBlank && i > start && !term && canStartBlock(line)) {
      blocks.push({ text: lines.slice(start, i).join('\n'), line: start });
      start = i;
      definitions = false;
    }
    if (DETAILS.test(line)) definitions = true;
    prevBlank = blank;
    if (blank) continue;
    const f = FENCE.exec(line);
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      fence = { ch: f[1][0], len: f[1].length };
      continue;
    }
    // HTML blocks that run across blank lines (CommonMark types 1–5).
    const raw = HTML_RAW.exec(line);
    if (raw) until = new RegExp(`</${raw[1]}>`, 'i');
    else if (/^ {0,3}<!--/.test(line)) until = /-->/;
    else if (/^ {0,3}<\?/.test(line)) until = /\?>/;
    else if (/^ {0,3}<!\[CDATA\[/.test(line)) until = /\]\]>/;
    else if (/^ {0,3}<![A-Za-z]/.test(line)) until = />/;
    if (until) {
      if (until.test(line.replace(/^ {0,3}<(!--|\?|!\[CDATA\[|!)?/, ''))) until = undefined;
      continue;
    }
    if (math) {
      const mm = /^ {0,3}(\$\$|\\\[)/.exec(line);
      if (mm) {
        const close = mm[1] === '$$' ? '$$' : '\\]';
        const rest = line.slice(mm[0].length).trimEnd();
        if (!(rest.endsWith(close) && rest.length >= close.length)) mathClose = close;
      }
    }
  }
  blocks.push({ text: lines.slice(start).join('\n'), line: start });
  return blocks;
}

/** A line after a blank line that begins a new top-level block, whatever came before. */
function canStartBlock(line: string): boolean {
  const c = line[0];
  if (c === ' ' || c === '\t') return false; // may continue a list item, a footnote, indented code
  if (c === ':' || c === '~') return false; // definition list details
  if (c === '{') return false; // attributes of the block before
  return !LIST_MARKER.test(line); // a loose list goes on
}

interface BlockDefinitions {
  references: Record<string, unknown>;
  footnotes: string[];
}

interface RenderedBlock {
  html: string;
  headings: ChunkHeading[];
}

interface Caches {
  definitions: Map<string, BlockDefinitions>;
  html: Map<string, { value: RenderedBlock; used: number }>;
  renders: number;
}

const caches = new WeakMap<MarkdownItInstance, Caches>();

const DEFINITION = /^ {0,3}\[[^\n]*\]:/m;

export interface BodyContext {
  headingIds: HeadingIdFactory;
  autoHeadingId: boolean;
  headings?: { level: number; text: string; id: string; line: number }[];
  /** Expanded-text line → source line; undefined drops data-line. */
  sourceLine?: (line: number) => number;
  resolveUrl?: RenderEnv['resolveUrl'];
  math: boolean;
  /** One block for the whole text (no cache), to check the block cutting against. */
  whole?: boolean;
  /** Told the image URLs of the page before resolveUrl is asked about them (to look files up). */
  prepareImages?: (urls: string[]) => Promise<void>;
}

/** The HTML of `text`, rendered block by block with the cache of `md`. */
export async function renderBody(md: MarkdownItInstance, text: string, ctx: BodyContext): Promise<string> {
  let c = caches.get(md);
  if (!c) caches.set(md, (c = { definitions: new Map(), html: new Map(), renders: 0 }));
  const renderNo = ++c.renders;
  const src = text.includes('\r') || text.includes('\0') ? text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD') : text;
  const blocks = ctx.whole ? [{ text: src, line: 0 }] : splitBlocks(src, ctx.math);

  // Definitions from every block: references (first wins, as in markdown-it) and footnote labels.
  const references: Record<string, unknown> = {};
  const footnoteLabels = new Set<string>();
  for (const b of blocks) {
    if (!DEFINITION.test(b.text)) continue;
    let defs = c.definitions.get(b.text);
    if (!defs) {
      const env: Record<string, unknown> = {};
      md.block.parse(b.text, md, env, []);
      const fn = env['footnotes'] as { refs?: Record<string, number> } | undefined;
      defs = { references: (env['references'] as Record<string, unknown>) ?? {}, footnotes: Object.keys(fn?.refs ?? {}) };
      if (c.definitions.size > 2000) c.definitions.clear();
      c.definitions.set(b.text, defs);
    }
    for (const [k, v] of Object.entries(defs.references)) if (!(k in references)) references[k] = v;
    for (const l of defs.footnotes) footnoteLabels.add(l);
  }
  const refKey = JSON.stringify(references);
  const fnKey = [...footnoteLabels].join('\n');

  const rendered: RenderedBlock[] = [];
  for (const b of blocks) {
    const key = (b.text.includes(']') ? refKey + '\0' + (b.text.includes('[^') ? fnKey : '') : '') + '\0' + b.text;
    let entry = c.html.get(key);
    if (!entry) {
      const chunk: ChunkHeading[] = [];
      const fnRefs: Record<string, number> = {};
      for (const l of footnoteLabels) fnRefs[l] = -1;
      const env: RenderEnv = { chunk, references: { ...references }, footnotes: { refs: fnRefs } };
      entry = { value: { html: md.render(b.text, env), headings: chunk }, used: renderNo };
      c.html.set(key, entry);
    }
    entry.used = renderNo;
    rendered.push(entry.value);
  }
  // Forget blocks unused for a few renders once the cache is well above what this text needs.
  if (c.html.size > 2 * blocks.length + 500) {
    for (const [k, e] of c.html) if (e.used < renderNo - 3) c.html.delete(k);
  }
  if (ctx.prepareImages) {
    const images = new Set<string>();
    for (const r of rendered) {
      if (!r.html.includes(IMAGE_MARK)) continue;
      for (const m of r.html.matchAll(IMAGE_URL)) images.add(unescapeAttr(m[1]));
    }
    if (images.size) await ctx.prepareImages([...images]);
  }
  return assemble(blocks, rendered, ctx);
}

const unescapeAttr = unescapeHtml;

const MARKERS = new RegExp(
  ` data-line="${M.line}(\\d+)${M.end}"|${M.heading}(\\d+)${M.end}|${M.fnRef}([^${M.end}]*)${M.end}|${M.url}([li])([^${M.end}]*)${M.end}`,
  'g',
);
const IMAGE_MARK = `${M.url}i`;
const IMAGE_URL = new RegExp(`${M.url}i([^${M.end}]*)${M.end}`, 'g');
const FOOTNOTE_DEF = new RegExp(`${M.fnDefOpen}([^${M.end}]*)${M.end}([\\s\\S]*?)${M.fnDefClose}`, 'g');

function assemble(blocks: Block[], rendered: RenderedBlock[], ctx: BodyContext): string {
  // Heading ids: explicit ones are reserved first (as Goldmark does), then the rest generated in order.
  for (const r of rendered) for (const h of r.headings) if (h.explicit) ctx.headingIds.reserve(h.explicit);
  const footnotes = new Map<string, { n: number; count: number }>();
  const definitions = new Map<string, string>();
  let out = '';
  for (let i = 0; i < blocks.length; i++) {
    const { html, headings } = rendered[i];
    const base = blocks[i].line;
    const ids = headings.map((h) => h.explicit ?? (ctx.autoHeadingId ? ctx.headingIds.generate(h.raw) : ''));
    if (ctx.headings) headings.forEach((h, k) => ctx.headings!.push({ level: h.level, text: h.text, id: ids[k], line: base + h.line }));
    if (!html.includes(M.end)) {
      out += html;
      continue;
    }
    let filled = html.replace(MARKERS, (_m, line?: string, heading?: string, fnLabel?: string, urlKind?: string, url?: string) => {
      if (line !== undefined) return ctx.sourceLine ? ` data-line="${ctx.sourceLine(base + Number(line))}"` : '';
      if (heading !== undefined) return escapeHtml(ids[Number(heading)]);
      if (fnLabel !== undefined) {
        let f = footnotes.get(fnLabel);
        if (!f) footnotes.set(fnLabel, (f = { n: footnotes.size + 1, count: 0 }));
        const sub = f.count++;
        const refId = sub > 0 ? `fnref${sub}:${f.n}` : `fnref:${f.n}`;
        return `<sup id="${refId}"><a href="#fn:${f.n}" class="footnote-ref" role="doc-noteref">${f.n}</a></sup>`;
      }
      const raw = unescapeAttr(url!);
      const resolved = ctx.resolveUrl?.(raw, urlKind === 'l' ? 'link' : 'image');
      if (!resolved) return escapeHtml(raw);
      const extra = Object.entries(resolved.attrs ?? {}).map(([k, v]) => `" ${k}="${escapeHtml(String(v))}`).join('');
      return escapeHtml(resolved.href) + extra;
    });
    if (filled.includes(M.fnDefOpen)) {
      filled = filled.replace(FOOTNOTE_DEF, (_m, label: string, body: string) => {
        definitions.set(label, body);
        return '';
      });
    }
    out += filled;
  }
  if (footnotes.size) {
    out += '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n';
    for (const [label, { n, count }] of footnotes) {
      const body = definitions.get(label) ?? '';
      let anchors = '';
      for (let sub = 0; sub < Math.max(1, count); sub++) {
        const refId = sub > 0 ? `fnref${sub}:${n}` : `fnref:${n}`;
        anchors += `&#160;<a href="#${refId}" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>`;
      }
      const withAnchors = body.endsWith('</p>\n') ? body.slice(0, -5) + anchors + '</p>\n' : body + anchors;
      out += `<li id="fn:${n}">\n${withAnchors}</li>\n`;
    }
    out += '</ol>\n</div>\n';
  }
  return out;
}
