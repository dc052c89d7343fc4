/**
 * The preview panel: one webview that follows the active blog post, re-rendered by the language server
 * (`blogAuthor/render`) as you type, with scroll sync both ways and clickable internal links.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { escapeHtml } from '../../../shared/html';
import { IS_POST_REQUEST, RENDER_REQUEST, type RenderParams, type RenderResult } from '../../../shared/protocol';
import { buildExactModeHtml, HugoServer, hugoAvailable } from './hugoServer';
import { validateMessage } from './messages';
import { buildPreviewHtml, makeNonce, rewriteLocalUris } from './webviewHtml';

/** Whether the server's index holds a post at this path. */

export function isBlogPost(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === 'markdown' && doc.uri.scheme === 'file';
}

export class PreviewPanel implements vscode.Disposable {
  private document: vscode.TextDocument | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private renderTimer: NodeJS.Timeout | undefined;
  private sequence = 0;
  /** The render in flight: cancelled when a newer one is sent, so the server skips it if it has not started. */
  private renderCancel: vscode.CancellationTokenSource | undefined;
  private lastRenderMs = 0;
  /** Set when the preview scrolled the editor, so the editor's scroll event is not sent back. */
  private editorScrolledByPreviewAt = 0;
  private pendingFragment: string | undefined;
  /**
   * Whether the page's script has said `ready` since the HTML was last set. A message posted before that is
   * lost (the page has no listener yet): that left the first preview blank until the next keystroke.
   */
  private webviewReady = false;
  /** The latest update rendered while the page was not ready: posted when it says `ready`. */
  private pendingUpdate: Record<string, unknown> | undefined;
  /** Exact mode: the `hugo server` of the post's site, and the URL shown. */
  private hugo: HugoServer | undefined;
  private exactUrl: string | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: LanguageClient,
    private readonly onDispose: () => void,
  ) {
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), null, this.disposables);
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && isBlogPost(editor.document) && editor.document !== this.document) this.show(editor.document);
    }, null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === this.document) this.scheduleRender();
    }, null, this.disposables);
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
      if (e.textEditor.document !== this.document || Date.now() - this.editorScrolledByPreviewAt < 300) return;
      const top = e.visibleRanges[0]?.start.line ?? 0;
      void this.panel.webview.postMessage({ type: 'scrollTo', line: top });
    }, null, this.disposables);
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('blogAuthor.preview')) void this.resetHtml();
    }, null, this.disposables);
  }

  static create(extensionUri: vscode.Uri, client: LanguageClient, column: vscode.ViewColumn, onDispose: () => void): PreviewPanel {
    const roots = [extensionUri, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    const panel = vscode.window.createWebviewPanel('blogAuthor.preview', 'Blog Preview', { viewColumn: column, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: roots,
    });
    return new PreviewPanel(panel, extensionUri, client, onDispose);
  }

  reveal(column: vscode.ViewColumn): void {
    this.panel.reveal(column, true);
  }

  async show(document: vscode.TextDocument): Promise<void> {
    const first = !this.document;
    this.document = document;
    this.panel.title = `Preview ${document.uri.path.split('/').pop()}`;
    // resetHtml renders too (once the page is ready, the update is posted).
    if (first) await this.resetHtml();
    else await this.render();
  }

  /** Posts an update now if the page listens, else keeps it (only the newest) for its `ready`. */
  private async postUpdate(update: Record<string, unknown>): Promise<void> {
    if (!this.webviewReady) {
      this.pendingUpdate = update;
      return;
    }
    const delivered = await this.panel.webview.postMessage(update);
    if (!delivered) this.pendingUpdate = update;
  }

  private async resetHtml(): Promise<void> {
    this.exactUrl = undefined;
    const webview = this.panel.webview;
    const asset = (p: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist/preview', p)).toString();
    const styles = [asset('katex/katex.min.css'), asset('preview.css')];
    if (vscode.workspace.getConfiguration('blogAuthor.preview').get<boolean>('siteCss', false)) {
      const found = await vscode.workspace.findFiles('{static,themes/*/static,assets}/css/**/*.css', '**/node_modules/**', 8);
      styles.push(...found.map((u) => webview.asWebviewUri(u).toString()));
    }
    const line = this.visibleEditor()?.visibleRanges[0]?.start.line;
    this.webviewReady = false;
    webview.html = buildPreviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asset('preview.js'),
      styleUris: styles,
      body: '',
      state: { uri: this.document?.uri.toString() ?? '', line },
    });
    if (this.document) await this.render();
  }

  private scheduleRender(): void {
    clearTimeout(this.renderTimer);
    // Bigger posts take longer to render: wait a little longer between keystrokes for them.
    this.renderTimer = setTimeout(() => void this.render(), Math.min(300, Math.max(30, this.lastRenderMs)));
  }

  private async render(): Promise<void> {
    const doc = this.document;
    if (!doc) return;
    if (await this.renderExact(doc)) return;
    const seq = ++this.sequence;
    const started = Date.now();
    let result: RenderResult;
    try {
      this.renderCancel?.cancel();
      this.renderCancel = new vscode.CancellationTokenSource();
      result = await this.client.sendRequest<RenderResult>(RENDER_REQUEST, { uri: doc.uri.toString(), text: doc.getText() } satisfies RenderParams, this.renderCancel.token);
    } catch (e) {
      if (seq !== this.sequence) return;
      const message = (e as Error).message ?? String(e);
      void this.postUpdate({ type: 'update', uri: doc.uri.toString(), html: `<div class="ba-shortcode"><div class="ba-shortcode-head">Preview failed</div><pre>${escapeHtml(message)}</pre></div>`, title: '' });
      return;
    }
    this.lastRenderMs = Date.now() - started;
    if (seq !== this.sequence || doc !== this.document) return; // a newer render is on its way
    const html = rewriteLocalUris(result.html, (fileUri) => this.panel.webview.asWebviewUri(vscode.Uri.parse(fileUri)).toString());
    await this.postUpdate({
      type: 'update',
      uri: doc.uri.toString(),
      html,
      title: result.title,
      milliseconds: result.milliseconds,
      line: this.visibleEditor()?.visibleRanges[0]?.start.line,
    });
    if (this.pendingFragment) {
      void this.panel.webview.postMessage({ type: 'scrollToId', id: this.pendingFragment });
      this.pendingFragment = undefined;
    }
  }

  private visibleEditor(): vscode.TextEditor | undefined {
    return vscode.window.visibleTextEditors.find((e) => e.document === this.document);
  }

  private async onMessage(raw: unknown): Promise<void> {
    // Untrusted: the webview shows post content. Paths must be inside the workspace and posts the
    // index knows; external URLs http, https or mailto only.
    const message = validateMessage(raw, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
    if (!message) return;
    switch (message.type) {
      case 'revealLine': {
        const editor = this.visibleEditor();
        if (!editor || editor.document.uri.toString() !== message.uri) return;
        const line = Math.max(0, Math.min(message.line, editor.document.lineCount - 1));
        const range = new vscode.Range(line, 0, line, 0);
        this.editorScrolledByPreviewAt = Date.now();
        if (message.focus) {
          await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: range });
        } else editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
        return;
      }
      case 'openPost': {
        const uri = vscode.Uri.file(message.path);
        const known = await this.client.sendRequest<boolean>(IS_POST_REQUEST, { path: message.path }).catch(() => false);
        if (!known) return;
        try {
          const doc = await vscode.workspace.openTextDocument(uri);
          const column = this.visibleEditor()?.viewColumn ?? vscode.ViewColumn.One;
          this.pendingFragment = message.fragment || undefined;
          await vscode.window.showTextDocument(doc, { viewColumn: column });
        } catch {
          void vscode.window.showWarningMessage(`Blog Author: cannot open ${message.path}`);
        }
        return;
      }
      case 'openExternal':
        await vscode.env.openExternal(vscode.Uri.parse(message.href));
        return;
      case 'ready': {
        this.webviewReady = true;
        const update = this.pendingUpdate;
        this.pendingUpdate = undefined;
        if (update) await this.postUpdate(update);
        return;
      }
    }
  }

  /**
   * Exact mode (blogAuthor.preview.exactMode, with `hugo` on PATH): the page from `hugo server` in an
   * iframe. Hugo rebuilds on save; the iframe is only reloaded when the post's URL changes. False when
   * the mode is off or unavailable, and the preview renders as usual.
   */
  private async renderExact(doc: vscode.TextDocument): Promise<boolean> {
    if (!vscode.workspace.getConfiguration('blogAuthor.preview').get<boolean>('exactMode', false)) {
      if (this.hugo) this.stopHugo();
      return false;
    }
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder || doc.uri.scheme !== 'file') return false;
    try {
      if (!this.hugo || this.hugo.siteRoot !== folder.uri.fsPath) {
        this.stopHugo();
        if (!(await hugoAvailable())) {
          void vscode.window.showWarningMessage('Blog Author: exact mode needs `hugo` on PATH; showing the built-in preview.');
          return false;
        }
        this.hugo = new HugoServer(folder.uri.fsPath);
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting hugo server…' }, () => this.hugo!.start());
      }
      const url = await this.hugo.urlFor(doc.uri.fsPath);
      if (!url) return false;
      if (url !== this.exactUrl) {
        this.exactUrl = url;
        this.panel.webview.html = buildExactModeHtml(this.hugo.origin, url);
      }
      return true;
    } catch (e) {
      this.stopHugo();
      void vscode.window.showWarningMessage(`Blog Author: hugo server failed, showing the built-in preview. ${(e as Error).message.split('\n')[0]}`);
      return false;
    }
  }

  private stopHugo(): void {
    const wasExact = this.exactUrl !== undefined;
    this.hugo?.stop();
    this.hugo = undefined;
    this.exactUrl = undefined;
    // Back to the built-in preview's shell.
    if (wasExact) void this.resetHtml();
  }

  dispose(): void {
    this.hugo?.stop();
    this.hugo = undefined;
    clearTimeout(this.renderTimer);
    this.renderCancel?.cancel();
    this.onDispose();
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
