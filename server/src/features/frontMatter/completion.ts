/**
 * Front matter completion from what the blog already uses: taxonomy terms ranked by use, related
 * posts ranked by shared terms, keys, and the small sets of values some keys take.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BlogIndex } from '../../index/blogIndex';
import type { PostEntry } from '../../index/postReader';
import type { FmList, FrontMatterFormat } from '../../parse/frontMatter';
import { findEntry, parseFrontMatter } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';
import { DATE_KEYS, knownKeys } from '../../site/knownKeys';
import { foldTerm, formatCount } from '../../text';
import { parsedFrontMatter } from './access';
import { mostlyLists } from './diagnostics';
import { frontMatterCursor, type CursorPlace } from './context';
import { yamlNeedsQuotes } from './edits';
import { rankRelatedCandidates, relatedEntryFor, resolveRelatedByFile, sharedTerms, suggestRelated, type RelatedSuggestion } from './relatedPosts';
import { entryUnderScheme, relatedScheme } from './relatedScheme';
import { describeSuggestion, suggestTerms } from './termSuggestions';

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
    for (const s of place.siblings) listed.add(s);
    if (key === 'related') {
      const items = relatedItems(ctx, doc, listed, place.prefix, edit);
      return { isIncomplete: items.length >= RELATED_LIMIT, items };
    }
    if (taxonomy) return termItems(ctx, doc, taxonomy.plural, listed, place.prefix, edit);
    return valueItems(ctx.index, place.key, place.prefix, edit, listed);
  }
  // A scalar value.
  if (taxonomy) {
    if (cursor.format === 'yaml' && place.prefix === '') return [];
    // `tags = ` on a blog whose posts give lists: the term goes in as a one-item list.
    const asList = mostlyLists(ctx, taxonomy.plural) ? edit.asList() : edit;
    return termItems(ctx, doc, taxonomy.plural, new Set(), place.prefix, asList);
  }
  if (key === 'related') return [];
  if (DATE_KEYS.has(key)) return dateItems(ctx.index, place.key, edit);
  return valueItems(ctx.index, place.key, place.prefix, edit, new Set());
}

/**
 * Builds the text edit that replaces what was typed with the chosen value, quoted as the format needs.
 * The range never leaves the cursor's line and covers only the token being typed: an unclosed quote
 * is closed by the inserted text, never by a quote further down the file.
 */
class EditBuilder {
  range: Range;
  private closingQuotePresent: boolean;
  /** Inserts a one-item list rather than a scalar. */
  private list = false;

  constructor(
    private readonly doc: TextDocument,
    text: string,
    offset: number,
    readonly format: FrontMatterFormat,
    readonly place: CursorPlace,
  ) {
    const end = tokenEnd(text, offset, format, place);
    this.closingQuotePresent = end.closed;
    this.range = { start: doc.positionAt(place.start), end: doc.positionAt(end.end) };
  }

  /** The text that inserts `value` here. */
  value(value: string): string {
    if (this.list) return `[${this.format === 'yaml' && !yamlNeedsQuotes(value, true) ? value : JSON.stringify(value)}]`;
    const quote = quoteOf(this.place);
    if (quote) return escapeIn(value, quote) + (this.closingQuotePresent ? '' : quote);
    if (this.format !== 'yaml') return JSON.stringify(value);
    const inFlow = this.place.kind === 'item' && this.place.flow;
    return yamlNeedsQuotes(value, inFlow) ? JSON.stringify(value) : value;
  }

  /** Whether `value` can be written here: a TOML literal string (`'…'`) cannot hold a `'` or a line break. */
  canWrite(value: string): boolean {
    return this.list || quoteOf(this.place) !== "'" || this.format === 'yaml' || !/['\r\n]/.test(value);
  }

  /** The same place, inserting a one-item list (`tags = "|` → `tags = ["llms"]`): the quote typed is replaced too. */
  asList(): EditBuilder {
    const copy = Object.create(EditBuilder.prototype) as EditBuilder;
    Object.assign(copy, this);
    copy.list = true;
    if (quoteOf(this.place)) {
      const start = this.doc.offsetAt(this.range.start) - 1;
      const end = this.doc.offsetAt(this.range.end) + (this.closingQuotePresent ? 1 : 0);
      copy.range = { start: this.doc.positionAt(start), end: this.doc.positionAt(end) };
      copy.closingQuotePresent = false;
    }
    return copy;
  }
}

/** The offset of the end of the cursor's line (before any CR). */
function endOfLine(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text[end - 1] === '\r') end--;
  return end;
}

