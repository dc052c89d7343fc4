/** Registers the preview commands; the extension's activate() calls registerPreview once. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isBlogPost, PreviewPanel } from './previewPanel';

export function registerPreview(context: vscode.ExtensionContext, client: LanguageClient): void {
  let preview: PreviewPanel | undefined;

  const open = async (column: vscode.ViewColumn, uri?: vscode.Uri) => {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!isBlogPost(doc)) {
      void vscode.window.showInformationMessage('Blog Author: open a blog post (Markdown) to preview it.');
      return;
    }
    if (!preview) preview = PreviewPanel.create(context.extensionUri, client, column, () => (preview = undefined));
    else preview.reveal(column);
    await preview.show(doc);
  };

  const updateContext = (editor: vscode.TextEditor | undefined) =>
    void vscode.commands.executeCommand('setContext', 'blogAuthor.isBlogPost', isBlogPost(editor?.document) && !!vscode.workspace.getWorkspaceFolder(editor!.document.uri));
  updateContext(vscode.window.activeTextEditor);

  context.subscriptions.push(
    vscode.commands.registerCommand('blogAuthor.openPreviewToSide', (uri?: vscode.Uri) => open(vscode.ViewColumn.Beside, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('blogAuthor.openPreview', (uri?: vscode.Uri) => open(vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    { dispose: () => preview?.dispose() },
  );
}
