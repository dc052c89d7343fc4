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

/** Formats 2544 as "2,544". */
export function formatCount(n: number): string {
  // As toLocaleString('en-US') writes integers, without loading ICU's number formatting (~40 ms at start).
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US');
}
