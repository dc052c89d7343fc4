/**
 * Editor features for Hugo shortcodes, as pure functions of a document and the template registry.
 * They return LSP types; the adapter (server.ts) only forwards them.
 *
 *   analyzeShortcodes(doc, templates)                         → ShortcodeAnalysis (cache it per document version)
 *   shortcodeDiagnostics(doc, templates, analysis?)           → Diagnostic[]   (code = rule id, source 'blog-author')
 *   shortcodeCodeActions(doc, templates, diagnostics, analysis?) → CodeAction[] (quick fixes for those diagnostics)
 *   shortcodeCompletions(doc, templates, position, analysis?) → CompletionItem[] | undefined (undefined: not in a shortcode)
 *   shortcodeHover(doc, templates, position, analysis?)       → Hover | undefined
 *   shortcodeDefinition(doc, templates, position, analysis?)  → Location | undefined (the template file)
 *   shortcodeSymbols(doc, templates, analysis?)               → DocumentSymbol[] (paired shortcode blocks, nested)
 *   shortcodeFoldingRanges(doc, templates, analysis?)         → FoldingRange[]
 *
 * Front matter is skipped: Hugo reads shortcodes in the content only.
 */
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InsertTextFormat,
  Location,
  MarkupKind,
  Position,
  Range,
  SymbolKind,
  TextEdit,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findFrontMatterBlock } from '../../parse/frontMatter';
import {
  findTagAt,
  pairShortcodes,
  parseShortcodes,
  SHORTCODE_RULES,
  walkShortcodes,
  type ShortcodeComment,
  type ShortcodeNode,
  type ShortcodeTag,
} from '../../parse/shortcodes';
import type { ParseProblem, Span } from '../../parse/types';
import type { ShortcodeTemplate, ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { editDistance } from '../../text';
import { pathToUri } from '../../workspace/uri';
import { relativePath } from '../../workspace/workspace';

const SOURCE = 'blog-author';

/** Rule ids of the diagnostics of this module: the parser's and the template checks'. */
export const SHORTCODE_DIAGNOSTIC_RULES = {
  ...SHORTCODE_RULES,
  unknown: 'shortcode-unknown',
  unreadParam: 'shortcode-unread-param',
  removed: 'shortcode-removed',
  deprecated: 'shortcode-deprecated',
} as const;
const D = SHORTCODE_DIAGNOSTIC_RULES;

export interface ShortcodeAnalysis {
  /** Where the content starts (after the front matter). */
  bodyStart: number;
  tags: ShortcodeTag[];
  comments: ShortcodeComment[];
  roots: ShortcodeNode[];
  /** Parser and pairing problems. */
  problems: ParseProblem[];
}

/** What the quick fixes need, carried in `Diagnostic.data`. */
export interface ShortcodeDiagnosticData {
  name: string;
  /** A replacement name (misspelling, removed built-in) or parameter name. */
  suggestion?: string;
  /** The span the suggestion replaces. */
  span?: Span;
}

export function analyzeShortcodes(doc: TextDocument, templates: ShortcodeTemplates): ShortcodeAnalysis {
  const text = doc.getText();
  const bodyStart = findFrontMatterBlock(text)?.bodyStart ?? 0;
  const parsed = parseShortcodes(text, bodyStart);
  const tree = pairShortcodes(parsed.tags, (name) => templates.needsInner(name));
  return { bodyStart, tags: parsed.tags, comments: parsed.comments, roots: tree.roots, problems: [...parsed.problems, ...tree.problems] };
}

function rangeOf(doc: TextDocument, span: Span): Range {
  return Range.create(doc.positionAt(span.start), doc.positionAt(span.end));
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

  for (const tag of analysis.tags) {
    if (!tag.name || tag.inline || tag.kind === 'close') continue;
    const template = templates.get(tag.name);
    if (!template) {
      const suggestion = templates.suggest(tag.name);
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
        const suggestion = closestName(param.name, template.namedParams);
        const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
        out.push(diagnostic(doc, param.nameSpan, `shortcode "${tag.name}" never reads the parameter "${param.name}"${hint}`, DiagnosticSeverity.Warning, D.unreadParam, { name: tag.name, suggestion, span: param.nameSpan }));
      }
    }
  }
  return out;
}

