/**
 * Diagnostics of the front matter: syntax errors, `related` entries that name no post, terms that
 * differ from the blog's spelling only by case or accents, misspelt keys, dates that do not parse.
 * Each carries its quick fixes in `data.fixes`, so code actions need no second analysis.
 */
import { DiagnosticSeverity, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrontMatter, FrontMatterFormat } from '../../parse/frontMatter';
import type { Span } from '../../parse/types';
import type { FeatureContext } from '../../service';
import { DATE_KEYS, knownKeys } from '../../site/knownKeys';
import { closestName, foldTerm, formatCount, nearestNames } from '../../text';
import { DIAGNOSTIC_SOURCE, problemToDiagnostic } from '../diagnostics';
import { parsedFrontMatter } from './access';
import { relatedItems, termItems } from './items';
import { removeListItem, replaceValue } from './edits';
import { relatedEntryFor, resolveRelated } from './relatedPosts';

export const FRONT_MATTER_RULES = {
  syntax: 'frontmatter-syntax',
  relatedMissing: 'related-missing',
  relatedDuplicate: 'related-duplicate',
  relatedSelf: 'related-self',
  termVariant: 'taxonomy-case',
  termDuplicate: 'taxonomy-duplicate',
  termScalar: 'taxonomy-scalar',
  keyTypo: 'key-typo',
  dateInvalid: 'date-invalid',
} as const;

interface Fix {
  title: string;
  edits: TextEdit[];
}

interface FixData {
  fixes: Fix[];
}

export function frontMatterDiagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[] {
  const fm = parsedFrontMatter(ctx, doc);
  const out = fm.problems.map((p) => problemToDiagnostic(doc, p));
  if (!fm.block) return out;
  const text = doc.getText();
  const range = (span: Span) => ({ start: doc.positionAt(span.start), end: doc.positionAt(span.end) });
  const add = (span: Span, severity: DiagnosticSeverity, code: string, message: string, fixes: Fix[] = []) =>
    out.push({ range: range(span), severity, code, source: DIAGNOSTIC_SOURCE, message, data: { fixes } satisfies FixData });
  const format = fm.format as FrontMatterFormat;
  const path = ctx.uris.toPath(doc.uri);

  // related
  const seen = new Map<string, number>();
  const related = relatedItems(fm);
  for (const item of related) {
    const posts = resolveRelated(ctx.index, path, item.value);
    if (!posts.length) {
      // Never a fix that would list a post twice, or the post itself.
      const listed = new Set(related.filter((other) => other !== item).flatMap((other) => resolveRelated(ctx.index, path, other.value).map((p) => p.path)));
      listed.add(path);
      const suggestions = nearestPostNames(ctx, item.value, listed);
      const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
      add(item.scalar.span, DiagnosticSeverity.Warning, FRONT_MATTER_RULES.relatedMissing, `No post named '${item.value}'.${hint}`, suggestions.map((s) => ({ title: `Change to '${s}'`, edits: [replaceValue(doc, item, s, format)] })));
    } else if (includesPath(posts, path)) {
      add(item.scalar.span, DiagnosticSeverity.Warning, FRONT_MATTER_RULES.relatedSelf, `'${item.value}' is this post itself.`, item.inList ? [{ title: 'Remove this entry', edits: [removeListItem(doc, text, item, format)] }] : []);
    }
    const key = posts[0]?.path ?? item.value;
    if (seen.has(key)) add(item.scalar.span, DiagnosticSeverity.Warning, FRONT_MATTER_RULES.relatedDuplicate, `'${item.value}' is already listed.`, item.inList ? [{ title: 'Remove the duplicate', edits: [removeListItem(doc, text, item, format)] }] : []);
    else seen.set(key, item.index);
  }

  // taxonomy terms
  const byTaxonomy = new Map<string, Map<string, number>>();
  for (const item of termItems(fm, ctx.site)) {
    const folded = foldTerm(item.value);
    const inList = byTaxonomy.get(item.taxonomy) ?? new Map<string, number>();
    byTaxonomy.set(item.taxonomy, inList);
    if (inList.has(folded)) {
      add(item.scalar.span, DiagnosticSeverity.Warning, FRONT_MATTER_RULES.termDuplicate, `'${item.value}' is already in ${item.key}.`, item.inList ? [{ title: 'Remove the duplicate', edits: [removeListItem(doc, text, item, format)] }] : []);
      continue;
    }
    inList.set(folded, item.index);
    const preferred = preferredSpelling(ctx, item.taxonomy, item.value);
    if (preferred) {
      add(
        item.inner,
        DiagnosticSeverity.Warning,
        FRONT_MATTER_RULES.termVariant,
        `'${item.value}' differs only by case or accents from '${preferred.term}', which ${formatCount(preferred.count)} post${preferred.count === 1 ? ' uses' : 's use'} (this spelling: ${formatCount(ctx.index.termCount(item.taxonomy, item.value))}).`,
        [{ title: `Change to '${preferred.term}'`, edits: [replaceValue(doc, item, preferred.term, format)] }],
      );
    }
    if (!item.inList && mostlyLists(ctx, item.taxonomy)) {
      add(item.scalar.span, DiagnosticSeverity.Information, FRONT_MATTER_RULES.termScalar, `${item.key} is a single value here; the blog's other posts give a list.`, [
        { title: `Make it a list: [${item.value}]`, edits: [{ range: range(item.scalar.span), newText: `[${item.scalar.text}]` }] },
      ]);
    }
  }

  // keys and dates
  let present: Set<string> | undefined;
  const presentKeys = () => (present ??= new Set(fm.entries.map((e) => e.key.toLowerCase())));
  for (const entry of fm.entries) {
    const suggestion = misspeltKey(ctx, entry.key, presentKeys);
    if (suggestion) {
      add(entry.keySpan, DiagnosticSeverity.Warning, FRONT_MATTER_RULES.keyTypo, `Unknown key '${entry.key}': did you mean '${suggestion}'?`, [
        { title: `Change to '${suggestion}'`, edits: [{ range: range(keyTextSpan(text, entry.keySpan)), newText: suggestion }] },
      ]);
    }
    if (DATE_KEYS.has(entry.key.toLowerCase()) && entry.value?.kind === 'scalar' && typeof entry.value.value === 'string' && !isHugoDate(entry.value.value)) {
      add(entry.value.span, DiagnosticSeverity.Warning, FRONT_MATTER_RULES.dateInvalid, `'${entry.value.value}' is not a date ${ctx.site.generator === 'jekyll' ? 'Jekyll' : 'Hugo'} can read (e.g. 2024-04-19 or 2024-04-19T10:00:00+02:00).`);
    }
  }
  return out;
}

