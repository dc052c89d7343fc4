/**
 * The index's quick read of front matter data. Real posts use a small part of YAML: `key: scalar`,
 * block lists of scalars, one-line flow lists and maps. Those are read by a line scanner (several times
 * faster than a full YAML parse); anything else — block scalars, nested maps, anchors, multi-line
 * values — falls back to the `yaml` package for that post, so the result is always what YAML says.
 * TOML likewise: simpleToml.ts reads the common subset, smol-toml the rest.
 */
import { parse as parseTomlData } from 'smol-toml';
import { excessiveNesting, findFrontMatterBlock, MAX_NESTING, relaxQuotedContinuations, type FrontMatterFormat } from './frontMatter';
import { scanSimpleTomlRanged } from './simpleToml';
import { scanSimpleYaml } from './simpleYaml';
import { detachedSlice } from './detach';
import { parseYamlData } from './yamlData';

export { scanSimpleYaml };

export interface FrontMatterData {
  format: FrontMatterFormat | 'none';
  data: Record<string, unknown>;
  bodyStart: number;
  /** A one-line description of a syntax error; the data is then empty or partial. */
  error?: string;
  /**
   * The data's strings hold a copy of the front matter alone, not the text (readFrontMatterData's):
   * whoever keeps them keeps a few hundred bytes, never a whole post (see parse/detach.ts).
   */
  detached?: true;
}

export function readFrontMatterData(text: string): FrontMatterData {
  const block = findFrontMatterBlock(text);
  if (!block) return { format: 'none', data: {}, bodyStart: 0, detached: true };
  // Read from a copy of the front matter alone (one copy per post instead of one per value kept):
  // the data's strings are slices of it, never of the whole text.
  const source = detachedSlice(text, block.contentSpan.start, block.contentSpan.end);
  let error = block.unterminated ? 'front matter is not closed' : undefined;
  let data: unknown;
  if (block.format !== 'toml' && excessiveNesting(source, 0, source.length) !== undefined) error = `values nested deeper than ${MAX_NESTING} levels`;
  else {
    try {
      if (block.format === 'yaml') data = scanSimpleYaml(source) ?? parseYamlLeniently(source);
      else if (block.format === 'toml') data = tomlDates(scanSimpleTomlRanged(source, 0, source.length)?.data ?? parseTomlData(source));
      else data = JSON.parse(source);
    } catch (e) {
      error = (e as Error).message.split('\n')[0];
    }
  }
  // Built once the data is read (no empty object made only to be replaced); `error` last, as before.
  const result: FrontMatterData = {
    format: block.format,
    data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    bodyStart: block.bodyStart,
    detached: true,
  };
  if (error !== undefined) result.error = error;
  return result;
}

/** The `yaml` package, retried on the relaxed text Hugo would accept (see relaxQuotedContinuations). */
function parseYamlLeniently(source: string): unknown {
  try {
    return parseYamlData(source, { uniqueKeys: false });
  } catch (e) {
    const relaxed = relaxQuotedContinuations(source);
    if (!relaxed) throw e;
    return parseYamlData(relaxed.text, { uniqueKeys: false });
  }
}

/** smol-toml gives TomlDate objects; the index keeps dates as the text the post wrote. */
function tomlDates(data: Record<string, unknown>): Record<string, unknown> {
  // An indexed loop: for…of over entries allocates per step while this code is cold.
  const keys = Object.keys(data);
  for (let i = 0; i < keys.length; i++) {
    const v = data[keys[i]];
    // TomlDate.toISOString keeps the written precision and offset (2024-04-19 stays a date).
    if (v instanceof Date) data[keys[i]] = v.toISOString();
  }
  return data;
}