/** The offset (in `rest`) of the first quote that would end a string opened with `quote`, escapes skipped. */
function firstClosingQuote(rest: string, quote: string, format: FrontMatterFormat): number {
  for (let i = 0; i < rest.length; i++) {
    if (quote === '"' && rest[i] === '\\') i++;
    else if (rest[i] === quote) {
      if (quote === "'" && format === 'yaml' && rest[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/**
 * Where the token being typed ends: the rest of the word after the cursor (`ll|ms`), up to the
 * quote that closes the one opened, and never past the end of the line.
 */
export function tokenEnd(text: string, offset: number, format: FrontMatterFormat, place: CursorPlace): { end: number; closed: boolean } {
  const lineEnd = endOfLine(text, offset);
  const rest = text.slice(offset, lineEnd);
  if (place.kind === 'key') {
    const m = /^[\w-]*/.exec(rest)!;
    return { end: offset + m[0].length, closed: false };
  }
  const flow = place.kind === 'item' ? place.flow || format !== 'yaml' : format !== 'yaml';
  if (place.quote) {
    // The next quote on the line may close ours (`"ll|ms"`) or belong to another item (`"ll|, "go"]`):
    // the reading under which the front matter parses wins; else a quote the value could end at.
    const close = firstClosingQuote(rest, place.quote, format);
    const unclosed = unclosedEnd(rest, flow);
    if (close >= 0) {
      const parsesWith = (end: number, closing: string) => frontMatterParses(text.slice(0, place.start) + 'x' + closing + text.slice(end));
      const closedOk = parsesWith(offset + close, '');
      const unclosedOk = parsesWith(offset + unclosed, place.quote);
      if (closedOk !== unclosedOk ? closedOk : (flow ? /^\s*([,\]}]|#|$)/ : /^\s*(#|$)/).test(rest.slice(close + 1))) return { end: offset + close, closed: true };
    }
    return { end: offset + unclosed, closed: false };
  }
  const m = flow ? /^[^,\]}"'#]*/.exec(rest)! : /^(?:[^#]|(?<!\s)#)*/.exec(rest)!;
  return { end: offset + m[0].replace(/\s+$/, '').length, closed: false };
}

/** Unclosed: the typed word goes to the end of the item (a comma or bracket in a list) or of the line. */
function unclosedEnd(rest: string, flow: boolean): number {
  const m = flow ? /^[^,\]}"']*/.exec(rest)! : /^[^"']*/.exec(rest)!;
  return m[0].replace(/\s+$/, '').length;
}

function frontMatterParses(text: string): boolean {
  return parseFrontMatter(text).problems.length === 0;
}

function escapeIn(value: string, quote: string): string {
  if (quote === "'") return value.replace(/'/g, "''");
  return JSON.stringify(value).slice(1, -1);
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

/**
 * Terms of a taxonomy: those the most similar posts use first (weighted by how similar they are),
 * then the rest by use; or by use alone (blogAuthor.suggestions.rankBy: "use").
 */
function termItems(ctx: FeatureContext, doc: TextDocument, taxonomy: string, listed: Set<string>, prefix: string, edit: EditBuilder): CompletionItem[] {
  const limit = ctx.settings.maxCompletionItems;
  // The document itself is in the index (its unsaved text too); counts are of the other posts.
  const self = ctx.index.get(ctx.uris.toPath(doc.uri));
  // Enough for the list even when the ones already listed or not matching the prefix are skipped.
  const enough = prefix ? undefined : limit + listed.size;
  const { suggestions, voters } = suggestTerms(ctx.index, self, taxonomy, [], { byUseOnly: ctx.settings.suggestionsRankBy === 'use', limit: enough });
  const out: CompletionItem[] = [];
  for (const s of suggestions) {
    const term = s.term;
    // Counts are of the other posts; a half-typed word used nowhere else is not a term.
    if (listed.has(term) || s.count === 0 || !edit.canWrite(term)) continue;
    const m = matches(term, prefix);
    if (!m.ok) continue;
    const posts = `${formatCount(s.count)} post${s.count === 1 ? '' : 's'}`;
    const why = describeSuggestion(s, voters, formatCount);
    out.push({
      label: term,
      labelDetails: { description: s.inSimilar ? `${s.inSimilar}/${voters} similar · ${posts}` : posts },
      kind: CompletionItemKind.Value,
      detail: `${term} · ${why}`,
      documentation: {
        kind: MarkupKind.Markdown,
        value: `\`${taxonomy}\` term used by ${posts} of this blog.${s.inSimilar ? `\n\nUsed by ${s.inSimilar} of the ${voters} posts whose text is most like this one.` : ''}`,
      },
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
  const self = ctx.index.get(ctx.uris.toPath(doc.uri));
  // A short list reads better and stays fast; typing narrows it (the list is marked incomplete).
  const limit = Math.min(ctx.settings.maxCompletionItems, RELATED_LIMIT);
  // Entries as the site writes them (relatedScheme.ts): a file name, or e.g. another article's `class`.
  const { scheme } = relatedScheme(ctx.index, resolveRelatedByFile);
  const entryOf = (p: PostEntry) => entryUnderScheme(ctx.index, p, resolveRelatedByFile) ?? relatedEntryFor(p);
  const fits = (p: PostEntry) => (!scheme.scopeByLang || p.lang === self?.lang) && (scheme.interpretation === 'file' || entryUnderScheme(ctx.index, p, resolveRelatedByFile) !== undefined);
  const plain = scheme.interpretation === 'file' && !scheme.scopeByLang;
  // File names (the common case) with nothing typed: no filter, so the ranking keeps its fast path.
  const accept = plain && !prefix ? undefined : (p: PostEntry) => fits(p) && (!prefix || matches(entryOf(p), prefix).ok || matches(p.title, prefix).ok) && !listed.has(entryOf(p));
  const candidates: RelatedSuggestion[] =
    ctx.settings.suggestionsRankBy === 'use'
      ? rankRelatedCandidates(ctx.index, self, listed, limit, accept).map((post) => ({ post, score: 0, words: [], terms: self ? sharedTerms(self.terms, post.terms) : [] }))
      : suggestRelated(ctx.index, self, listed, limit, accept);
  const out: CompletionItem[] = [];
  for (const { post, words, terms } of candidates) {
    const entry = entryOf(post);
    const date = post.date?.slice(0, 10) ?? '';
    const why = [words.length ? `shares words: ${words.join(', ')}` : '', terms.length ? `${words.length ? 'tags' : 'shares tags'}: ${terms.map((t) => `\`${t}\``).join(', ')}` : ''].filter(Boolean).join('; ');
    // The title tells posts apart better than a dated slug, and the narrow list cuts the description first:
    // title as the label, the date beside it, the file name (what is inserted) in the detail.
    const title = post.title.trim();
    out.push({
      label: title || entry,
      labelDetails: { detail: '', description: date },
      kind: CompletionItemKind.File,
      detail: title ? entry : date,
      documentation: {
        kind: MarkupKind.Markdown,
        value: `**${post.title}**${date ? ` — ${date}` : ''}\n\n${why ? `Why: ${why.charAt(0).toUpperCase() + why.slice(1)}\n\n` : ''}${post.summary}`,
      },
      sortText: rankText(out.length),
      // Typing part of the title finds the post too.
      filterText: `${entry} ${post.title}`,
      textEdit: { range: edit.range, newText: edit.value(entry) },
    });
  }
  return out;
}

function keyItems(ctx: FeatureContext, doc: TextDocument, prefix: string, format: FrontMatterFormat, edit: EditBuilder): CompletionItem[] {
  const present = new Set(parsedFrontMatter(ctx, doc).entries.map((e) => e.key.toLowerCase()));
  // Keys are case-insensitive in Hugo: `series` (211 posts) and `Series` (1) are one key, spelled as most posts do.
  const used = new Map<string, { term: string; count: number; best: number }>();
  for (const k of ctx.index.keys()) {
    const u = used.get(k.term.toLowerCase());
    if (!u) used.set(k.term.toLowerCase(), { term: k.term, count: k.count, best: k.count });
    else {
      u.count += k.count;
      if (k.count > u.best) Object.assign(u, { term: k.term, best: k.count });
    }
  }
  const known = knownKeys(ctx.site.generator);
  const taxonomyKeys = ctx.site.taxonomies.map((t) => t.plural);
  const candidates = new Map<string, { key: string; count: number; doc?: string }>();
  for (const [lower, k] of used) candidates.set(lower, { key: k.term, count: k.count });
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
    if (listed.has(term) || !matches(term, prefix).ok || !edit.canWrite(term)) continue;
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