/** Whether `posts` holds the post at `path` (a loop, not a closure per `related` entry). */
function includesPath(posts: readonly { path: string }[], path: string): boolean {
  for (let i = 0; i < posts.length; i++) if (posts[i].path === path) return true;
  return false;
}

/** The key's own text (inside quotes, for TOML/JSON quoted keys). */
function keyTextSpan(text: string, span: Span): Span {
  const raw = text.slice(span.start, span.end);
  return /^["']/.test(raw) ? { start: span.start + 1, end: span.end - 1 } : span;
}

/** The spelling most posts use, when `term` is a minority variant of it (ties go to the first in order). */
function preferredSpelling(ctx: FeatureContext, taxonomy: string, term: string): { term: string; count: number } | undefined {
  // Once per spelling and index generation: the blog's posts share their terms.
  let memo = preferredMemo.get(ctx.index);
  if (!memo || memo.generation !== ctx.index.generation) preferredMemo.set(ctx.index, (memo = { generation: ctx.index.generation, found: new Map() }));
  const key = `${taxonomy}\0${term}`;
  if (memo.found.has(key)) return memo.found.get(key);
  const found = findPreferredSpelling(ctx, taxonomy, term);
  memo.found.set(key, found);
  return found;
}

const preferredMemo = new WeakMap<object, { generation: number; found: Map<string, { term: string; count: number } | undefined> }>();

function findPreferredSpelling(ctx: FeatureContext, taxonomy: string, term: string): { term: string; count: number } | undefined {
  const variants = ctx.index.termVariants(taxonomy, term);
  if (!variants.length) return undefined;
  const own = ctx.index.termCount(taxonomy, term);
  const best = [...variants].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))[0];
  if (best.count > own || (best.count === own && best.term.localeCompare(term) < 0)) return best;
  return undefined;
}

const mostlyListsCache = new WeakMap<object, { generation: number; result: Map<string, boolean> }>();

/** Whether the blog's posts give this taxonomy as a list rather than a single value. */
export function mostlyLists(ctx: FeatureContext, taxonomy: string): boolean {
  let cached = mostlyListsCache.get(ctx.index);
  if (!cached || cached.generation !== ctx.index.generation) mostlyListsCache.set(ctx.index, (cached = { generation: ctx.index.generation, result: new Map() }));
  if (!cached.result.has(taxonomy)) {
    let lists = 0;
    let scalars = 0;
    for (const post of ctx.index.posts.values()) {
      if (!post.terms.has(taxonomy)) continue;
      if (post.scalarTaxonomies.includes(taxonomy)) scalars++;
      else lists++;
    }
    cached.result.set(taxonomy, lists > scalars * 3);
  }
  return cached.result.get(taxonomy)!;
}

