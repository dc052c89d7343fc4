/**
 * Blog: Tag Hygiene Report — per taxonomy, case/accent variants and near-duplicates, each a one-click
 * merge (previewed before anything changes), and the terms used once (choosing one opens its post).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { mergeTerms, REQUESTS, type MergeSuggestion, type TaxonomyHygiene, type TermPost } from './protocol';

type Item = vscode.QuickPickItem & { merge?: MergeSuggestion; once?: { taxonomy: string; term: string } };

export function hygieneItems(report: TaxonomyHygiene[]): Item[] {
  const items: Item[] = [];
  const q = (t: string) => `'${t}'`;
  for (const t of report) {
    const own: Item[] = [];
    for (const v of t.variants) {
      own.push({
        label: `$(git-merge) Merge ${v.merge.from.map(q).join(', ')} into ${q(v.merge.to)}`,
        description: v.spellings.map((s) => `${s.term} ${s.count}`).join(' · '),
        detail: 'Differ only by case or accents',
        merge: v.merge,
      });
    }
    for (const d of t.nearDuplicates) {
      own.push({
        label: `$(git-merge) Merge ${d.merge.from.map(q).join(', ')} into ${q(d.merge.to)}`,
        description: `${d.b.term} ${d.b.count} · ${d.a.term} ${d.a.count}`,
        detail: d.why === 'plural' ? 'Singular and plural' : 'A typo apart',
        merge: d.merge,
      });
    }
    for (const term of t.usedOnce) own.push({ label: `$(tag) ${term}`, description: 'used once', once: { taxonomy: t.taxonomy, term } });
    items.push({ label: `${t.taxonomy}: ${t.variants.length} variant groups, ${t.nearDuplicates.length} near-duplicates, ${t.usedOnce.length} used once`, kind: vscode.QuickPickItemKind.Separator });
    items.push(...own);
  }
  return items;
}

export function registerHygieneReport(context: vscode.ExtensionContext, client: LanguageClient, refresh: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('blogAuthor.taxonomy.hygiene', async () => {
      const report = await client.sendRequest<TaxonomyHygiene[]>(REQUESTS.hygiene, {});
      const items = hygieneItems(report);
      if (!items.some((i) => i.kind !== vscode.QuickPickItemKind.Separator)) {
        void vscode.window.showInformationMessage('Tag hygiene: nothing to tidy.');
        return;
      }
      const pick = await vscode.window.showQuickPick(items, { title: 'Tag Hygiene', placeHolder: 'Choose a merge to preview it, or a term used once to open its post', matchOnDescription: true, matchOnDetail: true });
      if (pick?.merge) {
        if (await mergeTerms(client, pick.merge.taxonomy, pick.merge.from, pick.merge.to, false)) refresh();
      } else if (pick?.once) {
        const [post] = await client.sendRequest<TermPost[]>(REQUESTS.termPosts, pick.once);
        if (post) await vscode.window.showTextDocument(vscode.Uri.parse(post.uri));
      }
    }),
  );
}
