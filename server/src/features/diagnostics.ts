/**
 * What every feature's diagnostics share: the source name, severities, a parser problem as an LSP
 * diagnostic. Collecting them (with the user's per-rule severities) is the language service's job.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParseProblem } from '../parse/types';
import type { RuleSeverity } from '../settings';

export const DIAGNOSTIC_SOURCE = 'blog-author';

export function toSeverity(s: RuleSeverity | ParseProblem['severity']): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default:
      return DiagnosticSeverity.Information;
  }
}

/** A parser's problem as an LSP diagnostic. */
export function problemToDiagnostic(doc: TextDocument, p: ParseProblem): Diagnostic {
  return {
    range: { start: doc.positionAt(p.span.start), end: doc.positionAt(p.span.end) },
    message: p.message,
    severity: toSeverity(p.severity),
    code: p.code,
    source: DIAGNOSTIC_SOURCE,
  };
}
