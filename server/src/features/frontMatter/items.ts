/**
 * The values of a parsed front matter that features point at: `related` entries and taxonomy terms,
 * each with the exact span of its text (inside the quotes).
 */
import type { FmEntry, FmScalar, FmValue, FrontMatter } from '../../parse/frontMatter';
import type { Span } from '../../parse/types';
import type { SiteModel } from '../../site/siteModel';

export interface ValueItem {
  /** The front matter key as written (`tags`, `Tags`, `related`). */
  key: string;
  entry: FmEntry;
  scalar: FmScalar;
  value: string;
  /** The text of the value without its quotes. */
  inner: Span;
  /** Whether the scalar is one item of a list (or the whole value). */
  inList: boolean;
  flow: boolean;
  index: number;
}

export function innerSpan(s: FmScalar): Span {
  return s.quote ? { start: s.span.start + 1, end: Math.max(s.span.start + 1, s.span.end - 1) } : s.span;
}

/** One item; with `taxonomy`, it carries it (made so at once, not copied after). A function, not a closure per entry: `check` asks for every post. */
function makeItem(entry: FmEntry, taxonomy: string | undefined, scalar: FmScalar, inList: boolean, flow: boolean, index: number): ValueItem {
  const value = String(scalar.value);
  const inner = innerSpan(scalar);
  return taxonomy === undefined
    ? { key: entry.key, entry, scalar, value, inner, inList, flow, index }
    : ({ key: entry.key, entry, scalar, value, inner, inList, flow, index, taxonomy } as ValueItem);
}

/** The scalar items of an entry; with `taxonomy`, each item carries it. */
function scalarItems(entry: FmEntry, taxonomy?: string): ValueItem[] {
  const value: FmValue | undefined = entry.value;
  if (!value) return [];
  if (value.kind === 'scalar') return value.value === null ? [] : [makeItem(entry, taxonomy, value, false, false, 0)];
  if (value.kind === 'list') {
    const out: ValueItem[] = [];
    const items = value.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'scalar' && item.value !== null && typeof item.value !== 'object') out.push(makeItem(entry, taxonomy, item, true, value.flow, i));
    }
    return out;
  }
  return [];
}

/** The items of `related`. */
export function relatedItems(fm: FrontMatter): ValueItem[] {
  const out: ValueItem[] = [];
  for (const e of fm.entries) if (e.key.toLowerCase() === 'related') out.push(...scalarItems(e));
  return out;
}

const taxonomyNames = new WeakMap<SiteModel['taxonomies'], Set<string>>();

/** The terms of every taxonomy the site declares, with the taxonomy's plural name. */
export function termItems(fm: FrontMatter, site: SiteModel): (ValueItem & { taxonomy: string })[] {
  // Asked for every post in `check`: the set of names once per site's taxonomy list.
  let taxonomies = taxonomyNames.get(site.taxonomies);
  if (!taxonomies) taxonomyNames.set(site.taxonomies, (taxonomies = new Set(site.taxonomies.map((t) => t.plural))));
  const out: (ValueItem & { taxonomy: string })[] = [];
  for (const e of fm.entries) {
    const taxonomy = e.key.toLowerCase();
    if (!taxonomies.has(taxonomy)) continue;
    out.push(...(scalarItems(e, taxonomy) as (ValueItem & { taxonomy: string })[]));
  }
  return out;
}

export function itemAt<T extends ValueItem>(items: T[], offset: number): T | undefined {
  return items.find((i) => offset >= i.scalar.span.start && offset <= i.scalar.span.end);
}
