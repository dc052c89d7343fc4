/**
 * Link features: hover cards, go to definition, document links, completion, diagnostics with
 * nearest-match quick fixes, and find references from a link. The links of an open document are
 * parsed once per version (or taken from the index, when it read that same text) and resolved once
 * per version and index generation (ctx.cache).
 */
import { CodeActionKind, DiagnosticSeverity, MarkupKind, type CodeAction, type Diagnostic, type DocumentLink, type Location, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CancelToken } from '../../cancellation';
import { findFrontMatterBlock } from '../../parse/frontMatter';
import { linkAt, linksForGenerator, parseLinks, type LinkOccurrence } from '../../parse/links';
import type { FeatureContext } from '../../service';
import { editDistance } from '../../text';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import type { FeatureProvider } from '../provider';
import { linkEditsForRenames } from './rename';
import { incomingCount } from '../../site/linkGraph';
import { linkCompletions, staticFiles } from './completion';
import { postsLinkingTo } from '../../site/linkGraph';
import { linkHoverMarkdown } from './hover';
import { listPageUrls, refPathOf, resolveLink, splitTarget, type LinkResolution } from '../../site/resolver';

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
    // The index's parse when it read this very text (check; an open document it has followed);
    // else the same parse and filter as the index's (index/postReader.ts), of this version's text.
    const links = ctx.index.linksRead(ctx.uris.toPath(doc.uri), text) ?? linksForGenerator(parseLinks(text, bodyStart).links, ctx.site.generator);
    return { bodyStart, links };
  });
}

/** Every link of the document with where it goes (bare URLs included, for counts). */
export function resolvedLinks(ctx: FeatureContext, doc: TextDocument): ResolvedLink[] {
  return ctx.cache.get(doc, `links-resolved@${ctx.index.linkGeneration}`, () => {
    const path = ctx.uris.toPath(doc.uri);
    // A target written many times in a post (a docs page linking its section on every line) is
    // resolved once: the answer depends only on the link's kind, shortcode, image flag and target.
    // By target, then the few links written with it (no key string made per link).
    const seen = new Map<string, LinkOccurrence[]>();
    const resolved = new Map<LinkOccurrence, LinkResolution>();
    const out: ResolvedLink[] = [];
    for (const link of parsed(ctx, doc).links) {
      const same = seen.get(link.target);
      let resolution: LinkResolution | undefined;
      if (same) {
        for (const other of same) if (other.kind === link.kind && (other.shortcode ?? '') === (link.shortcode ?? '') && !!other.image === !!link.image) resolution = resolved.get(other);
      }
      if (!resolution) {
        resolution = resolveLink(ctx, path, link);
        resolved.set(link, resolution);
        if (same) same.push(link);
        else seen.set(link.target, [link]);
      }
      out.push({ link, resolution });
    }
    return out;
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
  // Whether a missing target is reported, asked once per target (isReported reads only these).
  const reported = new Map<string, boolean>();
  for (const { link, resolution: r } of resolvedLinks(ctx, doc)) {
    // A reference link's target is checked once, at its definition.
    if (link.kind === 'reference' || link.kind === 'bare-url') continue;
    if (r.kind === 'missing') {
      const key = `${link.kind === 'ref' || link.kind === 'liquid' ? 1 : 0}${link.image ? 1 : 0}${r.elsewhere ?? ''}\0${r.module ?? ''}\0${link.target}`;
      let shown = reported.get(key);
      if (shown === undefined) reported.set(key, (shown = isReported(ctx, link, r)));
      if (!shown) continue;
    }
    if (r.kind === 'missing') {
      const isRef = link.kind === 'ref' || link.kind === 'liquid';
      out.push({
        // Positions only for what is reported: most links are fine, and the line table waits for a diagnostic.
        range: spanRange(doc, link.targetSpan),
        severity: isRef ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        code: r.reason === 'ref-ambiguous' ? LINK_RULES.refAmbiguous : isRef ? LINK_RULES.refMissing : LINK_RULES.broken,
        source: DIAGNOSTIC_SOURCE,
        message: link.image && !isRef ? `Image not found: ${r.message}` : r.message,
        data: { target: link.target, ref: isRef, image: link.image },
      });
    } else if (r.kind === 'post' && r.post.draft && r.post.path !== ctx.uris.toPath(doc.uri)) {
      out.push({
        range: spanRange(doc, link.targetSpan),
        severity: DiagnosticSeverity.Information,
        code: LINK_RULES.draft,
        source: DIAGNOSTIC_SOURCE,
        message: `Links to a draft: "${r.post.title || r.post.fileName}" is not published yet`,
      });
    }
  }
  return out;
}

/**
 * Whether a link that names nothing here is reported as broken: always, unless the path may be served
 * by something this site does not hold (see resolver's `elsewhere`) and no clearly-right fix says what
 * was meant (`/authors/x/` on a site with `/author/x/` is a typo; `/video/` on a GitHub Pages user site
 * may be a project site).
 */
export function isReported(ctx: FeatureContext, link: LinkOccurrence, r: Extract<LinkResolution, { kind: 'missing' }>): boolean {
  if (!r.elsewhere) return true;
  // The absent module may hold exactly that file: a near name here is no fix.
  if (r.module) return false;
  return nearestTargets(ctx, link.target, link.kind === 'ref' || link.kind === 'liquid', !!link.image).length > 0;
}

// ------------------------------------------------------------------ quick fixes

const MAX_SUGGESTIONS = 3;

/** Versions and channels in a docs path (`2.15`, `v1`, `latest`): a fix never moves a link to another. */
const VERSION_SEG = /^(v\d+(\.\d+)*|\d+\.\d+(\.\d+)*|latest|next|stable|main|master|dev)$/i;
const IMAGE_EXT = /\.(png|jpe?g|gif|svg|webp|avif|bmp|ico|tiff?)$/i;

/** Two names are near: a small edit distance for their length (a one-letter name is near nothing). */
function nearName(a: string, b: string): number | undefined {
  if (a === b) return 0;
  if (VERSION_SEG.test(a) || VERSION_SEG.test(b)) return undefined;
  // A day or month of a dated path, one off (the rest of the path is the same).
  if (/^\d{1,2}$/.test(a) && /^\d{1,2}$/.test(b)) return Math.abs(parseInt(a, 10) - parseInt(b, 10)) === 1 ? 1 : undefined;
  if (a.length < 3) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(a.length, b.length) * 0.34));
  const d = editDistance(a, b, limit);
  return d <= limit ? d : undefined;
}

