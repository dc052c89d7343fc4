/** The server's taxonomy requests (server/src/features/taxonomy/requests.ts), as the client sees them; names from shared/protocol.ts. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

// The names are declared once, for both sides, in shared/protocol.ts.
import { TAXONOMY_CHANGED_NOTIFICATION, TAXONOMY_REQUESTS } from '../../../shared/protocol';

export const REQUESTS = TAXONOMY_REQUESTS;
export const TAXONOMY_CHANGED = TAXONOMY_CHANGED_NOTIFICATION;

export type { MergeSuggestion, TaxonomyHygiene, TaxonomySummary, TermGroup, TermPost, TermSpelling } from '../../../shared/protocol';

const quote = (t: string) => `'${t}'`;

/**
 * Merges (or renames) terms through the server's rename edit. The writer sees the edit first — a
 * dialog lists every file and line that changes — and chooses Apply, or Review to go through it in
 * the Refactor Preview (where each change is ticked before Apply). Nothing changes otherwise.
 * Returns whether the edit was applied.
 */
export async function mergeTerms(client: LanguageClient, taxonomy: string, from: string[], to: string, withVariants: boolean): Promise<boolean> {
  const edit = await client.sendRequest<import('vscode-languageclient').WorkspaceEdit>(REQUESTS.mergeEdit, { taxonomy, from, to, withVariants });
  const converted = await client.protocol2CodeConverter.asWorkspaceEdit(edit);
  const entries = converted.entries();
  if (!entries.length) {
    void vscode.window.showInformationMessage(`No post uses ${from.map(quote).join(', ')} in ${taxonomy}.`);
    return false;
  }
  const label = `${from.map(quote).join(', ')} → ${quote(to)}`;
  const lines: string[] = [];
  for (const [uri, edits] of entries.slice(0, 25)) {
    const doc = await vscode.workspace.openTextDocument(uri);
    for (const e of edits) {
      const line = doc.lineAt(e.range.start.line).text;
      const after = line.slice(0, e.range.start.character) + e.newText + (e.range.end.line === e.range.start.line ? line.slice(e.range.end.character) : '');
      lines.push(`${vscode.workspace.asRelativePath(uri)}:${e.range.start.line + 1}  ${line.trim()}  →  ${e.range.end.line > e.range.start.line || e.newText === '' ? '(item removed: already listed)' : after.trim()}`);
    }
  }
  if (entries.length > 25) lines.push(`… and ${entries.length - 25} more files`);
  const files = entries.length;
  const choice = await vscode.window.showInformationMessage(
    `Merge ${label} in ${taxonomy}: ${files} post${files === 1 ? ' changes' : 's change'}`,
    { modal: true, detail: lines.join('\n') },
    'Apply',
    'Review in Refactor Preview',
  );
  if (choice === 'Apply') {
    const clean = new Set<string>();
    for (const [uri] of entries) if (!vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.isDirty) clean.add(uri.toString());
    if (!(await vscode.workspace.applyEdit(converted, { isRefactoring: true }))) return false;
    // As a refactoring does: the posts that had no unsaved changes are saved with the accepted edit.
    for (const doc of vscode.workspace.textDocuments) if (clean.has(doc.uri.toString()) && doc.isDirty) await doc.save();
    return true;
  }
  if (choice !== 'Review in Refactor Preview') return false;
  const preview = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label, description: taxonomy };
  for (const [uri, edits] of entries) for (const e of edits) preview.replace(uri, e.range, e.newText, metadata);
  return vscode.workspace.applyEdit(preview, { isRefactoring: true });
}
