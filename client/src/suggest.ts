/**
 * Blog: Suggest Tags / Blog: Suggest Related Posts — the palette's way to the server's "Suggest …"
 * code actions (server/src/features/frontMatter/suggestActions.ts): the action the server offers
 * for the post's front matter is asked for and its WorkspaceEdit applied as it is, so the command
 * and the light bulb always write the same thing, in the post's own list style.
 */
import * as vscode from 'vscode';

/** The server's code action kind for suggestions (SUGGEST_KIND). */
const SUGGEST_KIND = vscode.CodeActionKind.Refactor.append('rewrite').append('suggest');

async function suggestActions(editor: vscode.TextEditor): Promise<vscode.CodeAction[]> {
  // Offered where the front matter is: its first line.
  const range = new vscode.Range(0, 0, 0, 0);
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', editor.document.uri, range, SUGGEST_KIND.value)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && SUGGEST_KIND.contains(a.kind) && !!a.edit);
}

async function apply(action: vscode.CodeAction): Promise<void> {
  if (!(await vscode.workspace.applyEdit(action.edit!))) void vscode.window.showErrorMessage(`Blog Author: could not apply "${action.title}".`);
}

function activeMarkdown(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('Blog Author: open a post to suggest for.');
    return undefined;
  }
  return editor;
}

export function registerSuggestCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('blogAuthor.suggestRelated', async () => {
      const editor = activeMarkdown();
      if (!editor) return;
      const action = (await suggestActions(editor)).find((a) => a.title.startsWith('Suggest related posts'));
      if (!action) {
        void vscode.window.showInformationMessage('Blog Author: no related posts to suggest (the list is full, or this is not a post).');
        return;
      }
      await apply(action);
    }),
    vscode.commands.registerCommand('blogAuthor.suggestTags', async () => {
      const editor = activeMarkdown();
      if (!editor) return;
      const terms = (await suggestActions(editor)).filter((a) => !a.title.startsWith('Suggest related posts'));
      // `tags` when the blog has them; otherwise its one taxonomy, or a choice among them.
      let action = terms.find((a) => a.title.startsWith('Suggest tags:')) ?? (terms.length === 1 ? terms[0] : undefined);
      if (!action && terms.length) {
        const pick = await vscode.window.showQuickPick(terms.map((a) => ({ label: a.title, action: a })), { title: 'Suggest Terms' });
        action = pick?.action;
        if (!action) return;
      }
      if (!action) {
        void vscode.window.showInformationMessage('Blog Author: no tags to suggest (no similar post has any this post lacks).');
        return;
      }
      await apply(action);
    }),
  );
}