/**
 * The closest existing targets to a broken one, in the form the link was written, only when clearly
 * right: the same kind of target (images get image files, pages get pages), every path segment the
 * same but one, that one near in name (never a different version or section), or on a dated path
 * the one post of that day.
 */
export function nearestTargets(ctx: FeatureContext, target: string, isRef: boolean, image = false): string[] {
  const tables = candidateTables(ctx);
  // The same broken target is asked again by its quick fixes (`check --format json`) and by other posts.
  const key = `${isRef ? 1 : 0}${image ? 1 : 0}${target}`;
  let found = tables.nearest.get(key);
  if (!found) {
    if (tables.nearest.size >= MAX_NEAREST_REMEMBERED) tables.nearest.clear();
    tables.nearest.set(key, (found = findNearestTargets(tables, target, isRef, image)));
  }
  return found.slice();
}

/** At most this many broken targets' fixes are remembered per index state. */
const MAX_NEAREST_REMEMBERED = 20_000;

function findNearestTargets(tables: CandidateTables, target: string, isRef: boolean, image: boolean): string[] {
  const { path, fragment } = splitTarget(target);
  const suffix = fragment !== undefined ? '#' + fragment : '';
  const scored: { c: string; d: number }[] = [];
  if (isRef) {
    const wanted = segmentsOf(path);
    // Only candidates with as many segments can be one segment off.
    for (const { c, segs } of (path.includes('/') ? tables.refPaths : tables.refNames).get(wanted.length) ?? []) {
      const d = segmentDistance(wanted, segs, false);
      if (d !== undefined) scored.push({ c, d });
    }
  } else if (path.startsWith('/')) {
    const wantsFile = image || (/\.[a-z0-9]{2,5}$/i.test(path) && !/\.html?$/i.test(path));
    const byLength = wantsFile ? (image ? tables.images : tables.files) : tables.pages;
    // Nothing of that kind at all (a site without static images): no fix, nothing to compare.
    if (!byLength.size) return [];
    const wanted = segmentsOf(path);
    for (const { c, segs } of byLength.get(wanted.length) ?? []) {
      const d = segmentDistance(wanted, segs, true);
      if (d !== undefined) scored.push({ c, d });
    }
    // `/2011/01/05/1139/` or `/blog/2010/10/17/`: a dated path whose last part names no post (an old
    // id, or none). The one post published that day is clearly meant; with two or more, no guess.
    const wantedDay = datedPrefix(wanted);
    if (!scored.length && wantedDay && wantedDay.rest <= 1) {
      const sameDay: string[] = [];
      // A post of that day has the day's segments and one more.
      for (const { c, segs, day } of byLength.get(wanted.length - wantedDay.rest + 1) ?? [])
        if (day && day.prefix === wantedDay.prefix && day.rest === 1 && segmentDistance(wanted, segs, true) === undefined) sameDay.push(c);
      if (sameDay.length === 1) scored.push({ c: sameDay[0], d: 3 });
    }
  }
  // A relative target: no guess (its fix depends on where the page is published and what it meant).
  scored.sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.c + suffix);
}

