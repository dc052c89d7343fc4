/**
 * Front matter completion from what the blog already uses: taxonomy terms ranked by use, related
 * posts ranked by shared terms, keys, and the small sets of values some keys take.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BlogIndex } from '../../index/blogIndex';
import type { PostEntry } from '../../index/postReader';
import type { FmList, FrontMatterFormat } from '../../parse/frontMatter';
import { findEntry } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';
import { DATE_KEYS, knownKeys } from '../../site/knownKeys';
import { foldTerm, formatCount } from '../../text';
import { uriToPath } from '../../workspace/workspace';
import { parsedFrontMatter } from './access';
import { frontMatterCursor, type CursorPlace } from './context';
import { rankRelatedCandidates, relatedEntryFor, resolveRelatedByFile } from './relatedPosts';
import { entryUnderScheme, relatedScheme } from './relatedScheme';

export function frontMatterCompletion(ctx: FeatureContext, doc: TextDocument, position: Position): CompletionItem[] | CompletionList | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const cursor = frontMatterCursor(text, offset);
  if (!cursor) return undefined;
  const place = cursor.place;
  if (!place) return [];
  const edit = new EditBuilder(doc, text, offset, cursor.format, place);
  if (place.kind === 'key') return keyItems(ctx, doc, place.prefix, cursor.format, edit);
  const key = place.key.toLowerCase();
  const taxonomy = ctx.site.taxonomies.find((t) => t.plural === key);
  if (place.kind === 'item') {
    const listed = listedValues(ctx, doc, place.key, offset);
    if (key === 'related') {
      const items = relatedItems(ctx, doc, listed, place.prefix, edit);
      return { isIncomplete: items.length >= RELATED_LIMIT, items };
    }
    if (taxonomy) return termItems(ctx.index, taxonomy.plural, listed, place.prefix, edit, ctx.settings.maxCompletionItems, ownTerms(ctx, doc, taxonomy.plural));
    return valueItems(ctx.index, place.key, place.prefix, edit, listed);
  }
  // A scalar value.
  if (taxonomy) {
    if (cursor.format === 'yaml' && place.prefix === '') return [];
    return termItems(ctx.index, taxonomy.plural, new Set(), place.prefix, edit, ctx.settings.maxCompletionItems, ownTerms(ctx, doc, taxonomy.plural));
  }
  if (key === 'related') return [];
  if (DATE_KEYS.has(key)) return dateItems(ctx.index, place.key, edit);
  return valueItems(ctx.index, place.key, place.prefix, edit, new Set());
}

/** Builds the text edit that replaces what was typed with the chosen value, quoted as the format needs. */
class EditBuilder {
  readonly range: Range;
  private readonly closingQuotePresent: boolean;

  constructor(
    doc: TextDocument,
    text: string,
    offset: number,
    readonly format: FrontMatterFormat,
    readonly place: CursorPlace,
  ) {
    // Replace the whole word being typed, also the part after the cursor (`ll|ms`).
    let end = offset;
    const stop = place.kind !== 'key' && place.quote ? place.quote : place.kind === 'item' && (place.flow || format !== 'yaml') ? ',]"\r\n' : '\r\n';
    while (end < text.length && !stop.includes(text[end]) && (place.kind !== 'key' || /[\w-]/.test(text[end]))) end++;
    if (place.kind === 'item' && place.flow && !place.quote) while (end > offset && text[end - 1] === ' ') end--;
    this.closingQuotePresent = place.kind !== 'key' && !!place.quote && text[end] === place.quote;
    this.range = { start: doc.positionAt(place.start), end: doc.positionAt(end) };
  }

  /** The text that inserts `value` here. */
  value(value: string): string {
    const quote = quoteOf(this.place);
    if (quote) return escapeIn(value, quote) + (this.closingQuotePresent ? '' : quote);
    if (this.format !== 'yaml') return JSON.stringify(value);
    const inFlow = this.place.kind === 'item' && this.place.flow;
    return yamlNeedsQuotes(value, inFlow) ? JSON.stringify(value) : value;
  }
}

