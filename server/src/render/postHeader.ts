/** The header a post page shows above its content: title, date, taxonomy terms. Front matter is never printed. */
import type { SiteModel } from '../site/siteModel';
import { escapeHtml } from './html';

export interface PostHeader {
  title?: string;
  date?: string;
  draft: boolean;
  terms: { taxonomy: string; terms: string[] }[];
}

function pick(data: Record<string, unknown>, key: string): unknown {
  if (key in data) return data[key];
  const lower = key.toLowerCase();
  const found = Object.keys(data).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : data[found];
}

function asText(v: unknown): string | undefined {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return undefined;
}

export function readPostHeader(data: Record<string, unknown>, site: SiteModel): PostHeader {
  const terms: PostHeader['terms'] = [];
  for (const t of site.taxonomies) {
    const v = pick(data, t.plural);
    const list = (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).map(asText).filter((x): x is string => !!x);
    if (list.length) terms.push({ taxonomy: t.plural, terms: list });
  }
  return { title: asText(pick(data, 'title')), date: asText(pick(data, 'date')), draft: pick(data, 'draft') === true, terms };
}

/** A readable date: `2024-04-19T10:00:00Z` → `2024-04-19`. */
function shortDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? date;
}

export function renderPostHeader(header: PostHeader, bodyLine: number): string {
  const parts: string[] = [];
  if (header.title) parts.push(`<h1 class="ba-post-title">${escapeHtml(header.title)}</h1>`);
  const meta: string[] = [];
  if (header.date) meta.push(`<time datetime="${escapeHtml(header.date)}">${escapeHtml(shortDate(header.date))}</time>`);
  if (header.draft) meta.push('<span class="ba-draft">draft</span>');
  if (meta.length) parts.push(`<div class="ba-post-meta">${meta.join(' ')}</div>`);
  for (const t of header.terms) {
    const items = t.terms.map((term) => `<li class="ba-term">${escapeHtml(term)}</li>`).join('');
    parts.push(`<ul class="ba-terms" data-taxonomy="${escapeHtml(t.taxonomy)}"><li class="ba-terms-label">${escapeHtml(t.taxonomy)}</li>${items}</ul>`);
  }
  if (!parts.length) return '';
  return `<header class="ba-post-header" data-line="0" data-body-line="${bodyLine}">\n${parts.join('\n')}\n</header>\n`;
}
