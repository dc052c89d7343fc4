/**
 * All diagnostics of a document, from every feature, with the user's per-rule severities applied.
 * The LSP adapter publishes them; the `check` CLI prints them for the whole blog.
 */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParseProblem } from '../parse/types';
import type { FeatureContext } from '../service';
import type { RuleSeverity } from '../settings';
import { frontMatterDiagnostics } from './frontMatter/diagnostics';

export const DIAGNOSTIC_SOURCE = 'blog-author';

/** A source of diagnostics; each feature module contributes one. */
export type DiagnosticProvider = (ctx: FeatureContext, doc: TextDocument) => Diagnostic[];

const providers: DiagnosticProvider[] = [frontMatterDiagnostics];

/** Lets feature modules that load later (shortcodes, links) add their diagnostics. */
export function registerDiagnosticProvider(provider: DiagnosticProvider): void {
  if (!providers.includes(provider)) providers.push(provider);
}

export function computeDiagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const provider of providers) {
    let found: Diagnostic[];
    try {
      found = provider(ctx, doc);
    } catch (e) {
      // A bug in one rule must not hide the others or take the server down.
      ctx.log(`diagnostics failed on ${doc.uri}: ${(e as Error).stack ?? e}`);
      continue;
    }
    for (const d of found) {
      const override = typeof d.code === 'string' ? ctx.settings.rules[d.code] : undefined;
      if (override === 'off') continue;
      if (override) d.severity = toSeverity(override);
      out.push(d);
    }
  }
  return out;
}

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
