/**
 * The LSP adapter: capabilities, request → feature, nothing else. All behaviour lives in the
 * editor-independent core (service.ts, and languageService.ts over features/), so the CLI and tests share it.
 */
import {
  createConnection,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentsConfiguration,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isCancelled, throwIfCancelled } from './cancellation';
import { COMPLETION_TRIGGER_CHARACTERS, createLanguageService, type LanguageService } from './languageService';
import { INDEX_STATE_NOTIFICATION, IS_POST_REQUEST, RENDER_REQUEST, type IndexState, type RenderParams } from '../../shared/protocol';
import { registerTaxonomyRequests, TAXONOMY_COMMANDS } from './features/taxonomy/requests';
import { handleRenderRequest } from './renderRequest';
import { BlogService } from './service';
import { HUGO_CONFIG_DIR, JEKYLL_HTML_POSTS_GLOB, JEKYLL_SITE_FILES_GLOB, MARKDOWN_GLOB, SITE_CONFIG_NAMES } from './site/siteFiles';
import { NodeWorkspace } from './workspace/nodeWorkspace';
import { ClientUris, fromNativePath } from './workspace/uri';
import { growYoungGenerationEarly } from './v8Tuning';

export { INDEX_STATE_NOTIFICATION, type IndexState } from '../../shared/protocol';

/**
 * TextDocument, with incoming incremental changes validated: positions that are negative,
 * fractional, not numbers or past the end are clamped to the document, one change at a time (each
 * is relative to the text the previous one left). A range far past the end used to make the
 * document model build a million-line table with NaN positions, after which features threw.
 */
export const SafeTextDocument: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(doc, changes, version) {
    const n = (v: unknown, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(0, Math.floor(v))) : 0);
    const offset = (p: unknown) => {
      const q = (p && typeof p === 'object' ? p : {}) as { line?: unknown; character?: unknown };
      const line = n(q.line, doc.lineCount);
      if (line >= doc.lineCount) return doc.getText().length;
      return doc.offsetAt({ line, character: n(q.character, doc.getText().length) });
    };
    for (const c of changes as unknown[]) {
      const change = (c && typeof c === 'object' ? c : {}) as { range?: unknown; text?: unknown };
      const text = typeof change.text === 'string' ? change.text : '';
      if (!change.range || typeof change.range !== 'object') {
        TextDocument.update(doc, [{ text }], version);
        continue;
      }
      const r = change.range as { start?: unknown; end?: unknown };
      const a = offset(r.start);
      const b = offset(r.end);
      TextDocument.update(doc, [{ range: { start: doc.positionAt(Math.min(a, b)), end: doc.positionAt(Math.max(a, b)) }, text }], version);
    }
    return TextDocument.update(doc, [], version);
  },
};
/** The preview's renderer is its own bundle (dist/server/render.js), loaded on the first preview. */
const loadRenderer = (): typeof import('./renderMain') => require('./renderMain');

