/**
 * Link features: hover cards, go to definition, document links, completion, diagnostics with
 * nearest-match quick fixes, and find references from a link. The links of an open document are
 * parsed once per version and resolved once per version and index generation (ctx.cache).
 */
import { CodeActionKind, DiagnosticSeverity, MarkupKind, type CodeAction, type Diagnostic, type DocumentLink, type Location, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findFrontMatterBlock } from '../../parse/frontMatter';
import { linkAt, linksForGenerator, parseLinks, type LinkOccurrence } from '../../parse/links';
import type { FeatureContext } from '../../service';
import { editDistance } from '../../text';
import { pathToUri, uriToPath } from '../../workspace/workspace';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import type { FeatureProvider } from '../provider';
import { linkEditsForRenames } from './rename';
import { incomingCount } from '../../site/linkGraph';
import { linkCompletions, staticFiles } from './completion';
import { postsLinkingTo } from '../../site/linkGraph';
import { linkHoverMarkdown } from './hover';
import { refPathOf, resolveLink, splitTarget, type LinkResolution } from '../../site/resolver';

export { postsLinkingTo } from '../../site/linkGraph';

/** Rule ids, for `blogAuthor.rules`. */
export const LINK_RULES = {
  broken: 'link-broken',
  refMissing: 'ref-missing',
  refAmbiguous: 'ref-ambiguous',
  draft: 'link-draft',
} as const;

interface ParsedLinks {
  bodyStart: number;
  links: LinkOccurrence[];
}

interface ResolvedLink {
  link: LinkOccurrence;
  resolution: LinkResolution;
}

const applies = (ctx: FeatureContext) => ctx.site.generator !== 'unknown';

function parsed(ctx: FeatureContext, doc: TextDocument): ParsedLinks {
  return ctx.cache.get(doc, 'links', () => {
    const text = doc.getText();
    const bodyStart = findFrontMatterBlock(text)?.bodyStart ?? 0;
    // The same parse and filter as the index's (index/postReader.ts), of this version's text.
    return { bodyStart, links: linksForGenerator(parseLinks(text, bodyStart).links, ctx.site.generator) };
  });
}

/** Every link of the document with where it goes (bare URLs included, for counts). */
export function resolvedLinks(ctx: FeatureContext, doc: TextDocument): ResolvedLink[] {
  return ctx.cache.get(doc, `links-resolved@${ctx.index.linkGeneration}`, () => {
    const path = uriToPath(doc.uri);
    return parsed(ctx, doc).links.map((link) => ({ link, resolution: resolveLink(ctx, path, link) }));
  });
}

function resolvedAt(ctx: FeatureContext, doc: TextDocument, offset: number): ResolvedLink | undefined {
  const all = resolvedLinks(ctx, doc);
  const link = linkAt(all.map((r) => r.link), offset);
  return link && all.find((r) => r.link === link);
}

function spanRange(doc: TextDocument, span: { start: number; end: number }): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

function targetPath(r: LinkResolution): string | undefined {
  return r.kind === 'post' ? r.post.path : r.kind === 'file' ? r.path : undefined;
}

// ------------------------------------------------------------------ diagnostics

