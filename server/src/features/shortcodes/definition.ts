/** Go to definition on a shortcode's name: its template file. */
import { Location, Range, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { pathToUri } from '../../workspace/uri';
import { analyzeShortcodes, nameAt } from './analysis';

/** `toUri`: the client's spelling of file URIs (FeatureContext.uris); VS Code's by default. */
export function shortcodeDefinition(
  doc: TextDocument,
  templates: ShortcodeTemplates,
  position: Position,
  analysis = analyzeShortcodes(doc, templates),
  toUri: (path: string) => string = pathToUri,
): Location | undefined {
  const tag = nameAt(analysis, doc.offsetAt(position));
  if (!tag || tag.inline) return undefined;
  const path = templates.get(tag.name)?.path;
  return path ? Location.create(toUri(path), Range.create(0, 0, 0, 0)) : undefined;
}