function escapeIn(value: string, quote: string): string {
  if (quote === "'") return value.replace(/'/g, "''");
  return JSON.stringify(value).slice(1, -1);
}

/** Whether a plain YAML scalar would not read back as this string. */
export function yamlNeedsQuotes(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim()) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /: |\s#|:$/.test(value)) return true;
  if (inFlow && /[,[\]{}]/.test(value)) return true;
  if (/^(true|false|yes|no|on|off|null|~)$/i.test(value)) return true;
  return /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[\da-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value);
}

/** The values already in the list of `key`, except the one under the cursor. */
function listedValues(ctx: FeatureContext, doc: TextDocument, key: string, offset: number): Set<string> {
  const entry = findEntry(parsedFrontMatter(ctx, doc), key);
  const out = new Set<string>();
  if (entry?.value?.kind !== 'list') return out;
  for (const item of (entry.value as FmList).items) {
    if (item.kind !== 'scalar' || item.value === null) continue;
    if (offset >= item.span.start && offset <= item.span.end) continue;
    out.add(String(item.value));
  }
  return out;
}

/** Items whose label matches the typed prefix ignoring case and accents get a filter text the editor accepts. */
function matches(label: string, prefix: string): { ok: boolean; filterText?: string } {
  if (!prefix) return { ok: true };
  const l = foldTerm(label);
  const p = foldTerm(prefix);
  if (l.startsWith(p)) return { ok: true, filterText: label.startsWith(prefix) ? undefined : prefix + label.slice(prefix.length) };
  if (l.includes(p)) return { ok: true };
  return { ok: false };
}

function rankText(rank: number): string {
  return String(rank).padStart(6, '0');
}

/** The terms this document itself contributes to the index (its unsaved text is indexed too). */
function ownTerms(ctx: FeatureContext, doc: TextDocument, taxonomy: string): Set<string> {
  return new Set(ctx.index.get(uriToPath(doc.uri))?.terms.get(taxonomy) ?? []);
}

function termItems(index: BlogIndex, taxonomy: string, listed: Set<string>, prefix: string, edit: EditBuilder, limit: number, own: Set<string>): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const { term, count: total } of index.terms(taxonomy)) {
    // Counts are of the other posts; a half-typed word used nowhere else is not a term.
    const count = total - (own.has(term) ? 1 : 0);
    if (listed.has(term) || count === 0) continue;
    const m = matches(term, prefix);
    if (!m.ok) continue;
    const posts = `${formatCount(count)} post${count === 1 ? '' : 's'}`;
    out.push({
      label: term,
      labelDetails: { description: posts },
      kind: CompletionItemKind.Value,
      detail: `${term} · ${posts}`,
      documentation: { kind: MarkupKind.Markdown, value: `\`${taxonomy}\` term used by ${posts} of this blog.` },
      sortText: rankText(out.length),
      filterText: m.filterText,
      textEdit: { range: edit.range, newText: edit.value(term) },
    });
    if (out.length >= limit) break;
  }
  return out;
}

const RELATED_LIMIT = 50;

