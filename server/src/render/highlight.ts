/**
 * Code highlighting shaped like Hugo's Chroma output, so the site's own Chroma stylesheet applies:
 * `<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-x" data-lang="x">`
 * with one `<span class="line"><span class="cl">…</span></span>` per line. Tokens come from our
 * Chroma-rule lexers (chromaLexers.ts) where one exists for the language, else from highlight.js, whose
 * scopes are mapped onto Chroma's short class names.
 */
import hljs from 'highlight.js';
import { escapeHtml } from './html';
import { chromaClass as classOfType } from './chroma';
import { chromaLexerFor } from './chromaLexers';

export interface HighlightOptions {
  /** `true`/`table`, `inline` or false (markup.highlight.lineNos and the shortcode's linenos). */
  lineNos?: boolean | 'table' | 'inline';
  /** markup.highlight.lineNumbersInTable (Hugo's default: true). */
  lineNumbersInTable?: boolean;
  lineNoStart?: number;
  /** 1-based line numbers to emphasise, relative to lineNoStart as Hugo's hl_lines are. */
  hlLines?: Set<number>;
}

const CHROMA_CLASS: Record<string, string> = {
  keyword: 'k', built_in: 'nb', type: 'kt', literal: 'kc', number: 'm', string: 's', regexp: 'sr',
  symbol: 'ss', char: 'sc', comment: 'c', doctag: 'cs', meta: 'cp', 'meta-keyword': 'cp', 'meta-string': 'cpf',
  title: 'nx', 'title.function': 'nf', 'title.class': 'nc', function: 'nf', class: 'nc', attr: 'na',
  attribute: 'na', variable: 'nv', 'variable.language': 'bp', 'variable.constant': 'no', tag: 'nt', name: 'nt',
  'selector-tag': 'nt', 'selector-class': 'nc', 'selector-id': 'nn', 'selector-attr': 'na', 'selector-pseudo': 'nd',
  operator: 'o', punctuation: 'p', section: 'gh', addition: 'gi', deletion: 'gd', emphasis: 'ge', strong: 'gs',
  bullet: 'k', code: 'sb', link: 'nl', quote: 'c1', property: 'nx', params: '', subst: 'si', 'template-variable': 'nv',
};

function chromaClass(hljsClass: string): string {
  // highlight.js writes `hljs-title function_` for the scope `title.function`.
  const parts = hljsClass.split(/\s+/);
  const base = parts[0].replace(/^hljs-/, '');
  const sub = parts[1]?.replace(/_+$/, '');
  return (sub && CHROMA_CLASS[`${base}.${sub}`]) ?? CHROMA_CLASS[base] ?? '';
}

/** Chroma's tokens as its HTML formatter writes them, one string per line (the newline ends its line's last token). */
function chromaLines(code: string, lang: string): string[] | undefined {
  const lexer = lang ? chromaLexerFor(lang) : undefined;
  if (!lexer) return undefined;
  const lines: string[] = [];
  let current = '';
  for (const token of lexer.tokenise(code)) {
    const cls = classOfType(token.type);
    const pieces = token.value.split(/(?<=\n)/);
    for (const piece of pieces) {
      current += cls ? `<span class="${cls}">${escapeHtml(piece)}</span>` : escapeHtml(piece);
      if (piece.endsWith('\n')) {
        lines.push(current);
        current = '';
      }
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Highlights `code` and returns HTML split into lines, each line's open spans closed and reopened. */
export function highlightLines(code: string, lang: string): string[] {
  const chroma = chromaLines(code, lang);
  if (chroma) return chroma;
  const language = lang && hljs.getLanguage(lang.toLowerCase()) ? lang.toLowerCase() : undefined;
  const html = language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  const re = /<span class="([^"]*)">|<\/span>|[^<]+/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const piece = m[0];
    if (m[1] !== undefined) {
      const cls = chromaClass(m[1]);
      const tag = cls ? `<span class="${cls}">` : '<span>';
      open.push(tag);
      current += tag;
    } else if (piece === '</span>') {
      open.pop();
      current += piece;
    } else {
      const segments = piece.split('\n');
      for (let i = 0; i < segments.length; i++) {
        current += segments[i];
        if (i < segments.length - 1) {
          lines.push(current + '\n' + '</span>'.repeat(open.length));
          current = open.join('');
        }
      }
    }
  }
  if (current.replace(/<[^>]*>/g, '') !== '') lines.push(current);
  return lines;
}