export function linkDiagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[] {
  if (!applies(ctx) || ctx.index.posts.size === 0) return [];
  const out: Diagnostic[] = [];
  for (const { link, resolution: r } of resolvedLinks(ctx, doc)) {
    // A reference link's target is checked once, at its definition.
    if (link.kind === 'reference' || link.kind === 'bare-url') continue;
    const range = spanRange(doc, link.targetSpan);
    if (r.kind === 'missing') {
      const isRef = link.kind === 'ref' || link.kind === 'liquid';
      out.push({
        range,
        severity: isRef ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        code: r.reason === 'ref-ambiguous' ? LINK_RULES.refAmbiguous : isRef ? LINK_RULES.refMissing : LINK_RULES.broken,
        source: DIAGNOSTIC_SOURCE,
        message: link.image && !isRef ? `Image not found: ${r.message}` : r.message,
        data: { target: link.target, ref: isRef },
      });
    } else if (r.kind === 'post' && r.post.draft && r.post.path !== uriToPath(doc.uri)) {
      out.push({
        range,
        severity: DiagnosticSeverity.Information,
        code: LINK_RULES.draft,
        source: DIAGNOSTIC_SOURCE,
        message: `Links to a draft: "${r.post.title || r.post.fileName}" is not published yet`,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------ quick fixes

const MAX_SUGGESTIONS = 3;

/** The closest existing targets to a broken one, in the form the link was written. */
export function nearestTargets(ctx: FeatureContext, target: string, isRef: boolean): string[] {
  const { path, fragment } = splitTarget(target);
  const suffix = fragment !== undefined ? '#' + fragment : '';
  const candidates = new Set<string>();
  if (isRef) {
    const bare = !path.includes('/');
    for (const post of ctx.index.posts.values()) candidates.add(bare ? refPathOf(post).split('/').pop() || refPathOf(post) : refPathOf(post));
  } else {
    for (const post of ctx.index.posts.values()) {
      candidates.add(post.url ?? post.permalink);
      for (const a of post.aliases) candidates.add(a);
    }
    for (const url of staticFiles(ctx)) candidates.add(url);
  }
  const key = (s: string) => s.toLowerCase().replace(/\/+$/, '');
  const wanted = key(path);
  const lastSeg = (s: string) => key(s).split('/').pop() ?? '';
  const max = Math.max(3, Math.floor(wanted.length * 0.4));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const d = Math.min(editDistance(wanted, key(c), max), editDistance(lastSeg(path), lastSeg(c), Math.max(2, Math.floor(lastSeg(path).length * 0.3))) + 1);
    if (d <= max) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.c + suffix);
}

export function linkCodeActions(ctx: FeatureContext, doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || (d.code !== LINK_RULES.broken && d.code !== LINK_RULES.refMissing)) continue;
    const data = d.data as { target?: string; ref?: boolean } | undefined;
    const target = data?.target ?? doc.getText(d.range);
    for (const replacement of nearestTargets(ctx, target, d.code === LINK_RULES.refMissing || !!data?.ref)) {
      out.push({
        title: `Change to ${replacement}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: out.length === 0,
        edit: { changes: { [doc.uri]: [{ range: d.range, newText: replacement }] } },
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------ navigation

export function linkDocumentLinks(ctx: FeatureContext, doc: TextDocument): DocumentLink[] {
  const out: DocumentLink[] = [];
  for (const { link, resolution } of resolvedLinks(ctx, doc)) {
    const path = targetPath(resolution);
    if (!path || link.kind === 'bare-url' || link.kind === 'autolink') continue;
    out.push({ range: spanRange(doc, link.targetSpan), target: pathToUri(path), tooltip: resolution.kind === 'post' ? `Open "${resolution.post.title || resolution.post.fileName}"` : 'Open file' });
  }
  return out;
}

export function linkDefinition(ctx: FeatureContext, doc: TextDocument, offset: number): Location[] | undefined {
  const hit = resolvedAt(ctx, doc, offset);
  const path = hit && targetPath(hit.resolution);
  return path ? [{ uri: pathToUri(path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : undefined;
}

export async function linkReferences(ctx: FeatureContext, doc: TextDocument, offset: number, includeDeclaration: boolean): Promise<Location[] | undefined> {
  const hit = resolvedAt(ctx, doc, offset);
  if (!hit || hit.resolution.kind !== 'post') return undefined;
  const post = hit.resolution.post;
  const refs = await postsLinkingTo(ctx, post.path);
  if (includeDeclaration) refs.unshift({ uri: pathToUri(post.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  return refs;
}

// ------------------------------------------------------------------ wiring

export const linksFeature: FeatureProvider = {
  name: 'links',
  diagnostics: linkDiagnostics,
  hover: (ctx, doc, position) => {
    if (!applies(ctx)) return undefined;
    const hit = resolvedAt(ctx, doc, doc.offsetAt(position));
    const value = hit && linkHoverMarkdown(ctx, hit.link, hit.resolution);
    return value ? { contents: { kind: MarkupKind.Markdown, value }, range: spanRange(doc, hit.link.targetSpan) } : undefined;
  },
  definition: (ctx, doc, position) => (applies(ctx) ? linkDefinition(ctx, doc, doc.offsetAt(position)) : undefined),
  references: (ctx, doc, position, includeDeclaration) => (applies(ctx) ? linkReferences(ctx, doc, doc.offsetAt(position), includeDeclaration) : undefined),
  documentLinks: (ctx, doc) => (applies(ctx) ? linkDocumentLinks(ctx, doc) : []),
  completion: (ctx, doc, position) => (applies(ctx) ? linkCompletions(ctx, doc, position, parsed(ctx, doc).bodyStart) : undefined),
  codeActions: (ctx, doc, _range, context) => (applies(ctx) ? linkCodeActions(ctx, doc, context.diagnostics) : []),
  willRenameFiles: (ctx, renames) => (applies(ctx) ? linkEditsForRenames(ctx, renames) : Promise.resolve(undefined)),
  warmUp: (ctx) => {
    if (applies(ctx)) incomingCount(ctx, '');
  },
};
