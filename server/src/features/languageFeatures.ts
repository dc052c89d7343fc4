/**
 * One entry per LSP request, fanned out to the feature modules. Each feature module (front matter,
 * shortcodes, links) exports a `FeatureProvider` with the requests it answers; the LSP adapter and
 * tests call these functions only. Lists are merged; single answers come from the first provider
 * that has one (the cursor is in front matter, a shortcode or a link, rarely two at once).
 */
import type {
  CodeAction,
  CodeActionContext,
  CompletionItem,
  CompletionList,
  Definition,
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
import type { FeatureContext } from '../service';

export interface FileRename {
  oldPath: string;
  newPath: string;
}

export interface FeatureProvider {
  name: string;
  /** Undefined when the cursor is not this feature's; a list is complete unless it says otherwise. */
  completion?(ctx: FeatureContext, doc: TextDocument, position: Position): CompletionItem[] | CompletionList | undefined;
  hover?(ctx: FeatureContext, doc: TextDocument, position: Position): Hover | undefined;
  definition?(ctx: FeatureContext, doc: TextDocument, position: Position): Location[] | undefined;
  references?(ctx: FeatureContext, doc: TextDocument, position: Position, includeDeclaration: boolean): Promise<Location[] | undefined> | Location[] | undefined;
  documentLinks?(ctx: FeatureContext, doc: TextDocument): DocumentLink[];
  codeActions?(ctx: FeatureContext, doc: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  documentSymbols?(ctx: FeatureContext, doc: TextDocument): DocumentSymbol[];
  foldingRanges?(ctx: FeatureContext, doc: TextDocument): FoldingRange[];
  prepareRename?(ctx: FeatureContext, doc: TextDocument, position: Position): { range: Range; placeholder: string } | undefined;
  rename?(ctx: FeatureContext, doc: TextDocument, position: Position, newName: string): Promise<WorkspaceEdit | undefined> | WorkspaceEdit | undefined;
  workspaceSymbols?(ctx: FeatureContext, query: string): WorkspaceSymbol[];
  willRenameFiles?(ctx: FeatureContext, renames: FileRename[]): Promise<WorkspaceEdit | undefined>;
  /** Builds the feature's caches ahead of the first request (called once the index is ready). */
  warmUp?(ctx: FeatureContext): void;
}

const providers: FeatureProvider[] = [];

export function registerFeature(provider: FeatureProvider): void {
  if (!providers.some((p) => p.name === provider.name)) providers.push(provider);
}

/** Calls a provider, logging instead of failing: one feature's bug must not break the others. */
function guarded<T>(ctx: FeatureContext, what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    ctx.log(`${what} failed: ${(e as Error).stack ?? e}`);
    return undefined;
  }
}

export function completion(ctx: FeatureContext, doc: TextDocument, position: Position): CompletionList {
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
}

export function hover(ctx: FeatureContext, doc: TextDocument, position: Position): Hover | undefined {
  for (const p of providers) {
    const h = p.hover && guarded(ctx, `${p.name} hover`, () => p.hover!(ctx, doc, position));
    if (h) return h;
  }
  return undefined;
}

export function definition(ctx: FeatureContext, doc: TextDocument, position: Position): Definition | LocationLink[] | undefined {
  for (const p of providers) {
    const d = p.definition && guarded(ctx, `${p.name} definition`, () => p.definition!(ctx, doc, position));
    if (d && d.length) return d;
  }
  return undefined;
}

export async function references(ctx: FeatureContext, doc: TextDocument, position: Position, includeDeclaration: boolean): Promise<Location[]> {
  for (const p of providers) {
    if (!p.references) continue;
    try {
      const r = await p.references(ctx, doc, position, includeDeclaration);
      if (r) return r;
    } catch (e) {
      ctx.log(`${p.name} references failed: ${(e as Error).stack ?? e}`);
    }
  }
  return [];
}

function collect<T>(ctx: FeatureContext, what: string, fn: (p: FeatureProvider) => T[] | undefined): T[] {
  const out: T[] = [];
  for (const p of providers) {
    const items = guarded(ctx, `${p.name} ${what}`, () => fn(p));
    if (items) out.push(...items);
  }
  return out;
}

export const documentLinks = (ctx: FeatureContext, doc: TextDocument) => collect(ctx, 'document links', (p) => p.documentLinks?.(ctx, doc));
export const codeActions = (ctx: FeatureContext, doc: TextDocument, range: Range, context: CodeActionContext) =>
  collect(ctx, 'code actions', (p) => p.codeActions?.(ctx, doc, range, context));
export const documentSymbols = (ctx: FeatureContext, doc: TextDocument) => collect(ctx, 'document symbols', (p) => p.documentSymbols?.(ctx, doc));
export const foldingRanges = (ctx: FeatureContext, doc: TextDocument) => collect(ctx, 'folding ranges', (p) => p.foldingRanges?.(ctx, doc));
export const workspaceSymbols = (ctx: FeatureContext, query: string) => collect(ctx, 'workspace symbols', (p) => p.workspaceSymbols?.(ctx, query));

export function prepareRename(ctx: FeatureContext, doc: TextDocument, position: Position): { range: Range; placeholder: string } | undefined {
  for (const p of providers) {
    const r = p.prepareRename && guarded(ctx, `${p.name} prepareRename`, () => p.prepareRename!(ctx, doc, position));
    if (r) return r;
  }
  return undefined;
}

export async function rename(ctx: FeatureContext, doc: TextDocument, position: Position, newName: string): Promise<WorkspaceEdit | undefined> {
  for (const p of providers) {
    if (!p.rename || !p.prepareRename?.(ctx, doc, position)) continue;
    return p.rename(ctx, doc, position, newName);
  }
  return undefined;
}

/** Edits other files need when posts are renamed or moved: merged from every feature. */
export async function willRenameFiles(ctx: FeatureContext, renames: FileRename[]): Promise<WorkspaceEdit | undefined> {
  const merged: WorkspaceEdit = { changes: {} };
  let any = false;
  for (const p of providers) {
    if (!p.willRenameFiles) continue;
    try {
      const edit = await p.willRenameFiles(ctx, renames);
      for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
        (merged.changes![uri] ??= []).push(...edits);
        any = true;
      }
    } catch (e) {
      ctx.log(`${p.name} willRenameFiles failed: ${(e as Error).stack ?? e}`);
    }
  }
  return any ? merged : undefined;
}

/** Fills every feature's caches, so the first hover or completion after start-up is as fast as the rest. */
export function warmUp(ctx: FeatureContext): void {
  for (const p of providers) if (p.warmUp) guarded(ctx, `${p.name} warm-up`, () => p.warmUp!(ctx));
}

/** The characters that open completion while typing, across features. */
export const COMPLETION_TRIGGER_CHARACTERS = [' ', '-', '[', ',', '"', "'", '<', '%', '/', '(', '='];