function closestName(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = 3;
  for (const c of candidates) {
    const score = editDistance(lower, c.toLowerCase(), bestScore);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

function delimiters(tag: ShortcodeTag): [string, string] {
  return tag.markdown ? ['{{%', '%}}'] : ['{{<', '>}}'];
}

/** Quick fixes for this module's diagnostics (pass the diagnostics of the request's context). */
export function shortcodeCodeActions(doc: TextDocument, templates: ShortcodeTemplates, diagnostics: Diagnostic[], analysis = analyzeShortcodes(doc, templates)): CodeAction[] {
  const actions: CodeAction[] = [];
  const text = doc.getText();
  const edit = (title: string, d: Diagnostic, edits: TextEdit[], preferred = false): void => {
    const action = CodeAction.create(title, { changes: { [doc.uri]: edits } }, CodeActionKind.QuickFix);
    action.diagnostics = [d];
    if (preferred) action.isPreferred = true;
    actions.push(action);
  };
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const data = d.data as ShortcodeDiagnosticData | undefined;
    const offset = doc.offsetAt(d.range.start);
    const tag = findTagAt(analysis.tags, offset);
    switch (d.code) {
      case D.unknown:
      case D.removed:
      case D.deprecated:
      case D.unreadParam:
        if (data?.suggestion && data.span) {
          const edits = [TextEdit.replace(rangeOf(doc, data.span), data.suggestion)];
          // Renaming a shortcode renames its close tag too.
          if (d.code !== D.unreadParam && tag) {
            const node = [...walkShortcodes(analysis.roots)].find((n) => n.open === tag);
            if (node?.close?.name === tag.name) edits.push(TextEdit.replace(rangeOf(doc, node.close.nameSpan), data.suggestion));
          }
          const what = d.code === D.unreadParam ? 'parameter' : 'shortcode';
          edit(`Change ${what} to "${data.suggestion}"`, d, edits, true);
        }
        break;
      case D.mustClose:
        if (tag && tag.terminated) {
          const [left, right] = delimiters(tag);
          const at = closingTagOffset(text, tag);
          const newline = at === text.length && !text.endsWith('\n') ? '\n' : '';
          edit(`Insert ${left} /${tag.name} ${right}`, d, [TextEdit.insert(doc.positionAt(at), `${newline}${left} /${tag.name} ${right}\n`)], true);
          const rightStart = tag.span.end - 3;
          const spaced = text[rightStart - 1] === ' ' ? '/' : ' /';
          edit(`Self-close: ${left} ${tag.name} …/${right}`, d, [TextEdit.insert(doc.positionAt(rightStart), spaced)]);
        }
        break;
      case D.noInner:
        if (tag?.kind === 'close') edit('Remove the closing tag', d, [TextEdit.del(rangeOf(doc, tag.span))], true);
        else if (tag?.kind === 'selfClosing' && tag.slashSpan) edit('Remove the self-closing slash', d, [TextEdit.del(rangeOf(doc, tag.slashSpan))], true);
        break;
    }
  }
  return actions;
}

/** Where a missing close tag most likely belongs: before the blank line that ends the block after the open tag. */
function closingTagOffset(text: string, tag: ShortcodeTag): number {
  const lineEnd = text.indexOf('\n', tag.span.end);
  if (lineEnd < 0) return text.length;
  const blank = /\n[ \t]*\r?\n/g;
  blank.lastIndex = lineEnd;
  const m = blank.exec(text);
  return m ? m.index + 1 : text.length;
}

// ── Completion ──────────────────────────────────────────────────────────────

/** Characters the adapter should register as completion triggers. */
export const SHORTCODE_TRIGGER_CHARACTERS = ['<', '%', '/', ' '];

function templateDoc(t: ShortcodeTemplate, root?: string): string {
  const lines: string[] = [];
  const where =
    t.origin === 'builtin' ? "Hugo's built-in shortcode" : t.origin === 'theme' ? `Shortcode of the theme "${t.theme}"` : 'Shortcode of the site';
  lines.push(`**${t.name}** — ${where}${t.path ? ` (\`${root ? relativePath(root, t.path) : t.path}\`)` : ''}`);
  if (t.statusNote) lines.push('', `⚠ ${t.statusNote}`);
  if (t.doc) lines.push('', t.doc);
  lines.push('', t.usesInner ? `Takes inner content: \`{{< ${t.name} >}}…{{< /${t.name} >}}\` (or self-closed).` : 'Stands alone: no closing tag.');
  const named = t.namedParams.map((n) => `- \`${n}\`${t.paramDocs[n] ? ` — ${t.paramDocs[n]}` : ''}`);
  if (named.length) lines.push('', 'Named parameters:', ...named);
  const positional = t.positionalParams.map((i) => `- \`${i}\`${t.paramDocs[String(i)] ? ` — ${t.paramDocs[String(i)]}` : ''}`);
  if (positional.length) lines.push('', 'Positional parameters:', ...positional);
  if (t.readsAllParams && t.origin !== 'builtin') lines.push('', 'Also reads parameters it does not name (passes them on).');
  return lines.join('\n');
}

/** Common root of the template paths, to show short paths. */
function siteRootOf(templates: ShortcodeTemplates): string | undefined {
  const dir = templates.dirs[0];
  if (!dir) return undefined;
  return dir.replace(/\/layouts\/_?shortcodes$/, '');
}

/** Open shortcodes around `offset` that still need their close tag, innermost first. */
function unclosedAround(roots: ShortcodeNode[], offset: number, templates: ShortcodeTemplates): ShortcodeNode[] {
  const out: ShortcodeNode[] = [];
  for (const node of walkShortcodes(roots)) {
    if (node.open.kind !== 'open' || node.close || node.open.span.end > offset) continue;
    if (node.open.inline || templates.needsInner(node.open.name)) out.push(node);
  }
  return out.reverse();
}

export function shortcodeCompletions(
  doc: TextDocument,
  templates: ShortcodeTemplates,
  position: Position,
  analysis = analyzeShortcodes(doc, templates),
): CompletionItem[] | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  if (offset < analysis.bodyStart) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset));

  // `{{<` or `{{%`, perhaps a slash, perhaps the start of a name.
  const opener = /\{\{([<%])(\s*)(\/\s*)?([\w\-/.]*)$/.exec(before);
  if (opener) {
    const markdown = opener[1] === '%';
    const right = markdown ? '%}}' : '>}}';
    const left = markdown ? '{{%' : '{{<';
    const typed = opener[4];
    // Editors auto-close `{` and `<`: typing `{{< ` leaves `>}`, `}}` or `>` after the cursor. Such a
    // partial closer is replaced along with the name, so that the tag ends with exactly one `>}}`.
    const partial = /^[ \t]*(?:[>%]\}{0,2}|\}{1,2})/.exec(after)?.[0] ?? '';
    const partialOnly = partial !== '' && partial.trim() !== right;
    const replace = Range.create(doc.positionAt(offset - typed.length), partialOnly ? doc.positionAt(offset + partial.length) : position);
    // Complete the tag only when the line does not already close it.
    const nextRight = after.indexOf(right);
    const nextOpen = after.indexOf('{{');
    const hasRight = !partialOnly && nextRight >= 0 && (nextOpen < 0 || nextRight < nextOpen);
    const pad = opener[2] ? '' : ' ';
    const items: CompletionItem[] = [];
    for (const [i, node] of unclosedAround(analysis.roots, offset, templates).entries()) {
      const name = node.open.name;
      const label = `/${name}`;
      const insert = opener[3] ? name : `${pad}/${name}`;
      items.push({
        label,
        kind: CompletionItemKind.Keyword,
        detail: `close ${left} ${name} ${right}`,
        sortText: `0${i}`,
        preselect: i === 0,
        filterText: opener[3] ? name : label,
        textEdit: TextEdit.replace(replace, insert + (hasRight ? '' : ` ${right}`)),
      });
    }
    if (opener[3]) return items;
    const root = siteRootOf(templates);
    for (const t of templates.all()) {
      if (t.status === 'removed') continue;
      const snippet = hasRight ? `${pad}${t.name}` : `${pad}${t.name} $1${right}${t.usesInner ? `$0${left} /${t.name} ${right}` : ''}`;
      items.push({
        label: t.name,
        kind: t.origin === 'builtin' ? CompletionItemKind.Function : CompletionItemKind.Snippet,
        detail: t.origin === 'builtin' ? 'Hugo built-in shortcode' : t.origin === 'theme' ? `shortcode of theme ${t.theme}` : 'site shortcode',
        documentation: { kind: MarkupKind.Markdown, value: templateDoc(t, root) },
        sortText: `${t.origin === 'builtin' ? 2 : 1}${t.name}`,
        filterText: t.name,
        insertTextFormat: hasRight ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
        textEdit: TextEdit.replace(replace, snippet),
        tags: t.status === 'deprecated' ? [CompletionItemTag.Deprecated] : undefined,
      });
    }
    return items;
  }

  // Inside a call, after its name: the named parameters not yet given.
  const tag = findTagAt(analysis.tags, offset);
  if (!tag || tag.kind === 'close' || !tag.name || offset <= tag.nameSpan.end) return undefined;
  if (tag.terminated && offset > tag.span.end - 3) return undefined;
  if (tag.params.some((p) => offset > p.valueSpan.start && offset < p.valueSpan.end && p.quote)) return undefined;
  const template = templates.get(tag.name);
  if (!template) return undefined;
  const wordMatch = /[\w-]*$/.exec(before)!;
  const prevChar = before[before.length - wordMatch[0].length - 1];
  if (prevChar !== undefined && !/\s/.test(prevChar)) return undefined;
  const given = new Set(tag.params.filter((p) => p.name).map((p) => p.name!.toLowerCase()));
  const replace = Range.create(doc.positionAt(offset - wordMatch[0].length), position);
  return template.namedParams
    .filter((n) => !given.has(n.toLowerCase()))
    .map((n) => ({
      label: n,
      kind: CompletionItemKind.Property,
      detail: `parameter of ${tag.name}`,
      documentation: template.paramDocs[n] ? { kind: MarkupKind.Markdown, value: template.paramDocs[n] } : undefined,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(replace, `${n}="$1"`),
    }));
}

