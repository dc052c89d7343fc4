/**
 * The language service, composed explicitly: `createLanguageService(providers)` fans each LSP
 * request out to a listed set of feature providers (front matter, links, shortcodes by default).
 * Nothing registers itself; the LSP adapter (server.ts), the CLI and the tests build their service
 * here. Lists are merged; single answers come from the first provider that has one (the cursor is
 * in front matter, a shortcode or a link, rarely two at once). The service holds no site state:
 * every call takes the FeatureContext (a BlogService) it answers from.
 */
import type {
  CodeAction,
  CodeActionContext,
  CompletionList,
  Definition,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  LocationLink,
  Position,
  Range,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isCancelled, throwIfCancelled, type CancelToken } from './cancellation';
import { toSeverity } from './features/diagnostics';
import { frontMatterFeature } from './features/frontMatter/feature';
import { linksFeature } from './features/links/feature';
import { liquidFeature } from './features/liquid/feature';
import type { FeatureProvider, FileRename } from './features/provider';
import { shortcodesFeature } from './features/shortcodes/feature';
import type { FeatureContext } from './service';

export type { FeatureProvider, FileRename } from './features/provider';

/** The blog's features, in the order their answers take precedence. */
export const BLOG_FEATURES: readonly FeatureProvider[] = [frontMatterFeature, linksFeature, shortcodesFeature, liquidFeature];

/** The most diagnostics published for one document. */
export const MAX_DIAGNOSTICS = 1000;

/** The characters that open completion while typing, across features. */
export const COMPLETION_TRIGGER_CHARACTERS = [' ', '-', '[', ',', '"', "'", '<', '%', '/', '(', '='];

export interface LanguageService {
  readonly providers: readonly FeatureProvider[];
  completion(ctx: FeatureContext, doc: TextDocument, position: Position): CompletionList;
  hover(ctx: FeatureContext, doc: TextDocument, position: Position): Hover | undefined;
  definition(ctx: FeatureContext, doc: TextDocument, position: Position): Definition | LocationLink[] | undefined;
  /**
   * The long requests (references, workspace symbols, rename, willRenameFiles) take the request's
   * cancellation token: they yield to other work as they go and reject with RequestCancelledError
   * (cancellation.ts) once it is cancelled.
   */
  references(ctx: FeatureContext, doc: TextDocument, position: Position, includeDeclaration: boolean, token?: CancelToken): Promise<Location[]>;
  documentLinks(ctx: FeatureContext, doc: TextDocument): DocumentLink[];
  /** All diagnostics of a document, from every feature, with the user's per-rule severities applied. */
  diagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[];
  codeActions(ctx: FeatureContext, doc: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  documentSymbols(ctx: FeatureContext, doc: TextDocument): DocumentSymbol[];
  foldingRanges(ctx: FeatureContext, doc: TextDocument): FoldingRange[];
  workspaceSymbols(ctx: FeatureContext, query: string, token?: CancelToken): Promise<WorkspaceSymbol[]>;
  prepareRename(ctx: FeatureContext, doc: TextDocument, position: Position): { range: Range; placeholder: string } | undefined;
  rename(ctx: FeatureContext, doc: TextDocument, position: Position, newName: string, token?: CancelToken): Promise<WorkspaceEdit | undefined>;
  /** Edits other files need when posts are renamed or moved: merged from every feature. */
  willRenameFiles(ctx: FeatureContext, renames: FileRename[], token?: CancelToken): Promise<WorkspaceEdit | undefined>;
  /** Fills every feature's caches, so the first hover or completion after start-up is as fast as the rest. */
  warmUp(ctx: FeatureContext): void;
}

/** Calls a provider, logging instead of failing: one feature's bug must not break the others. */
function guarded<T>(ctx: FeatureContext, what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (isCancelled(e)) throw e;
    ctx.log(`${what} failed: ${(e as Error).stack ?? e}`);
    return undefined;
  }
}

