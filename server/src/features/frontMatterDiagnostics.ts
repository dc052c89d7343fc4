/** Diagnostics of the front matter itself. */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../service';
import { problemToDiagnostic } from './diagnostics';
import { parsedFrontMatter } from './frontMatterAccess';

export function frontMatterDiagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[] {
  const fm = parsedFrontMatter(ctx, doc);
  return fm.problems.map((p) => problemToDiagnostic(doc, p));
}
