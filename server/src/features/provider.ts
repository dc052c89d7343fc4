/**
 * What a feature module offers the language service: one optional function per LSP request.
 * Providers are plain objects, listed explicitly in `createLanguageService` (languageService.ts).
 */
import type {
  CodeAction,
  CodeActionContext,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CancelToken } from '../cancellation';
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
  /** The long requests take the request's cancellation token (cancellation.ts): they yield and stop when it is cancelled. */
  references?(ctx: FeatureContext, doc: TextDocument, position: Position, includeDeclaration: boolean, token?: CancelToken): Promise<Location[] | undefined> | Location[] | undefined;
  documentLinks?(ctx: FeatureContext, doc: TextDocument): DocumentLink[];
  /** The feature's problems in the document, before the user's per-rule severities. */
  diagnostics?(ctx: FeatureContext, doc: TextDocument): Diagnostic[];
  codeActions?(ctx: FeatureContext, doc: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  documentSymbols?(ctx: FeatureContext, doc: TextDocument): DocumentSymbol[];
  foldingRanges?(ctx: FeatureContext, doc: TextDocument): FoldingRange[];
  prepareRename?(ctx: FeatureContext, doc: TextDocument, position: Position): { range: Range; placeholder: string } | undefined;
  rename?(ctx: FeatureContext, doc: TextDocument, position: Position, newName: string, token?: CancelToken): Promise<WorkspaceEdit | undefined> | WorkspaceEdit | undefined;
  workspaceSymbols?(ctx: FeatureContext, query: string, token?: CancelToken): WorkspaceSymbol[] | Promise<WorkspaceSymbol[]>;
  willRenameFiles?(ctx: FeatureContext, renames: FileRename[], token?: CancelToken): Promise<WorkspaceEdit | undefined>;
  /** Builds the feature's caches ahead of the first request (called once the index is ready). */
  warmUp?(ctx: FeatureContext): void;
}
