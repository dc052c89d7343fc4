/**
 * Liquid in Jekyll posts and pages: syntax errors Jekyll fails the build with (unknown tags, blocks
 * closed wrongly or never), `{% include %}` of a file that is not in `_includes/` (in Jekyll's words),
 * go to the include file, completion of include names, and `site.data.x.y`: hover with the value,
 * go to its key in `_data/x.yml`, completion of keys. Reads the parse of parse/liquid.ts and the
 * site files of site/jekyllSite.ts.
 */
import { CompletionItemKind, DiagnosticSeverity, MarkupKind, type CompletionItem, type Diagnostic, type Location, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findFrontMatterBlock } from '../../parse/frontMatter';
import { readFrontMatterData } from '../../parse/fastFrontMatter';
import { liquidProblems, parseInclude, type IncludeTag, type LiquidScan } from '../../parse/liquid';
import type { FeatureContext } from '../../service';
import { lookupSiteData, type JekyllSiteFiles } from '../../site/jekyllSite';
import { dirname, isContained, joinPath, normalizePath, relativePath } from '../../workspace/workspace';
import { DIAGNOSTIC_SOURCE } from '../diagnostics';
import type { FeatureProvider } from '../provider';

export const LIQUID_RULES = {
  syntax: 'liquid-syntax',
  unknownTag: 'liquid-unknown-tag',
  includeMissing: 'include-missing',
} as const;

interface Analysis {
  scan: LiquidScan;
  includes: { tag: IncludeTag; span: { start: number; end: number } }[];
  /** `render_with_liquid: false`: Jekyll leaves the body alone. */
  off: boolean;
}

const applies = (ctx: FeatureContext): boolean => ctx.site.generator === 'jekyll' && !!ctx.site.jekyll;

function analysis(ctx: FeatureContext, doc: TextDocument): Analysis {
  return ctx.cache.get(doc, 'liquid', () => {
    const text = doc.getText();
    const bodyStart = findFrontMatterBlock(text)?.bodyStart ?? 0;
    const off = bodyStart > 0 && readFrontMatterData(text).data['render_with_liquid'] === false;
    const scan = ctx.cache.liquidScan(doc);
    const includes: Analysis['includes'] = [];
    for (const t of scan.tags) {
      const inc = parseInclude(t);
      if (inc) includes.push({ tag: inc, span: t.span });
    }
    return { scan, includes, off };
  });
}

function range(doc: TextDocument, span: { start: number; end: number }): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

/** The file an include names, when it is on disk ('' when computed, undefined when absent). */
function includeFile(ctx: FeatureContext, files: JekyllSiteFiles, docPath: string, inc: IncludeTag): string | undefined {
  const name = normalizePath(inc.file);
  if (inc.tag === 'include_relative') {
    const full = normalizePath(joinPath(dirname(docPath), name));
    if (!isContained(ctx.workspace, ctx.site.root, full)) return undefined;
    const s = ctx.workspace.statNow?.(full);
    return s && !s.isDirectory ? full : undefined;
  }
  return files.includes.includes(name) ? joinPath(files.includesDir, name) : undefined;
}

function diagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[] {
  const files = ctx.site.jekyll!;
  const a = analysis(ctx, doc);
  if (a.off) return [];
  const out: Diagnostic[] = [];
  // A gem whose tags are not known here may define any tag: then only the structure is checked.
  const anyTag = files.unknownPlugins.length > 0;
  for (const p of liquidProblems(a.scan, (name) => anyTag || files.pluginTags.has(name))) {
    out.push({ range: range(doc, p.span), severity: DiagnosticSeverity.Error, code: p.code === 'liquid-syntax' ? LIQUID_RULES.syntax : LIQUID_RULES.unknownTag, source: DIAGNOSTIC_SOURCE, message: p.message });
  }
  const docPath = ctx.uris.toPath(doc.uri);
  for (const { tag } of a.includes) {
    if (!tag.file) continue;
    if (includeFile(ctx, files, docPath, tag)) continue;
    if (tag.tag === 'include_relative' && !ctx.workspace.statNow) continue;
    // A theme gem's _includes are not on disk: an include may come from there.
    if (tag.tag === 'include' && files.theme) continue;
    const dirs = tag.tag === 'include_relative' ? dirname(docPath) : files.includesDir;
    out.push({
      range: range(doc, tag.fileSpan),
      severity: DiagnosticSeverity.Error,
      code: LIQUID_RULES.includeMissing,
      source: DIAGNOSTIC_SOURCE,
      message: `Could not locate the included file '${tag.file}' in any of ["${dirs}"]. Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source.`,
    });
  }
  return out;
}