export function startServer(connection: Connection, features: LanguageService = createLanguageService()): void {
  const documents = new TextDocuments(SafeTextDocument);
  let service: BlogService | undefined;
  /** The site model is loaded: what needs only it and the open document may answer. */
  let siteReady: Promise<void> = Promise.resolve();
  /** Every post's front matter is indexed (phase 1): completion, hover and the like answer from then on. */
  let ready: Promise<void> = Promise.resolve();
  /** The whole index is built, links too (phase 2): references, renames, diagnostics wait for it (the text index fills after). */
  let complete: Promise<void> = Promise.resolve();
  let workspaceFolder = fromNativePath(process.cwd());
  // URIs in and out, as this client spells them (VS Code on Windows: file:///c%3A/…, Neovim: file:///C:/…).
  let uris = new ClientUris();
  let otherFolders: string[] = [];
  let initialSettings: unknown;
  let watchRegistration = false;
  const pendingDiagnostics = new Map<string, NodeJS.Timeout>();

  const log = (message: string) => connection.console.log(message);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    uris = new ClientUris(folder);
    if (folder) workspaceFolder = uris.toPath(folder);
    else if (params.rootPath) workspaceFolder = fromNativePath(params.rootPath);
    otherFolders = (params.workspaceFolders ?? []).slice(1).map((f) => uris.toPath(f.uri));
    initialSettings = params.initializationOptions?.settings ?? params.initializationOptions;
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        renameProvider: { prepareProvider: true },
        executeCommandProvider: { commands: Object.values(TAXONOMY_COMMANDS) },
        workspace: {
          fileOperations: { willRename: { filters: [{ pattern: { glob: MARKDOWN_GLOB } }, { pattern: { glob: JEKYLL_HTML_POSTS_GLOB } }, { pattern: { glob: '**/', matches: 'folder' } }] } },
        },
      },
      serverInfo: { name: 'blog-author', version: '0.1.0' },
    };
  });

  const sendState = () => {
    if (!service) return;
    const state: IndexState = {
      // 'ready' only once everything is: while phase 2 runs the server answers but is still indexing.
      state: service.site.generator === 'unknown' ? 'no-site' : service.isComplete ? 'ready' : 'indexing',
      words: !service.index.text.enabled ? undefined : service.isComplete && service.index.text.isReady ? 'ready' : 'filling',
      posts: service.index.postCount,
      generator: service.site.generator,
      root: service.site.root,
    };
    void connection.sendNotification(INDEX_STATE_NOTIFICATION, state);
  };

  /** A broken site config is shown on the config file itself; fixing it clears the entry. */
  let configFilesWithProblems: string[] = [];
  const publishConfigProblems = () => {
    if (!service) return;
    const byFile = new Map<string, { message: string; severity: 1 | 3; code: string }[]>();
    for (const p of service.site.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), { message: p.message, severity: 1, code: 'config' }]);
    // Information about the site (an absent theme module, a render hook whose links are not checked), on its file.
    for (const n of service.site.notes) byFile.set(n.file, [...(byFile.get(n.file) ?? []), { message: n.message, severity: 3, code: n.code }]);
    for (const file of configFilesWithProblems) if (!byFile.has(file)) void connection.sendDiagnostics({ uri: uris.toUri(file), diagnostics: [] });
    for (const [file, entries] of byFile) {
      const diagnostics = entries.map(({ message, severity, code }) => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message, severity, source: 'blog-author', code }));
      void connection.sendDiagnostics({ uri: uris.toUri(file), diagnostics });
    }
    configFilesWithProblems = [...byFile.keys()];
  };

  connection.onInitialized(() => {
    let siteLoaded!: () => void;
    siteReady = new Promise<void>((resolveSite) => (siteLoaded = resolveSite));
    let answering!: () => void;
    ready = new Promise<void>((resolveReady) => (answering = resolveReady));
    complete = (async () => {
      try {
        const svc = await BlogService.create({ workspace: new NodeWorkspace(log), folder: workspaceFolder, otherFolders, settings: initialSettings, log, uris });
        service = svc;
        for (const doc of documents.all()) svc.documentChanged(doc);
        siteLoaded();
        sendState();
        publishConfigProblems();
        // Indexing starts at once: the progress bar comes when the client has answered (a busy editor
        // answers late), showing the latest figures; the index does not wait for it.
        let progress: WorkDoneProgressServerReporter | undefined;
        let latest: [number, string] | undefined;
        let indexed = false;
        void connection.window.createWorkDoneProgress().then(
          (p) => {
            if (indexed) return;
            p.begin('Blog Author: indexing posts', latest?.[0] ?? 0, latest?.[1], false);
            progress = p;
          },
          () => undefined,
        );
        await svc.buildIndex(
          (done, total) => {
            latest = [total ? Math.round((done / total) * 100) : 100, `${done} / ${total} files`];
            progress?.report(...latest);
          },
          undefined,
          () => {
            latest = [100, 'links'];
            progress?.report(...latest);
            answering();
          },
        );
        indexed = true;
        progress?.done();
        svc.index.onDidChange(sendState);
        sendState();
        // Once more when the words are in (the state says so).
        void svc.index.text.whenReady().then(sendState);
        for (const doc of documents.all()) scheduleDiagnostics(doc);
        // Build the link graph and ranking tables now rather than on the user's first hover.
        setTimeout(() => features.warmUp(svc), 50);
        // Requests need not wait for the client to answer the registration: it is not awaited.
        if (watchRegistration) {
          void connection.client
            .register(DidChangeWatchedFilesNotification.type, {
              watchers: [{ globPattern: MARKDOWN_GLOB }, { globPattern: JEKYLL_HTML_POSTS_GLOB }, { globPattern: JEKYLL_SITE_FILES_GLOB }, { globPattern: '**/layouts/**/*.html' }, { globPattern: `**/{${SITE_CONFIG_NAMES.join(',')}}` }, { globPattern: `**/${HUGO_CONFIG_DIR}/*` }],
            })
            .catch((e) => log(`blog-author could not watch files: ${(e as Error).message ?? e}`));
        }
      } finally {
        siteLoaded();
        answering();
      }
    })().catch((e) => log(`blog-author failed to start: ${(e as Error).stack ?? e}`));
  });

  /**
   * Waits for the index; features answer from it. A request cancelled by the client (`$/cancelRequest`,
   * seen when the work yields: cancellation.ts) is answered with RequestCancelled.
   */
  const withService = async <T>(fallback: T, fn: (svc: BlogService) => T | Promise<T>, token?: CancellationToken, needs: 'complete' | 'index' | 'site' = 'index'): Promise<T> => {
    await (needs === 'site' ? siteReady : needs === 'complete' ? complete : ready);
    if (!service) return fallback;
    try {
      throwIfCancelled(token);
      return await fn(service);
    } catch (e) {
      if (isCancelled(e)) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      // A bug in a feature must never take the server (and the user's editor session) down.
      log(`request failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };

  const scheduleDiagnostics = (doc: TextDocument) => {
    clearTimeout(pendingDiagnostics.get(doc.uri));
    pendingDiagnostics.set(
      doc.uri,
      setTimeout(() => {
        pendingDiagnostics.delete(doc.uri);
        void withService(undefined, (svc) => {
          const current = documents.get(doc.uri);
          if (!current) return;
          void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: features.diagnostics(svc, current) });
        }, undefined, 'complete');
      }, 150),
    );
  };

  /** The open document for a request, or nothing when the client asks about a closed file. */
  const doc = (uri: string) => documents.get(uri);

  connection.onCompletion((p, token) => withService(null, (svc) => (doc(p.textDocument.uri) ? features.completion(svc, doc(p.textDocument.uri)!, p.position) : null), token));
  connection.onHover((p, token) => withService(null, (svc) => (doc(p.textDocument.uri) ? features.hover(svc, doc(p.textDocument.uri)!, p.position) ?? null : null), token));
  connection.onDefinition((p, token) => withService(null, (svc) => (doc(p.textDocument.uri) ? features.definition(svc, doc(p.textDocument.uri)!, p.position) ?? null : null), token));
  connection.onReferences((p, token) => withService([], (svc) => (doc(p.textDocument.uri) ? features.references(svc, doc(p.textDocument.uri)!, p.position, !!p.context?.includeDeclaration, token) : []), token, 'complete'));
  connection.onDocumentLinks((p, token) => withService([], (svc) => (doc(p.textDocument.uri) ? features.documentLinks(svc, doc(p.textDocument.uri)!) : []), token));
  connection.onCodeAction((p, token) => withService([], (svc) => (doc(p.textDocument.uri) ? features.codeActions(svc, doc(p.textDocument.uri)!, p.range, p.context) : []), token, 'complete'));
  // The outline and folding are the open document's own: they answer while the index is built.
  connection.onDocumentSymbol((p, token) => withService([], (svc) => (doc(p.textDocument.uri) ? features.documentSymbols(svc, doc(p.textDocument.uri)!) : []), token, 'site'));
  connection.onFoldingRanges((p, token) => withService([], (svc) => (doc(p.textDocument.uri) ? features.foldingRanges(svc, doc(p.textDocument.uri)!) : []), token, 'site'));
  connection.onWorkspaceSymbol((p, token) => withService([], (svc) => features.workspaceSymbols(svc, p.query, token), token, 'complete'));
  connection.onPrepareRename((p, token) => withService(null, (svc) => (doc(p.textDocument.uri) ? features.prepareRename(svc, doc(p.textDocument.uri)!, p.position) ?? null : null), token, 'complete'));
  connection.onRenameRequest((p, token) => withService(null, (svc) => (doc(p.textDocument.uri) ? features.rename(svc, doc(p.textDocument.uri)!, p.position, p.newName, token).then((e) => e ?? null) : null), token, 'complete'));
  // The preview's HTML (issue #7): the editor's unsaved text when given, else the open document or the file.
  connection.onRequest(RENDER_REQUEST, (p: RenderParams, token: CancellationToken) =>
    withService(null, (svc) => loadRenderer().handleRenderRequest(svc, { ...p, text: p.text ?? doc(p.uri)?.getText() }, token), token, 'complete'),
  );
  // The preview opens only posts the index knows (its messages are untrusted).
  connection.onRequest(IS_POST_REQUEST, (p: { path?: unknown }) => withService(false, (svc) => typeof p?.path === 'string' && !!svc.index.get(fromNativePath(p.path))));
  // The taxonomy explorer, tag hygiene and new post (issue #17).
  registerTaxonomyRequests(connection, withService, () => service);
  connection.workspace.onWillRenameFiles((p, token) =>
    withService(null, async (svc) => (await features.willRenameFiles(svc, p.files.map((f) => ({ oldPath: uris.toPath(f.oldUri), newPath: uris.toPath(f.newUri) })), token)) ?? null, token, 'complete'),
  );

  documents.onDidOpen((e) => {
    service?.documentChanged(e.document);
    scheduleDiagnostics(e.document);
  });
  documents.onDidChangeContent((e) => {
    service?.documentChanged(e.document);
    scheduleDiagnostics(e.document);
  });
  documents.onDidClose((e) => {
    clearTimeout(pendingDiagnostics.get(e.document.uri));
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    void withService(undefined, (svc) => svc.documentClosed(e.document.uri));
  });

  connection.onDidChangeWatchedFiles((params) =>
    withService(undefined, async (svc) => {
      let reloaded = false;
      for (const change of params.changes) {
        const kind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
        reloaded = (await svc.fileChangedOnDisk(uris.toPath(change.uri), kind)) || reloaded;
      }
      if (reloaded) {
        sendState();
        publishConfigProblems();
      }
      for (const doc of documents.all()) scheduleDiagnostics(doc);
    }, undefined, 'complete'),
  );

  connection.onDidChangeConfiguration((params) =>
    withService(undefined, async (svc) => {
      const settings = (params.settings as { blogAuthor?: unknown } | undefined)?.blogAuthor;
      if (settings) await svc.updateSettings(settings);
      for (const doc of documents.all()) scheduleDiagnostics(doc);
    }, undefined, 'complete'),
  );

  documents.listen(connection);
  connection.listen();
}

/** Starts the server on the transport named on the command line (--stdio, --node-ipc, --socket=N). */
export function runLanguageServer(): void {
  // Here, once this bundle is loaded: set before, a flag would make V8 reject the bundle's code cache.
  growYoungGenerationEarly();
  startServer(createConnection(ProposedFeatures.all));
}
