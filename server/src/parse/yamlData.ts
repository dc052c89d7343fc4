/**
 * YAML to plain data, with the work bounded. The `yaml` package's own guard against alias bombs
 * (`maxAliasCount`) is itself super-linear: an anchor whose alias count it computes as 0 (an empty
 * collection, or one holding only aliases of empty collections) is recounted at every alias, and each
 * nested alias in the recount walks the whole document — 3 KB of `[*e, *e, …]` took 17 s in toJS().
 * Merge keys (`<<: *a`, YAML 1.1) re-read their source at every merge, so chains of them double.
 * So the package's guard is turned off and this one counts, in one walk with each anchor measured
 * once, how many values the aliases (and merges) would expand to; past MAX_ALIAS_VALUES the
 * document is refused with a clear error instead of being expanded.
 */
import { isAlias, isCollection, isPair, isScalar, parseDocument, type Document, type Node as YamlNode } from 'yaml';

/**
 * Values that aliases may add to a document. Hugo (Go's YAML reader) refuses "excessive aliasing"
 * too: it reads 99 aliases of a 200-key map (40,000 values) and refuses 600 aliases of a 600-alias list.
 */
export const MAX_ALIAS_VALUES = 100_000;

/**
 * How many values the aliases of `doc` expand to (each alias counts the values of the node it
 * names, aliases within included), stopping once the count passes `limit`. Linear in the document.
 */
export function aliasExpansion(doc: Document, limit = MAX_ALIAS_VALUES): number {
  const anchors = new Map<string, YamlNode>();
  const sizes = new Map<YamlNode, number>();
  let added = 0;
  const size = (node: unknown): number => {
    if (added > limit) return 0;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      // An alias of an anchor still being read (a cycle) or of none: the yaml package reports it.
      const n = target ? sizes.get(target) ?? 1 : 1;
      added += n;
      return n;
    }
    const anchored = (isScalar(node) || isCollection(node)) && node.anchor ? node : undefined;
    if (anchored) anchors.set(anchored.anchor!, anchored);
    let n = 1;
    if (isCollection(node)) for (const item of node.items) n += size(item);
    else if (isPair(node)) n = size(node.key) + size(node.value);
    if (anchored) sizes.set(anchored, n);
    return n;
  };
  size(doc.contents);
  return added;
}

export function excessiveAliasesMessage(): string {
  return `aliases expand to more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values; not read`;
}

/**
 * `doc.toJS()` with the alias expansion bounded (see above). Throws an Error with a one-line
 * message when the aliases expand too far, as toJS does for its own errors.
 */
export function yamlDocumentToJS(doc: Document): unknown {
  if (aliasExpansion(doc) > MAX_ALIAS_VALUES) throw new Error(excessiveAliasesMessage());
  return doc.toJS({ maxAliasCount: -1 });
}

/** The `yaml` package's `parse(source, options)`, with the alias expansion bounded; throws the first syntax error. */
export function parseYamlData(source: string, options: { uniqueKeys: boolean }): unknown {
  const doc = parseDocument(source, options);
  if (doc.errors.length) throw doc.errors[0];
  return yamlDocumentToJS(doc);
}