function relatedItems(ctx: FeatureContext, doc: TextDocument, listed: Set<string>, prefix: string, edit: EditBuilder): CompletionItem[] {
  const self = ctx.index.get(uriToPath(doc.uri));
  // A short list reads better and stays fast; typing narrows it (the list is marked incomplete).
  const limit = Math.min(ctx.settings.maxCompletionItems, RELATED_LIMIT);
  // Entries as the site writes them (relatedScheme.ts): a file name, or e.g. another article's `class`.
  const { scheme } = relatedScheme(ctx.index, resolveRelatedByFile);
  const entryOf = (p: PostEntry) => entryUnderScheme(ctx.index, p, resolveRelatedByFile) ?? relatedEntryFor(p);
  const fits = (p: PostEntry) => (!scheme.scopeByLang || p.lang === self?.lang) && (scheme.interpretation === 'file' || entryUnderScheme(ctx.index, p, resolveRelatedByFile) !== undefined);
  const accept = (p: PostEntry) => fits(p) && (!prefix || matches(entryOf(p), prefix).ok || matches(p.title, prefix).ok) && !listed.has(entryOf(p));
  const candidates = rankRelatedCandidates(ctx.index, self, listed, limit, accept);
  const out: CompletionItem[] = [];
  for (const post of candidates) {
    const entry = entryOf(post);
    const date = post.date?.slice(0, 10) ?? '';
    const shared = self ? sharedTerms(self.terms, post.terms) : [];
    out.push({
      label: entry,
      labelDetails: { detail: '', description: `${post.title}${date ? ` · ${date}` : ''}` },
      kind: CompletionItemKind.File,
      detail: `${post.title}${date ? ` (${date})` : ''}`,
      documentation: {
        kind: MarkupKind.Markdown,
        value: `**${post.title}**${date ? ` — ${date}` : ''}\n\n${shared.length ? `Shares: ${shared.map((t) => `\`${t}\``).join(', ')}\n\n` : ''}${post.summary}`,
      },
      sortText: rankText(out.length),
      // Typing part of the title finds the post too.
      filterText: `${entry} ${post.title}`,
      textEdit: { range: edit.range, newText: edit.value(entry) },
    });
  }
  return out;
}

function sharedTerms(a: Map<string, string[]>, b: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [tax, terms] of a) {
    const other = new Set((b.get(tax) ?? []).map(foldTerm));
    for (const t of terms) if (other.has(foldTerm(t))) out.push(t);
  }
  return out;
}

function keyItems(ctx: FeatureContext, doc: TextDocument, prefix: string, format: FrontMatterFormat, edit: EditBuilder): CompletionItem[] {
  const present = new Set(parsedFrontMatter(ctx, doc).entries.map((e) => e.key.toLowerCase()));
  const used = new Map(ctx.index.keys().map((k) => [k.term.toLowerCase(), k]));
  const known = knownKeys(ctx.site.generator);
  const taxonomyKeys = ctx.site.taxonomies.map((t) => t.plural);
  const candidates = new Map<string, { key: string; count: number; doc?: string }>();
  for (const k of ctx.index.keys()) if (!candidates.has(k.term.toLowerCase())) candidates.set(k.term.toLowerCase(), { key: k.term, count: k.count });
  for (const k of known) {
    const c = candidates.get(k.key.toLowerCase());
    if (c) c.doc = k.doc;
    else candidates.set(k.key.toLowerCase(), { key: k.key, count: 0, doc: k.doc });
  }
  for (const t of taxonomyKeys) if (!candidates.has(t)) candidates.set(t, { key: t, count: 0, doc: `A taxonomy of this site.` });
  const sep = format === 'toml' ? ' = ' : format === 'json' ? '": ' : ': ';
  const items: CompletionItem[] = [];
  const sorted = [...candidates.values()].filter((c) => !present.has(c.key.toLowerCase())).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  for (const c of sorted) {
    if (!matches(c.key, prefix).ok) continue;
    const count = used.get(c.key.toLowerCase())?.count ?? 0;
    items.push({
      label: c.key,
      labelDetails: { description: count ? `${formatCount(count)} post${count === 1 ? '' : 's'}` : ctx.site.generator === 'jekyll' ? 'Jekyll' : 'Hugo' },
      kind: CompletionItemKind.Property,
      documentation: c.doc ? { kind: MarkupKind.Markdown, value: c.doc } : undefined,
      sortText: rankText(items.length),
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: edit.range, newText: c.key + sep },
      // Ask for value suggestions right away.
      command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    });
  }
  return items;
}

