/**
 * Liquid in a Jekyll post for the preview, before Markdown as Jekyll runs it: `{% highlight lang %}`
 * becomes a fenced code block, `{% raw %}` bodies stay as written, comments go, `{% post_url %}` and
 * `{% link %}` become the page's URL, `{{ site.baseurl }}`, `relative_url`/`absolute_url` and simple
 * `page.x`/`site.x` outputs their values; control-flow tags are dropped (their content shown), and
 * other tags (`include`…) show as code. Pure: the URLs come from the caller.
 */
import { scanLiquid } from '../parse/liquid';

export interface LiquidPreviewInput {
  /** The site config (`url`, `baseurl`, other `site.x`). */
  config: Record<string, unknown>;
  /** The page's front matter (`page.x`). */
  page: Record<string, unknown>;
  /** The URL of a `{% post_url %}` / `{% link %}` target, undefined when it names nothing. */
  linkUrl?(tag: 'post_url' | 'link', target: string): string | undefined;
}

const FLOW = new Set(['if', 'elsif', 'else', 'endif', 'unless', 'endunless', 'case', 'when', 'endcase', 'for', 'endfor', 'break', 'continue', 'assign', 'capture', 'endcapture', 'increment', 'decrement', 'cycle', 'tablerow', 'endtablerow', 'ifchanged', 'endifchanged', '#', 'liquid', 'echo']);

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The value of a simple output (`site.baseurl`, `'/x' | relative_url`, `page.title`), else undefined. */
function outputValue(expr: string, input: LiquidPreviewInput): string | undefined {
  const url = (scalar(input.config['url']) ?? '').replace(/\/$/, '');
  const base = (scalar(input.config['baseurl']) ?? '').replace(/\/$/, '');
  const m = /^(["'])([^"']*)\1\s*\|\s*(relative_url|absolute_url)$/.exec(expr);
  if (m) {
    const path = m[2].startsWith('/') || !m[2] ? m[2] : '/' + m[2];
    return (m[3] === 'absolute_url' ? url : '') + base + path;
  }
  const v = /^(site|page)\.([\w-]+)$/.exec(expr);
  if (v) return scalar((v[1] === 'site' ? input.config : input.page)[v[2]]) ?? '';
  return undefined;
}

/** The body with Liquid expanded as far as the preview can without a template run. */
export function expandLiquidForPreview(body: string, input: LiquidPreviewInput): string {
  if (!body.includes('{%') && !body.includes('{{')) return body;
  const scan = scanLiquid(body, 0);
  type Piece = { start: number; end: number; text: string };
  const pieces: Piece[] = [];
  const highlightAt = new Map(scan.highlights.map((h) => [h.span.start, h]));
  // Tags and outputs come in source order, none inside raw or comment bodies (scanLiquid skips them).
  let skipUntil = -1;
  const tags = scan.tags;
  for (let k = 0; k < tags.length; k++) {
    const t = tags[k];
    if (t.span.start < skipUntil) continue;
    const h = highlightAt.get(t.span.start);
    if (h) {
      // The tags become the fences, on the lines they stand on (the preview's line map stays true).
      const code = body.slice(h.inner.start, h.inner.end);
      const fence = code.includes('```') ? '~~~~' : '```';
      const atLineStart = (i: number) => i === 0 || body[i - 1] === '\n';
      const open = (atLineStart(h.span.start) ? '' : '\n') + fence + h.lang + (code.startsWith('\n') || code.startsWith('\r\n') ? '' : '\n');
      const close = (atLineStart(h.inner.end) ? '' : '\n') + fence + (h.span.end < body.length && body[h.span.end] !== '\n' && body[h.span.end] !== '\r' ? '\n' : '');
      pieces.push({ start: h.span.start, end: h.span.end, text: open + code + close });
      skipUntil = h.span.end;
      continue;
    }
    let text: string;
    if (t.name === 'raw' || t.name === 'endraw') text = '';
    else if (t.name === 'comment') {
      // The next tag is its endcomment (the body between is skipped by the scan).
      const close = tags[k + 1]?.name === 'endcomment' ? tags[k + 1] : undefined;
      const end = close ? close.span.end : body.length;
      pieces.push({ start: t.span.start, end, text: '\n'.repeat((body.slice(t.span.start, end).match(/\n/g) ?? []).length) });
      skipUntil = end;
      continue;
    } else if (t.name === 'post_url' || t.name === 'link') text = input.linkUrl?.(t.name, t.markup.split(/\s+/)[0] ?? '') ?? `${t.markup}`;
    else if (FLOW.has(t.name)) text = '';
    else text = '`' + body.slice(t.span.start, t.span.end).replace(/`/g, "'") + '`';
    pieces.push({ start: t.span.start, end: t.span.end, text });
  }
  // Outputs outside the pieces above (a highlight body, a comment): one pass, both lists in order.
  let p = 0;
  const tagPieces = pieces.length;
  for (const o of scan.outputs) {
    while (p < tagPieces && pieces[p].end <= o.span.start) p++;
    if (p < tagPieces && pieces[p].start <= o.span.start) continue;
    const v = outputValue(o.expr, input);
    if (v !== undefined) pieces.push({ start: o.span.start, end: o.span.end, text: v });
  }
  pieces.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const p of pieces) {
    if (p.start < at) continue;
    out += body.slice(at, p.start) + p.text;
    at = p.end;
  }
  return out + body.slice(at);
}