interface KeyTable {
  generation: number;
  site: object;
  /** Lower-cased key → its spelling: the generator's keys, the taxonomies and the blog's common keys. */
  known: Map<string, string>;
  /** `known`'s entries, listed once (every unknown key of every post is compared with them). */
  knownList: [string, string][];
  /** How many posts use each key, as spelled. */
  counts: Map<string, number>;
}

const keyTables = new WeakMap<object, KeyTable>();

/** The keys a post's keys are checked against: derived once per index generation, not once per key. */
function keyTable(ctx: FeatureContext): KeyTable {
  const cached = keyTables.get(ctx.index);
  if (cached && cached.generation === ctx.index.generation && cached.site === ctx.site) return cached;
  const known = new Map<string, string>();
  for (const k of knownKeys(ctx.site.generator)) known.set(k.key.toLowerCase(), k.key);
  for (const t of ctx.site.taxonomies) known.set(t.plural, t.plural);
  const common = Math.max(3, Math.ceil(ctx.index.posts.size * 0.01));
  const builtin = new Set(known.keys());
  const keys = ctx.index.keys();
  // A common key is the blog's own, unless it is a known key with a stray dash (`-categories`).
  for (const k of keys) {
    const l = k.term.toLowerCase();
    if (k.count >= common && !known.has(l) && !(stripKeyPunctuation(l) !== l && builtin.has(stripKeyPunctuation(l)))) known.set(l, k.term);
  }
  const table = { generation: ctx.index.generation, site: ctx.site, known, knownList: [...known], counts: new Map(keys.map((k) => [k.term, k.count])) };
  keyTables.set(ctx.index, table);
  return table;
}

const stripKeyPunctuation = (k: string) => k.replace(/^[-_+\s]+|[-_+\s]+$/g, '');

/** A key that is not the generator's, not a taxonomy, and rarely used, but close to one that is. */
function misspeltKey(ctx: FeatureContext, key: string, presentKeys: () => Set<string>): string | undefined {
  const lower = key.toLowerCase();
  const { known, knownList, counts } = keyTable(ctx);
  if (known.has(lower)) return undefined;
  const present = presentKeys();
  // `-categories:` is a slip however many posts share it (a commented-out line gone wrong): checked first.
  const stripped = stripKeyPunctuation(lower);
  if (stripped !== lower && known.has(stripped) && !present.has(stripped)) return known.get(stripped);
  // A key several posts share is the blog's own, not a slip of the finger.
  if ((counts.get(key) ?? 0) >= 3) return undefined;
  const max = lower.length >= 8 ? 2 : lower.length >= 4 ? 1 : 0;
  const absent = knownList.filter(([k]) => !present.has(k) && Math.abs(k.length - lower.length) <= 2);
  const best = closestName(lower, absent, max, { nameOf: ([k]) => k })?.[1];
  if (!best) {
    // Swapped letters (descritpion) count as one mistake.
    for (const [k, spelled] of known) if (!present.has(k) && isSwap(lower, k)) return spelled;
  }
  return best;
}

function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

const HUGO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)?$/;

/** Hugo reads ISO 8601 / RFC 3339 dates and a few variants; this accepts those shapes. */
export function isHugoDate(value: string): boolean {
  const v = value.trim();
  const match = HUGO_DATE.exec(v);
  if (!match) return !isNaN(Date.parse(v)) && /\d{4}/.test(v);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y > 0;
}

/** Related names closest to a missing one: same name with another year first, then by edit distance. */
function nearestPostNames(ctx: FeatureContext, entry: string, listed: Set<string> = new Set()): string[] {
  const names = new Set<string>();
  for (const post of ctx.index.posts.values()) if (!post.isSection && !listed.has(post.path)) names.add(relatedEntryFor(post));
  const scored = nearestNames(entry, names, Math.max(2, Math.floor(entry.length / 4)));
  scored.sort((a, b) => a.distance - b.distance || a.item.localeCompare(b.item));
  // Names much farther than the nearest one are noise next to it.
  const best = scored[0]?.distance ?? 0;
  return scored.filter((s) => s.distance <= best + 1).slice(0, 3).map((s) => s.item);
}

/** The quick fixes carried by this module's diagnostics. */
export function frontMatterCodeActions(doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    const fixes = (d.data as FixData | undefined)?.fixes;
    if (d.source !== DIAGNOSTIC_SOURCE || !Array.isArray(fixes)) continue;
    fixes.forEach((fix, i) => actions.push({ title: fix.title, kind: 'quickfix', diagnostics: [d], isPreferred: i === 0, edit: { changes: { [doc.uri]: fix.edits } } }));
  }
  return actions;
}