// ── Hover, definition ───────────────────────────────────────────────────────

function nameAt(analysis: ShortcodeAnalysis, offset: number): ShortcodeTag | undefined {
  const tag = findTagAt(analysis.tags, offset);
  return tag && tag.name && offset >= tag.nameSpan.start && offset <= tag.nameSpan.end ? tag : undefined;
}

export function shortcodeHover(doc: TextDocument, templates: ShortcodeTemplates, position: Position, analysis = analyzeShortcodes(doc, templates)): Hover | undefined {
  const offset = doc.offsetAt(position);
  const tag = findTagAt(analysis.tags, offset);
  if (!tag || !tag.name) return undefined;
  const template = tag.inline ? undefined : templates.get(tag.name);
  if (offset >= tag.nameSpan.start && offset <= tag.nameSpan.end) {
    let value: string;
    if (tag.inline) value = `**${tag.name}** — inline shortcode: its body is the template (needs \`enableInlineShortcodes\`).`;
    else if (template) value = templateDoc(template, siteRootOf(templates));
    else value = `**${tag.name}** — no template found for this shortcode.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, tag.nameSpan) };
  }
  const param = tag.params.find((p) => p.nameSpan && offset >= p.nameSpan.start && offset <= p.nameSpan.end);
  if (param?.name && template) {
    const doc_ = template.paramDocs[param.name] ?? Object.entries(template.paramDocs).find(([k]) => k.toLowerCase() === param.name!.toLowerCase())?.[1];
    const read = template.readsAllParams || template.namedParams.some((n) => n.toLowerCase() === param.name!.toLowerCase());
    const value = `\`${param.name}\` — parameter of **${tag.name}**${doc_ ? `\n\n${doc_}` : ''}${read ? '' : '\n\nThe template never reads it.'}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, param.nameSpan!) };
  }
  return undefined;
}

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

// ── Outline, folding ────────────────────────────────────────────────────────

function paramSummary(tag: ShortcodeTag): string {
  const s = tag.params.map((p) => (p.name ? `${p.name}=${p.value}` : p.value)).join(' ');
  return s.length > 60 ? s.slice(0, 59) + '…' : s;
}

export function shortcodeSymbols(doc: TextDocument, templates: ShortcodeTemplates, analysis = analyzeShortcodes(doc, templates)): DocumentSymbol[] {
  const build = (nodes: ShortcodeNode[]): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const node of nodes) {
      const children = build(node.children);
      if (!node.close) {
        out.push(...children);
        continue;
      }
      const [left, right] = delimiters(node.open);
      out.push(
        DocumentSymbol.create(
          `${left} ${node.open.name} ${right}`,
          paramSummary(node.open) || undefined,
          SymbolKind.Struct,
          rangeOf(doc, { start: node.open.span.start, end: node.close.span.end }),
          rangeOf(doc, node.open.nameSpan),
          children,
        ),
      );
    }
    return out;
  };
  return build(analysis.roots);
}

export function shortcodeFoldingRanges(doc: TextDocument, templates: ShortcodeTemplates, analysis = analyzeShortcodes(doc, templates)): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const node of walkShortcodes(analysis.roots)) {
    if (!node.close) continue;
    const startLine = doc.positionAt(node.open.span.start).line;
    const closeLine = doc.positionAt(node.close.span.start).line;
    // Keep the close tag visible when folded.
    if (closeLine - 1 > startLine) out.push(FoldingRange.create(startLine, closeLine - 1, undefined, undefined, 'region'));
  }
  for (const c of analysis.comments) {
    const a = doc.positionAt(c.span.start).line;
    const b = doc.positionAt(c.span.end).line;
    if (b > a) out.push(FoldingRange.create(a, b, undefined, undefined, 'comment'));
  }
  return out;
}
