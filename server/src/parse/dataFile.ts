/**
 * A data file's text as Hugo reads it (config files, data/, i18n/, transform.Unmarshal): TOML, JSON or
 * YAML by the file's extension (YAML when there is none). Throws on a syntax error: callers report it.
 */
import { parse as parseToml } from 'smol-toml';
import { parseYamlData } from './yamlData';

export function parseDataText(file: string, text: string): unknown {
  const name = file.toLowerCase();
  if (name.endsWith('.toml')) return parseToml(text);
  if (name.endsWith('.json')) return JSON.parse(text);
  return parseYamlData(text, { uniqueKeys: false });
}
