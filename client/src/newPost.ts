/**
 * Blog: New Post — asks for the title (and the section when the blog has several), lets the server
 * plan the file (name as the blog names its posts, front matter from the archetype), creates it and
 * opens it with the cursor in the first empty list, where tag suggestions start at once.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REQUESTS } from './explorer/protocol';

interface NewPostOptions {
  generator: string;
  sections: { name: string; posts: number }[];
}

interface NewPostPlan {
  uri: string;
  relPath: string;
  text: string;
  cursor: { line: number; character: number };
  archetype?: string;
}

export function registerNewPost(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('blogAuthor.newPost', async (args?: { title?: string; section?: string }) => {
      const options = await client.sendRequest<NewPostOptions>(REQUESTS.newPostOptions, {});
      if (options.generator === 'unknown') {
        void vscode.window.showWarningMessage('Blog Author: no Hugo or Jekyll site in this workspace.');
        return;
      }
      const title = args?.title ?? (await vscode.window.showInputBox({ title: 'New Post', prompt: 'Title of the post', placeHolder: 'A title', validateInput: (v) => (v.trim() ? undefined : 'The post needs a title') }));
      if (!title?.trim()) return;
      let section = args?.section;
      if (!section && options.sections.length > 1) {
        const pick = await vscode.window.showQuickPick(
          options.sections.map((s) => ({ label: s.name, description: `${s.posts} post${s.posts === 1 ? '' : 's'}` })),
          { title: 'New Post', placeHolder: 'Section' },
        );
        if (!pick) return;
        section = pick.label;
      }
      const plan = await client.sendRequest<NewPostPlan | null>(REQUESTS.newPostPlan, { title, section });
      if (!plan) return;
      const uri = vscode.Uri.parse(plan.uri);
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
      edit.insert(uri, new vscode.Position(0, 0), plan.text);
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage(`Blog Author: could not create ${plan.relPath}.`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument(uri);
      await doc.save();
      const cursor = new vscode.Position(plan.cursor.line, plan.cursor.character);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(cursor, cursor) });
      vscode.window.setStatusBarMessage(`New post ${plan.relPath}${plan.archetype ? ` from ${plan.archetype}` : ''}`, 5000);
      if (doc.lineAt(cursor.line).text.slice(cursor.character - 1, cursor.character + 1) === '[]') void vscode.commands.executeCommand('editor.action.triggerSuggest');
    }),
  );
}