/** `site.data.a.b` around an offset inside a Liquid output or tag: its segments and span. */
function siteDataAt(ctx: FeatureContext, doc: TextDocument, offset: number): { segments: string[]; span: { start: number; end: number } } | undefined {
  const a = analysis(ctx, doc);
  const text = doc.getText();
  const inside = a.scan.outputs.some((o) => offset >= o.span.start && offset <= o.span.end) || a.scan.tags.some((t) => offset >= t.markupSpan.start && offset <= t.markupSpan.end);
  if (!inside) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const re = /site\.data((?:\.[\w-]+|\[["'][^"']+["']\])+)/g;
  const line = text.slice(lineStart, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset));
  for (let m: RegExpExecArray | null; (m = re.exec(line)); ) {
    const start = lineStart + m.index;
    const end = start + m[0].length;
    if (offset < start || offset > end) continue;
    // Only up to the segment under the cursor.
    const segs: string[] = [];
    const segRe = /\.([\w-]+)|\[["']([^"']+)["']\]/g;
    let segEnd = start + 'site.data'.length;
    for (let s: RegExpExecArray | null; (s = segRe.exec(m[1])); ) {
      segs.push(s[1] ?? s[2]);
      segEnd = start + 'site.data'.length + s.index + s[0].length;
      if (segEnd >= offset) break;
    }
    return { segments: segs, span: { start, end: segEnd } };
  }
  return undefined;
}

function includeAt(ctx: FeatureContext, doc: TextDocument, offset: number): IncludeTag | undefined {
  return analysis(ctx, doc).includes.find((i) => i.tag.file && offset >= i.tag.fileSpan.start && offset <= i.tag.fileSpan.end)?.tag;
}

function definition(ctx: FeatureContext, doc: TextDocument, offset: number): Location[] | undefined {
  const files = ctx.site.jekyll!;
  const inc = includeAt(ctx, doc, offset);
  if (inc) {
    const file = includeFile(ctx, files, ctx.uris.toPath(doc.uri), inc);
    return file ? [{ uri: ctx.uris.toUri(file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : undefined;
  }
  const data = siteDataAt(ctx, doc, offset);
  const hit = data && lookupSiteData(files, data.segments);
  if (!hit) return undefined;
  const at = hit.inner.length ? hit.file.offsets.get(hit.inner.join('.')) ?? 0 : 0;
  return [{ uri: ctx.uris.toUri(hit.file.path), range: offsetRange(ctx, hit.file.path, at) }];
}

/** A zero-width range at an offset of a file (read once more to count lines). */
function offsetRange(ctx: FeatureContext, path: string, offset: number): Range {
  const open = ctx.openDocuments.get(path);
  if (open) return { start: open.positionAt(offset), end: open.positionAt(offset) };
  const bytes = offset > 0 ? ctx.workspace.readBytesNow?.(path, 512 * 1024) : undefined;
  const text = bytes ? new TextDecoder().decode(bytes) : '';
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  const character = before.length - (before.lastIndexOf('\n') + 1);
  return { start: { line, character }, end: { line, character } };
}

function preview(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? String(value);
  return s.length > 1200 ? s.slice(0, 1200) + '\n…' : s;
}

function hover(ctx: FeatureContext, doc: TextDocument, offset: number): { value: string; span: { start: number; end: number } } | undefined {
  const files = ctx.site.jekyll!;
  const inc = includeAt(ctx, doc, offset);
  if (inc) {
    const file = includeFile(ctx, files, ctx.uris.toPath(doc.uri), inc);
    if (!file) return undefined; // the diagnostic says why
    const params = inc.params.length ? `\n\nParameters (\`include.NAME\` in the file): ${inc.params.map((p) => `\`${p.name}\``).join(', ')}` : '';
    return { value: `Includes \`${relativePath(ctx.site.root, file)}\`${params}`, span: inc.fileSpan };
  }
  const data = siteDataAt(ctx, doc, offset);
  if (!data) return undefined;
  const hit = lookupSiteData(files, data.segments);
  const name = `site.data.${data.segments.join('.')}`;
  if (!hit) return { value: `\`${name}\`: no file in \`${relativePath(ctx.site.root, files.dataDir)}/\` for it (Liquid gives nil)`, span: data.span };
  const where = `\`${relativePath(ctx.site.root, hit.file.path)}\`${hit.inner.length ? ` → \`${hit.inner.join('.')}\`` : ''}`;
  if (!hit.found) return { value: `\`${name}\`: no such key in ${where} (Liquid gives nil)`, span: data.span };
  return { value: `\`${name}\` from ${where}\n\n\`\`\`json\n${preview(hit.value)}\n\`\`\``, span: data.span };
}

