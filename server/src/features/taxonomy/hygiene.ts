/**
 * Tag hygiene across the blog, per taxonomy: terms used once, spellings that differ only by case or
 * accents, and near-duplicates (a typo away, or singular and plural). Each finding that can be fixed
 * by a merge names the merge: the less used spelling into the more used one.
 */
import type { FeatureContext } from '../../service';
import { editDistance, foldTerm } from '../../text';
import { taxonomyTerms, type TermGroup, type TermSpelling } from './explorer';

export type { MergeSuggestion, NearDuplicate, TaxonomyHygiene } from '../../../../shared/protocol';
import type { MergeSuggestion, NearDuplicate, TaxonomyHygiene } from '../../../../shared/protocol';

export function hygieneReport(ctx: FeatureContext): TaxonomyHygiene[] {
  return ctx.site.taxonomies.map((t) => taxonomyHygiene(ctx, t.plural));
}

export function taxonomyHygiene(ctx: FeatureContext, taxonomy: string): TaxonomyHygiene {
  const groups = taxonomyTerms(ctx, taxonomy, 'count');
  const usedOnce = groups.filter((g) => g.count === 1).map((g) => g.term).sort((a, b) => a.localeCompare(b));
  const variants = groups
    .filter((g) => g.spellings.length > 1)
    .map((g) => ({ spellings: g.spellings, merge: { taxonomy, from: g.spellings.slice(1).map((s) => s.term), to: g.term } }));
  return { taxonomy, terms: groups.length, usedOnce, variants, nearDuplicates: nearDuplicates(taxonomy, groups) };
}

/** The distance a typo may be at: none for short terms (`r`/`c`, `go`/`js` are different things). */
function allowedDistance(length: number): number {
  return length < 5 ? 0 : length < 9 ? 1 : 2;
}

/** Singular forms a plural may come from: `llms` → `llm`, `análisis` stays, `redes` → `red`, `series` → `serie`. */
function singulars(folded: string): string[] {
  const out: string[] = [];
  if (folded.length > 3 && folded.endsWith('s') && !folded.endsWith('ss')) out.push(folded.slice(0, -1));
  if (folded.length > 4 && folded.endsWith('es')) out.push(folded.slice(0, -2));
  if (folded.length > 4 && folded.endsWith('ies')) out.push(folded.slice(0, -3) + 'y');
  return out;
}

/** Terms that differ only in their digits are versions or numbers (`python2`/`python3`), not typos. */
function differOnlyInDigits(a: string, b: string): boolean {
  return /\d/.test(a) && /\d/.test(b) && a.replace(/\d+/g, '#') === b.replace(/\d+/g, '#');
}

/**
 * Pairs a typo or a plural apart. Candidates come from a deletion index (every term under itself and
 * each form with one character removed), so the cost grows with the number of terms, not its square.
 */
export function nearDuplicates(taxonomy: string, groups: TermGroup[]): NearDuplicate[] {
  const byFolded = new Map<string, TermGroup>();
  for (const g of groups) byFolded.set(foldTerm(g.term), g);
  const out: NearDuplicate[] = [];
  const seen = new Set<string>();
  const pair = (x: TermGroup, y: TermGroup, why: NearDuplicate['why']) => {
    if (x === y) return;
    const key = [foldTerm(x.term), foldTerm(y.term)].sort().join('\0');
    if (seen.has(key)) return;
    seen.add(key);
    const [more, less] = x.count > y.count || (x.count === y.count && x.term.length <= y.term.length) ? [x, y] : [y, x];
    out.push({
      a: { term: more.term, count: more.count },
      b: { term: less.term, count: less.count },
      why,
      merge: { taxonomy, from: less.spellings.map((s) => s.term), to: more.term },
    });
  };
  for (const [folded, g] of byFolded) {
    for (const s of singulars(folded)) {
      const other = byFolded.get(s);
      if (other) pair(g, other, 'plural');
    }
  }
  const deletions = new Map<string, string[]>();
  const add = (key: string, folded: string) => {
    const list = deletions.get(key);
    if (list) list.push(folded);
    else deletions.set(key, [folded]);
  };
  for (const folded of byFolded.keys()) {
    if (allowedDistance(folded.length) === 0 && allowedDistance(folded.length + 1) === 0) continue;
    add(folded, folded);
    const chars = [...folded];
    for (let i = 0; i < chars.length; i++) add(chars.slice(0, i).join('') + chars.slice(i + 1).join(''), folded);
  }
  for (const list of deletions.values()) {
    if (list.length < 2) continue;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a === b) continue;
        const max = allowedDistance(Math.min(a.length, b.length));
        if (max === 0 || differOnlyInDigits(a, b)) continue;
        if (editDistance(a, b, max) <= max) pair(byFolded.get(a)!, byFolded.get(b)!, 'typo');
      }
    }
  }
  return out.sort((x, y) => y.a.count + y.b.count - (x.a.count + x.b.count) || x.a.term.localeCompare(y.a.term));
}

/** The report as text, for the CLI. */
export function formatHygiene(report: TaxonomyHygiene[]): string {
  const lines: string[] = [];
  for (const t of report) {
    lines.push(`${t.taxonomy}: ${t.terms} terms`);
    if (t.variants.length) {
      lines.push(`  case/accent variants (${t.variants.length}):`);
      for (const v of t.variants) lines.push(`    ${v.spellings.map((s) => `'${s.term}' (${s.count})`).join(', ')} → merge into '${v.merge.to}'`);
    }
    if (t.nearDuplicates.length) {
      lines.push(`  near-duplicates (${t.nearDuplicates.length}):`);
      for (const d of t.nearDuplicates) lines.push(`    '${d.b.term}' (${d.b.count}) ~ '${d.a.term}' (${d.a.count}) [${d.why}] → merge into '${d.merge.to}'`);
    }
    if (t.usedOnce.length) lines.push(`  used once (${t.usedOnce.length}): ${t.usedOnce.map((x) => `'${x}'`).join(', ')}`);
    if (!t.variants.length && !t.nearDuplicates.length && !t.usedOnce.length) lines.push('  nothing to tidy');
  }
  return lines.join('\n') + '\n';
}
