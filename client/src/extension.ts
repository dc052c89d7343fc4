/**
 * The VS Code side: start the language server, show the index state in the status bar, and
 * register the preview. Everything else is the server's job.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { INDEX_STATE_NOTIFICATION, type IndexState } from '../../shared/protocol';
import { registerTaxonomyExplorer } from './explorer/taxonomyTree';
import { registerNewPost } from './newPost';
import { registerPreview } from './preview';
import { registerSuggestCommands } from './suggest';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    synchronize: { configurationSection: 'blogAuthor' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('blogAuthor') },
    outputChannelName: 'Blog Author',
  };
  client = new LanguageClient('blogAuthor', 'Blog Author', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('blogAuthor.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Blog Author';
  status.text = '$(sync~spin) Blog: indexing…';
  status.command = 'blogAuthor.showOutput';
  status.show();
  context.subscriptions.push(status);
  context.subscriptions.push(vscode.commands.registerCommand('blogAuthor.showOutput', () => client?.outputChannel.show()));

  let finishProgress: (() => void) | undefined;
  client.onNotification(INDEX_STATE_NOTIFICATION, (state: IndexState) => {
    if (state.state === 'no-site') {
      // Markdown outside a blog (a README, notes): stay out of the way.
      status.hide();
      client?.outputChannel.appendLine('No Hugo or Jekyll configuration was found in this workspace; Blog Author stays idle.');
      return;
    }
    status.show();
    const count = state.posts.toLocaleString('en-US');
    if (state.state === 'indexing') {
      status.text = `$(sync~spin) Blog: indexing…`;
      if (!finishProgress) {
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Blog Author: indexing posts…' }, () => new Promise<void>((resolve) => (finishProgress = resolve)));
      }
      return;
    }
    status.text = `$(book) Blog: ${count} posts`;
    status.tooltip =
      `${state.generator === 'jekyll' ? 'Jekyll' : 'Hugo'} site at ${state.root}: ${count} posts indexed` +
      (state.words === 'filling' ? '; reading their words for suggestions (ranked by use until then)' : '');
    finishProgress?.();
    finishProgress = undefined;
  });

  registerPreview(context, client);
  registerTaxonomyExplorer(context, client);
  registerNewPost(context, client);
  registerSuggestCommands(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** The running client, for the preview and tests. */
export function languageClient(): LanguageClient | undefined {
  return client;
}