/** A target's path segments as fixes compare them: lower case, no empty segments. */
function segmentsOf(s: string): string[] {
  return s.toLowerCase().replace(/\/+$/, '').split('/').filter(Boolean);
}

/** The year/month/day segments of a dated path (numbers without leading zeros) and how many segments follow them. */
function datedPrefix(segs: string[]): { prefix: string; rest: number } | undefined {
  const i = segs.findIndex((x, k) => /^\d{4}$/.test(x) && /^\d{1,2}$/.test(segs[k + 1] ?? '') && /^\d{1,2}$/.test(segs[k + 2] ?? ''));
  return i < 0 ? undefined : { prefix: segs.slice(0, i + 3).map((x) => String(parseInt(x, 10) || x)).join('/'), rest: segs.length - (i + 3) };
}

interface Candidate {
  c: string;
  segs: string[];
  day?: { prefix: string; rest: number };
}
type ByLength = Map<number, Candidate[]>;
interface CandidateTables {
  key: string;
  staticList: string[];
  /** ref/relref targets: by full content path, and by bare name. */
  readonly refPaths: ByLength;
  readonly refNames: ByLength;
  /** Page URLs (url or permalink, aliases, list pages); static files; static images. */
  readonly pages: ByLength;
  readonly files: ByLength;
  readonly images: ByLength;
  /** nearestTargets' answers against these tables, by image/ref flags and target. */
  nearest: Map<string, string[]>;
}

/**
 * What a broken target is compared with, split into segments once per index state (not once per broken
 * link: `check` of a blog with thousands of broken links asks for each of them), grouped by segment count.
 * Each table is made when first asked: a blog whose broken links are all images never needs the pages'.
 */
const candidateCache = new WeakMap<object, CandidateTables>();

function candidateTables(ctx: FeatureContext): CandidateTables {
  const key = `${ctx.index.linkGeneration}|${ctx.index.structureGeneration}`;
  const staticList = staticFiles(ctx);
  const cached = candidateCache.get(ctx.index);
  if (cached && cached.key === key && cached.staticList === staticList) return cached;
  const group = (strings: Iterable<string>, segments: (c: string) => string[], dated = false): ByLength => {
    const out: ByLength = new Map();
    for (const c of strings) {
      const segs = segments(c);
      let list = out.get(segs.length);
      if (!list) out.set(segs.length, (list = []));
      list.push(dated ? { c, segs, day: datedPrefix(segs) } : { c, segs });
    }
    return out;
  };
  const index = ctx.index;
  let refs: string[] | undefined;
  const refList = () => (refs ??= [...index.posts.values()].map(refPathOf));
  const pageUrls = () => {
    const urls = new Set<string>();
    for (const post of index.posts.values()) {
      urls.add(post.url ?? post.permalink);
      for (const a of post.aliases) urls.add(a);
    }
    for (const url of listPageUrls(ctx)) urls.add(url);
    return urls;
  };
  const withoutExt = (c: string) => segmentsOf(c.replace(/\.[a-z]+$/i, ''));
  const made: Partial<Record<'refPaths' | 'refNames' | 'pages' | 'files' | 'images', ByLength>> = {};
  const tables: CandidateTables = {
    key,
    staticList,
    get refPaths() {
      return (made.refPaths ??= group(refList(), withoutExt));
    },
    get refNames() {
      return (made.refNames ??= group(
        refList().map((r) => r.split('/').pop() || r),
        withoutExt,
      ));
    },
    get pages() {
      return (made.pages ??= group(pageUrls(), segmentsOf, true));
    },
    get files() {
      return (made.files ??= group(new Set(staticList), segmentsOf, true));
    },
    get images() {
      return (made.images ??= group(new Set(staticList.filter((u) => IMAGE_EXT.test(u))), segmentsOf, true));
    },
    nearest: new Map(),
  };
  candidateCache.set(ctx.index, tables);
  return tables;
}

