/** Small text helpers shared by the features. */

const folded = new Map<string, string>();

/** Case- and accent-insensitive form: `Márketing` and `marketing` fold to the same key. */
export function foldTerm(text: string): string {
  let f = folded.get(text);
  if (f === undefined) {
    // ASCII needs no Unicode normalisation, which is the slow part.
    f = /^[\x00-\x7f]*$/.test(text) ? text.toLowerCase() : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (folded.size > 100_000) folded.clear();
    folded.set(text, f);
  }
  return f;
}

/** Levenshtein distance, bounded: returns max + 1 as soon as the distance exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Case-insensitive edit distance, bounded like `editDistance`. */
export function foldedDistance(a: string, b: string, max = Infinity): number {
  return editDistance(a.toLowerCase(), b.toLowerCase(), max);
}

export interface NearOptions<T> {
  /** The name of a candidate (default: the candidate itself). */
  nameOf?: (candidate: T) => string;
  /** The distance between two names, bounded by `max` (default: case-insensitive edit distance). */
  distance?: (a: string, b: string, max: number) => number;
}

/**
 * The closest-name search, the one every "did you mean" uses: the candidate nearest to `name`, at
 * most `max` away; the first such candidate on a tie.
 */
export function closestName<T = string>(name: string, candidates: Iterable<T>, max: number, options: NearOptions<T> = {}): T | undefined {
  const nameOf = options.nameOf ?? String;
  const distance = options.distance ?? foldedDistance;
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(name, nameOf(c), Math.min(max, bestDistance));
    if (d <= max && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Every candidate at most `max` from `name`, nearest first (candidates' order on a tie). */
export function nearestNames<T = string>(name: string, candidates: Iterable<T>, max: number, options: NearOptions<T> = {}): { item: T; distance: number }[] {
  const nameOf = options.nameOf ?? String;
  const distance = options.distance ?? foldedDistance;
  const out: { item: T; distance: number }[] = [];
  for (const c of candidates) {
    const d = distance(name, nameOf(c), max);
    if (d <= max) out.push({ item: c, distance: d });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/** Formats 2544 as "2,544". */
export function formatCount(n: number): string {
  // As toLocaleString('en-US') writes integers, without loading ICU's number formatting (~40 ms at start).
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US');
}
