/** Shortcode diagnostics: the parser's and pairing problems, unknown templates, unread parameters, removed or deprecated built-ins. */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SHORTCODE_RULES, walkShortcodes, type ShortcodeNode, type ShortcodeTag } from '../../parse/shortcodes';
import type { ParseProblem, Span } from '../../parse/types';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { closestName } from '../../text';
import { analyzeShortcodes, rangeOf } from './analysis';

export const SOURCE = 'blog-author';

/** Rule ids of the diagnostics of this module: the parser's and the template checks'. */
export const SHORTCODE_DIAGNOSTIC_RULES = {
  ...SHORTCODE_RULES,
  unknown: 'shortcode-unknown',
  unreadParam: 'shortcode-unread-param',
  removed: 'shortcode-removed',
  deprecated: 'shortcode-deprecated',
} as const;
const D = SHORTCODE_DIAGNOSTIC_RULES;

/** What the quick fixes need, carried in `Diagnostic.data`. */
export interface ShortcodeDiagnosticData {
  name: string;
  /** A replacement name (misspelling, removed built-in) or parameter name. */
  suggestion?: string;
  /** The span the suggestion replaces. */
  span?: Span;
}

const SEVERITY: Record<ParseProblem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

function diagnostic(doc: TextDocument, span: Span, message: string, severity: DiagnosticSeverity, code: string, data?: ShortcodeDiagnosticData): Diagnostic {
  const d = Diagnostic.create(rangeOf(doc, span), message, severity, code, SOURCE);
  if (data) d.data = data;
  return d;
}

export function shortcodeDiagnostics(doc: TextDocument, templates: ShortcodeTemplates, analysis = analyzeShortcodes(doc, templates)): Diagnostic[] {
  const out: Diagnostic[] = analysis.problems.map((p) => diagnostic(doc, p.span, p.message, SEVERITY[p.severity], p.code));
  const tagOf = new Map<ShortcodeTag, ShortcodeNode>();
  for (const node of walkShortcodes(analysis.roots)) tagOf.set(node.open, node);

  // The nearest known name, once per unknown name (a post may use one thousands of times).
  const suggestions = new Map<string, string | undefined>();
  const suggest = (name: string) => {
    if (!suggestions.has(name)) suggestions.set(name, templates.suggest(name));
    return suggestions.get(name);
  };
  for (const tag of analysis.tags) {
    if (!tag.name || tag.inline || tag.kind === 'close') continue;
    const template = templates.get(tag.name);
    if (!template) {
      const suggestion = suggest(tag.name);
      const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
      const data: ShortcodeDiagnosticData = { name: tag.name, suggestion, span: tag.nameSpan };
      if (templates.incomplete) {
        // The template may live in a theme or module that is not on disk: Hugo may well find it. The site
        // config carries one note about the absent module; nothing is said per use.
        continue;
      } else {
        out.push(diagnostic(doc, tag.nameSpan, `template for shortcode "${tag.name}" not found${hint}`, DiagnosticSeverity.Error, D.unknown, data));
      }
      continue;
    }
    // A built-in may be overridden by an absent theme module: its parameters (and status) are then unknown.
    const overridable = template.origin === 'builtin' && templates.incomplete;
    if (template.status && !overridable) {
      const code = template.status === 'removed' ? D.removed : D.deprecated;
      out.push(diagnostic(doc, tag.nameSpan, template.statusNote ?? `the "${tag.name}" shortcode is ${template.status}`, DiagnosticSeverity.Warning, code, { name: tag.name, suggestion: template.replacement, span: tag.nameSpan }));
    }
    if (!template.readsAllParams && !overridable && (template.origin !== 'builtin' || template.namedParams.length > 0)) {
      const read = new Set(template.namedParams.map((n) => n.toLowerCase()));
      for (const param of tag.params) {
        if (!param.name || !param.nameSpan || read.has(param.name.toLowerCase())) continue;
        const suggestion = closestName(param.name, template.namedParams, 2);
        const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
        out.push(diagnostic(doc, param.nameSpan, `shortcode "${tag.name}" never reads the parameter "${param.name}"${hint}`, DiagnosticSeverity.Warning, D.unreadParam, { name: tag.name, suggestion, span: param.nameSpan }));
      }
    }
  }
  return out;
}