/** Lexers Chroma has that highlight.js lacks (highlight.js's own list stands in for the rest). */
const CHROMA_EXTRA = new Set(['hcl', 'terraform', 'tf', 'tsx', 'jsx', 'vue', 'svelte', 'graphql', 'gql', 'promql', 'protobuf', 'proto', 'cue', 'jsonnet', 'plain', 'no-highlight', 'console', 'zsh', 'ps1', 'pwsh', 'docker', 'caddyfile', 'cql']);

/** Whether Hugo's Chroma would highlight this language; it writes a plain `<pre>` otherwise. */
export function isKnownLanguage(lang: string): boolean {
  const l = lang.toLowerCase();
  return !!chromaLexerFor(l) || !!hljs.getLanguage(l) || CHROMA_EXTRA.has(l);
}

/** The whole Chroma-shaped block for a code fence or a highlight shortcode. */
export function renderHighlightedBlock(code: string, lang: string, options: HighlightOptions = {}): string {
  if (lang && !isKnownLanguage(lang)) {
    return `<pre tabindex="0"><code class="language-${escapeHtml(lang)}" data-lang="${escapeHtml(lang)}">${escapeHtml(code.replace(/\n+$/, '') + '\n')}</code></pre>`;
  }
  const lines = highlightLines(code.replace(/\n+$/, '') + '\n', lang);
  const start = options.lineNoStart ?? 1;
  const hl = options.hlLines ?? new Set<number>();
  const isHl = (i: number) => hl.has(i + 1);
  const codeAttrs = lang ? ` class="language-${escapeHtml(lang)}" data-lang="${escapeHtml(lang)}"` : '';
  let mode = options.lineNos;
  if (mode === true) mode = options.lineNumbersInTable === false ? 'inline' : 'table';
  if (mode === 'table') {
    const numbers = lines.map((_, i) => `<span class="lnt${isHl(i) ? ' hl' : ''}">${start + i}\n</span>`).join('');
    const body = lines.map((l, i) => `<span class="line${isHl(i) ? ' hl' : ''}"><span class="cl">${l}</span></span>`).join('');
    return (
      `<div class="highlight"><div class="chroma">\n<table class="lntable"><tr><td class="lntd">\n` +
      `<pre tabindex="0" class="chroma"><code>${numbers}</code></pre></td>\n<td class="lntd">\n` +
      `<pre tabindex="0" class="chroma"><code${codeAttrs}>${body}</code></pre></td></tr></table>\n</div>\n</div>`
    );
  }
  const body = lines
    .map((l, i) => {
      const ln = mode === 'inline' ? `<span class="ln">${start + i}</span>` : '';
      return `<span class="line${isHl(i) ? ' hl' : ''}">${ln}<span class="cl">${l}</span></span>`;
    })
    .join('');
  return `<div class="highlight"><pre tabindex="0" class="chroma"><code${codeAttrs}>${body}</code></pre></div>`;
}

/** Parses Hugo's hl_lines: "2 4-6" or "[2, 4-6]". */
export function parseHlLines(value: unknown): Set<number> {
  const out = new Set<number>();
  const text = Array.isArray(value) ? value.join(' ') : String(value ?? '');
  for (const part of text.replace(/[[\]"]/g, ' ').split(/[\s,]+/)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) continue;
    const from = Number(range[1]);
    const to = range[2] ? Number(range[2]) : from;
    for (let n = from; n <= to && n - from < 10000; n++) out.add(n);
  }
  return out;
}

/** Parses `linenos=table, hl_lines=[1 3], linenostart=5` (the highlight shortcode's third argument and fence attributes). */
export function parseHighlightOptions(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|[^,\s}]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1].toLowerCase()] = m[2].replace(/^["']|["']$/g, '');
  return out;
}

export function highlightOptionsFrom(settings: Record<string, unknown>, overrides: Record<string, string>): HighlightOptions {
  const merged: Record<string, unknown> = { ...lowerKeys(settings), ...overrides };
  const ln = merged['linenos'];
  const lineNos = ln === true || ln === 'true' || ln === 'table' ? (ln === 'table' ? 'table' : true) : ln === 'inline' ? 'inline' : false;
  const table = merged['linenumbersintable'];
  return {
    lineNos,
    lineNumbersInTable: !(table === false || table === 'false'),
    lineNoStart: Number(merged['linenostart'] ?? 1) || 1,
    hlLines: parseHlLines(merged['hl_lines']),
  };
}

function lowerKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k.toLowerCase()] = v;
  return out;
}