export function createLanguageService(providers: readonly FeatureProvider[] = BLOG_FEATURES): LanguageService {
  const collect = <T>(ctx: FeatureContext, what: string, fn: (p: FeatureProvider) => T[] | undefined): T[] => {
    const out: T[] = [];
    for (const p of providers) {
      const items = guarded(ctx, `${p.name} ${what}`, () => fn(p));
      if (items) out.push(...items);
    }
    return out;
  };

  return {
    providers,

    completion(ctx, doc, position) {
      for (const p of providers) {
        const answer = p.completion && guarded(ctx, `${p.name} completion`, () => p.completion!(ctx, doc, position));
        if (answer) {
          const items = Array.isArray(answer) ? answer : answer.items;
          const limit = ctx.settings.maxCompletionItems;
          // Incomplete lists are asked again as the user types, so the server can narrow them.
          return { isIncomplete: items.length >= limit || (!Array.isArray(answer) && answer.isIncomplete), items: items.slice(0, limit) };
        }
      }
      return { isIncomplete: false, items: [] };
    },

    hover(ctx, doc, position) {
      for (const p of providers) {
        const h = p.hover && guarded(ctx, `${p.name} hover`, () => p.hover!(ctx, doc, position));
        if (h) return h;
      }
      return undefined;
    },

    definition(ctx, doc, position) {
      for (const p of providers) {
        const d = p.definition && guarded(ctx, `${p.name} definition`, () => p.definition!(ctx, doc, position));
        if (d && d.length) return d;
      }
      return undefined;
    },

    async references(ctx, doc, position, includeDeclaration, token) {
      for (const p of providers) {
        if (!p.references) continue;
        try {
          const r = await p.references(ctx, doc, position, includeDeclaration, token);
          if (r) return r;
        } catch (e) {
          if (isCancelled(e)) throw e;
          ctx.log(`${p.name} references failed: ${(e as Error).stack ?? e}`);
        }
      }
      return [];
    },

    documentLinks: (ctx, doc) => collect(ctx, 'document links', (p) => p.documentLinks?.(ctx, doc)),

    diagnostics(ctx, doc) {
      const out: Diagnostic[] = [];
      for (const d of collect(ctx, `diagnostics on ${doc.uri}`, (p) => p.diagnostics?.(ctx, doc))) {
        const override = typeof d.code === 'string' ? ctx.settings.rules[d.code] : undefined;
        if (override === 'off') continue;
        if (override) d.severity = toSeverity(override);
        out.push(d);
      }
      // Bounded: an editor gains nothing from thousands of entries for one file, and they cost to send.
      if (out.length > MAX_DIAGNOSTICS) {
        const more = out.length - MAX_DIAGNOSTICS;
        out.length = MAX_DIAGNOSTICS;
        out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 3, source: 'blog-author', code: 'too-many-problems', message: `${more} more problems in this file are not shown` });
      }
      return out;
    },

    codeActions: (ctx, doc, range, context) => collect(ctx, 'code actions', (p) => p.codeActions?.(ctx, doc, range, context)),
    documentSymbols: (ctx, doc) => collect(ctx, 'document symbols', (p) => p.documentSymbols?.(ctx, doc)),
    foldingRanges: (ctx, doc) => collect(ctx, 'folding ranges', (p) => p.foldingRanges?.(ctx, doc)),
    async workspaceSymbols(ctx, query, token) {
      const out: WorkspaceSymbol[] = [];
      for (const p of providers) {
        if (!p.workspaceSymbols) continue;
        try {
          out.push(...(await p.workspaceSymbols(ctx, query, token)));
        } catch (e) {
          if (isCancelled(e)) throw e;
          ctx.log(`${p.name} workspace symbols failed: ${(e as Error).stack ?? e}`);
        }
      }
      return out;
    },

    prepareRename(ctx, doc, position) {
      for (const p of providers) {
        const r = p.prepareRename && guarded(ctx, `${p.name} prepareRename`, () => p.prepareRename!(ctx, doc, position));
        if (r) return r;
      }
      return undefined;
    },

    async rename(ctx, doc, position, newName, token) {
      throwIfCancelled(token);
      for (const p of providers) {
        if (!p.rename || !p.prepareRename?.(ctx, doc, position)) continue;
        return p.rename(ctx, doc, position, newName, token);
      }
      return undefined;
    },

    async willRenameFiles(ctx, renames, token) {
      const merged: WorkspaceEdit = { changes: {} };
      let any = false;
      for (const p of providers) {
        if (!p.willRenameFiles) continue;
        try {
          const edit = await p.willRenameFiles(ctx, renames, token);
          for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
            (merged.changes![uri] ??= []).push(...edits);
            any = true;
          }
        } catch (e) {
          if (isCancelled(e)) throw e;
          ctx.log(`${p.name} willRenameFiles failed: ${(e as Error).stack ?? e}`);
        }
      }
      return any ? merged : undefined;
    },

    warmUp(ctx) {
      for (const p of providers) if (p.warmUp) guarded(ctx, `${p.name} warm-up`, () => p.warmUp!(ctx));
    },
  };
}