function valueItems(index: BlogIndex, key: string, prefix: string, edit: EditBuilder, listed: Set<string>): CompletionItem[] {
  const known = knownKeys(index.site.generator).find((k) => k.key.toLowerCase() === key.toLowerCase());
  let values = index.valuesOf(key);
  if (!values && known?.kind === 'bool') values = [{ term: 'true', count: 0 }, { term: 'false', count: 0 }];
  if (!values) return [];
  const out: CompletionItem[] = [];
  for (const { term, count } of values) {
    if (listed.has(term) || !matches(term, prefix).ok) continue;
    const isLiteral = /^(true|false|-?\d+(\.\d+)?)$/.test(term);
    out.push({
      label: term,
      labelDetails: count ? { description: `${formatCount(count)} post${count === 1 ? '' : 's'}` } : undefined,
      kind: CompletionItemKind.Value,
      sortText: rankText(out.length),
      // true, false and numbers go in bare unless the user opened a quote.
      textEdit: { range: edit.range, newText: isLiteral && !quoteOf(edit.place) ? term : edit.value(term) },
    });
  }
  return out;
}

type DateShape = 'date' | 'datetime' | 'datetime-frac' | 'datetime-offset' | 'datetime-space';

const SHAPES: [DateShape, RegExp][] = [
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['datetime-offset', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/],
  ['datetime-frac', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+$/],
  ['datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/],
  ['datetime-space', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?/],
];

const shapeCache = new WeakMap<BlogIndex, Map<string, { generation: number; shape: DateShape }>>();

/** The date format most posts use for `key` (sampled). */
export function dominantDateShape(index: BlogIndex, key: string): DateShape {
  let perKey = shapeCache.get(index);
  if (!perKey) shapeCache.set(index, (perKey = new Map()));
  const cached = perKey.get(key);
  if (cached && cached.generation === index.generation) return cached.shape;
  const counts = new Map<DateShape, number>();
  let seen = 0;
  for (const post of index.posts.values()) {
    const raw = post.data[key] ?? post.data[Object.keys(post.data).find((k) => k.toLowerCase() === key.toLowerCase()) ?? ''];
    if (typeof raw !== 'string') continue;
    const shape = SHAPES.find(([, re]) => re.test(raw))?.[0];
    if (shape) counts.set(shape, (counts.get(shape) ?? 0) + 1);
    if (++seen >= 2000) break;
  }
  const shape = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'date';
  perKey.set(key, { generation: index.generation, shape });
  return shape;
}

export function formatDate(now: Date, shape: DateShape): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  const tz = -now.getTimezoneOffset();
  const offset = `${tz >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(tz) / 60))}:${pad(Math.abs(tz) % 60)}`;
  switch (shape) {
    case 'date':
      return date;
    case 'datetime':
      return `${date}T${time}`;
    case 'datetime-frac':
      return `${date}T${time}.${pad(now.getMilliseconds(), 3)}000`;
    case 'datetime-offset':
      return `${date}T${time}${offset}`;
    case 'datetime-space':
      return `${date} ${time}`;
  }
}

function dateItems(index: BlogIndex, key: string, edit: EditBuilder): CompletionItem[] {
  const shape = dominantDateShape(index, key);
  const now = new Date();
  const value = formatDate(now, shape);
  const today = formatDate(now, 'date');
  const items: CompletionItem[] = [
    { label: value, labelDetails: { description: 'now' }, detail: `now, in the format most posts use for ${key}`, kind: CompletionItemKind.Constant, sortText: '0', textEdit: { range: edit.range, newText: dateText(value, edit) } },
  ];
  if (today !== value) items.push({ label: today, labelDetails: { description: 'today' }, kind: CompletionItemKind.Constant, sortText: '1', textEdit: { range: edit.range, newText: dateText(today, edit) } });
  return items;
}

function quoteOf(place: CursorPlace): string {
  return place.kind === 'key' ? '' : place.quote;
}

/** Dates go in as written (TOML takes them bare; YAML and JSON as the user quoted them). */
function dateText(value: string, edit: EditBuilder): string {
  if (quoteOf(edit.place)) return edit.value(value);
  return edit.format === 'json' ? JSON.stringify(value) : value;
}