function completion(ctx: FeatureContext, doc: TextDocument, offset: number): CompletionItem[] | undefined {
  const files = ctx.site.jekyll!;
  const text = doc.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const inc = /\{%-?\s*include\s+([\w./-]*)$/.exec(before);
  if (inc) {
    const typed = inc[1];
    const r = { start: doc.positionAt(offset - typed.length), end: doc.positionAt(offset + (/^[\w./-]*/.exec(text.slice(offset))?.[0].length ?? 0)) };
    return files.includes.map((name) => ({ label: name, kind: CompletionItemKind.File, detail: relativePath(ctx.site.root, joinPath(files.includesDir, name)), textEdit: { range: r, newText: name } }));
  }
  const data = /site\.data((?:\.[\w-]+)*)\.([\w-]*)$/.exec(before);
  if (data && (/\{\{[^}]*$/.test(before) || /\{%[^%]*$/.test(before))) {
    const segs = data[1].split('.').filter(Boolean);
    const typed = data[2];
    const r = { start: doc.positionAt(offset - typed.length), end: doc.positionAt(offset) };
    const names = new Map<string, string>();
    for (const f of files.data) {
      if (f.keys.length > segs.length && segs.every((s, i) => f.keys[i] === s)) names.set(f.keys[segs.length], f.keys.length === segs.length + 1 ? relativePath(ctx.site.root, f.path) : 'folder');
    }
    const hit = lookupSiteData(files, segs);
    if (hit?.found && hit.value && typeof hit.value === 'object' && !Array.isArray(hit.value)) {
      for (const [k, v] of Object.entries(hit.value as Record<string, unknown>)) names.set(k, typeof v === 'object' ? (Array.isArray(v) ? 'list' : 'map') : String(v).slice(0, 60));
    }
    return [...names].map(([label, detail]) => ({ label, kind: CompletionItemKind.Field, detail, textEdit: { range: r, newText: label } }));
  }
  return undefined;
}

export const liquidFeature: FeatureProvider = {
  name: 'liquid',
  diagnostics: (ctx, doc) => (applies(ctx) ? diagnostics(ctx, doc) : []),
  definition: (ctx, doc, position) => (applies(ctx) ? definition(ctx, doc, doc.offsetAt(position)) : undefined),
  hover: (ctx, doc, position) => {
    const h = applies(ctx) ? hover(ctx, doc, doc.offsetAt(position)) : undefined;
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.value }, range: range(doc, h.span) } : undefined;
  },
  completion: (ctx, doc, position) => (applies(ctx) ? completion(ctx, doc, doc.offsetAt(position)) : undefined),
};