/** Distance between two paths that differ in at most one segment, near in name; else undefined. */
function segmentDistance(wanted: string[], candidate: string[], keepFirst: boolean): number | undefined {
  if (wanted.length !== candidate.length || !wanted.length) return undefined;
  let differing = -1;
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] === candidate[i]) continue;
    if (differing >= 0) return undefined;
    differing = i;
  }
  if (differing < 0) return undefined; // the same path: not a fix
  // A one-segment path is all section: `/bio/` is no fix for `/tag/`.
  if (keepFirst && wanted.length === 1 && wanted[0].length < 5) return undefined;
  // A date part changes only when a slug after it says which post is meant; a year never does.
  if (/^\d+$/.test(wanted[differing]) && (/^\d{3,}$/.test(wanted[differing]) || !wanted.slice(differing + 1).some((x) => !/^\d+$/.test(x)))) return undefined;
  return nearName(wanted[differing], candidate[differing]);
}

export function linkCodeActions(ctx: FeatureContext, doc: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || (d.code !== LINK_RULES.broken && d.code !== LINK_RULES.refMissing)) continue;
    const data = d.data as { target?: string; ref?: boolean; image?: boolean } | undefined;
    const target = data?.target ?? doc.getText(d.range);
    for (const replacement of nearestTargets(ctx, target, d.code === LINK_RULES.refMissing || !!data?.ref, !!data?.image)) {
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
    out.push({ range: spanRange(doc, link.targetSpan), target: ctx.uris.toUri(path), tooltip: resolution.kind === 'post' ? `Open "${resolution.post.title || resolution.post.fileName}"` : 'Open file' });
  }
  return out;
}

export function linkDefinition(ctx: FeatureContext, doc: TextDocument, offset: number): Location[] | undefined {
  const hit = resolvedAt(ctx, doc, offset);
  const path = hit && targetPath(hit.resolution);
  return path ? [{ uri: ctx.uris.toUri(path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : undefined;
}

export async function linkReferences(ctx: FeatureContext, doc: TextDocument, offset: number, includeDeclaration: boolean, token?: CancelToken): Promise<Location[] | undefined> {
  const hit = resolvedAt(ctx, doc, offset);
  if (!hit || hit.resolution.kind !== 'post') return undefined;
  const post = hit.resolution.post;
  const refs = await postsLinkingTo(ctx, post.path, token);
  if (includeDeclaration) refs.unshift({ uri: ctx.uris.toUri(post.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  return refs;
}

// ------------------------------------------------------------------ wiring

export const linksFeature: FeatureProvider = {
  name: 'links',
  diagnostics: linkDiagnostics,
  hover: (ctx, doc, position) => {
    if (!applies(ctx)) return undefined;
    const hit = resolvedAt(ctx, doc, doc.offsetAt(position));
    const value = hit && linkHoverMarkdown(ctx, hit.link, hit.resolution, hit.resolution.kind === 'missing' && !isReported(ctx, hit.link, hit.resolution));
    return value ? { contents: { kind: MarkupKind.Markdown, value }, range: spanRange(doc, hit.link.targetSpan) } : undefined;
  },
  definition: (ctx, doc, position) => (applies(ctx) ? linkDefinition(ctx, doc, doc.offsetAt(position)) : undefined),
  references: (ctx, doc, position, includeDeclaration, token) => (applies(ctx) ? linkReferences(ctx, doc, doc.offsetAt(position), includeDeclaration, token) : undefined),
  documentLinks: (ctx, doc) => (applies(ctx) ? linkDocumentLinks(ctx, doc) : []),
  completion: (ctx, doc, position) => (applies(ctx) ? linkCompletions(ctx, doc, position, parsed(ctx, doc).bodyStart) : undefined),
  codeActions: (ctx, doc, _range, context) => (applies(ctx) ? linkCodeActions(ctx, doc, context.diagnostics) : []),
  willRenameFiles: (ctx, renames, token) => (applies(ctx) ? linkEditsForRenames(ctx, renames, token) : Promise.resolve(undefined)),
  warmUp: (ctx) => {
    if (applies(ctx)) incomingCount(ctx, '');
  },
};
