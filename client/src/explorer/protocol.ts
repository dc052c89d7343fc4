/** The server's taxonomy requests (server/src/features/taxonomy/requests.ts), as the client sees them. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const REQUESTS = {
  taxonomies: 'blogAuthor/taxonomies',
  terms: 'blogAuthor/taxonomyTerms',
  termPosts: 'blogAuthor/termPosts',
  hygiene: 'blogAuthor/taxonomyHygiene',
  mergeEdit: 'blogAuthor/mergeTermsEdit',
  newPostOptions: 'blogAuthor/newPostOptions',
  newPostPlan: 'blogAuthor/newPostPlan',
} as const;

export const TAXONOMY_CHANGED = 'blogAuthor/taxonomiesChanged';

export interface TaxonomySummary {
  name: string;
  singular: string;
  terms: number;
  uses: number;
}

export interface TermSpelling {
  term: string;
  count: number;
}

export interface TermGroup {
  term: string;
  count: number;
  spellings: TermSpelling[];
}

export interface TermPost {
  uri: string;
  path: string;
  title: string;
  date?: string;
  draft: boolean;
  spelling: string;
}

export interface MergeSuggestion {
  taxonomy: string;
  from: string[];
  to: string;
}

export interface TaxonomyHygiene {
  taxonomy: string;
  terms: number;
  usedOnce: string[];
  variants: { spellings: TermSpelling[]; merge: MergeSuggestion }[];
  nearDuplicates: { a: TermSpelling; b: TermSpelling; why: 'plural' | 'typo'; merge: MergeSuggestion }[];
}

const quote = (t: string) => `'${t}'`;

/**
 * Merges (or renames) terms through the server's rename edit, shown in the Refactor Preview first:
 * nothing changes until the writer presses Apply there. Returns whether the edit was applied.
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
  const preview = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label, description: taxonomy };
  for (const [uri, edits] of entries) for (const e of edits) preview.replace(uri, e.range, e.newText, metadata);
  return vscode.workspace.applyEdit(preview, { isRefactoring: true });
}
