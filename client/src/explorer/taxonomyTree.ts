/**
 * The Blog Taxonomies view: each taxonomy → its terms with post counts (by count or by name; case
 * and accent variants grouped under the most used spelling and marked) → the posts using the term.
 * Term actions: rename, merge into another term, merge variants, find posts. Refreshes when the
 * server says the terms changed.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerHygieneReport } from './hygieneReport';
import { mergeTerms, REQUESTS, TAXONOMY_CHANGED, type TaxonomySummary, type TermGroup, type TermPost } from './protocol';

type Node =
  | { kind: 'taxonomy'; taxonomy: TaxonomySummary }
  | { kind: 'term'; taxonomy: string; group: TermGroup }
  | { kind: 'post'; taxonomy: string; term: string; post: TermPost };

type Sort = 'count' | 'name';

export const VIEW_ID = 'blogAuthor.taxonomies';

export class TaxonomyTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  sort: Sort = 'count';
  private terms = new Map<string, Promise<TermGroup[]>>();

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.terms.clear();
    this.emitter.fire(undefined);
  }

  setSort(sort: Sort): void {
    this.sort = sort;
    void vscode.commands.executeCommand('setContext', 'blogAuthor.taxonomySort', sort);
    this.refresh();
  }

  termsOf(taxonomy: string): Promise<TermGroup[]> {
    const key = `${taxonomy}\0${this.sort}`;
    let p = this.terms.get(key);
    if (!p) this.terms.set(key, (p = this.client.sendRequest<TermGroup[]>(REQUESTS.terms, { taxonomy, sort: this.sort })));
    return p;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const taxonomies = await this.client.sendRequest<TaxonomySummary[]>(REQUESTS.taxonomies, {});
      return taxonomies.map((taxonomy) => ({ kind: 'taxonomy', taxonomy }));
    }
    if (node.kind === 'taxonomy') return (await this.termsOf(node.taxonomy.name)).map((group) => ({ kind: 'term', taxonomy: node.taxonomy.name, group }));
    if (node.kind === 'term') {
      const posts = await this.client.sendRequest<TermPost[]>(REQUESTS.termPosts, { taxonomy: node.taxonomy, term: node.group.term });
      return posts.map((post) => ({ kind: 'post', taxonomy: node.taxonomy, term: node.group.term, post }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'taxonomy') {
      const t = node.taxonomy;
      const item = new vscode.TreeItem(t.name, t.terms ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `tax:${t.name}`;
      item.description = `${t.terms} terms · ${t.uses} uses`;
      item.iconPath = new vscode.ThemeIcon('symbol-enum');
      item.contextValue = 'taxonomy';
      return item;
    }
    if (node.kind === 'term') {
      const g = node.group;
      const variants = g.spellings.length > 1;
      const item = new vscode.TreeItem(g.term, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `term:${node.taxonomy}:${g.term}`;
      item.description = variants ? `${g.count} · also ${g.spellings.slice(1).map((s) => `${s.term} (${s.count})`).join(', ')}` : String(g.count);
      item.iconPath = new vscode.ThemeIcon(variants ? 'warning' : 'tag', variants ? new vscode.ThemeColor('list.warningForeground') : undefined);
      item.contextValue = variants ? 'term.variants' : 'term';
      const tip = new vscode.MarkdownString(`**${g.term}** in ${node.taxonomy}: ${g.count} post${g.count === 1 ? '' : 's'}`);
      if (variants) tip.appendMarkdown(`\n\nSpelt ${g.spellings.map((s) => `\`${s.term}\` (${s.count})`).join(', ')}: differ only by case or accents.`);
      item.tooltip = tip;
      item.accessibilityInformation = { label: `${g.term}, ${g.count} posts${variants ? `, variants ${g.spellings.slice(1).map((s) => s.term).join(', ')}` : ''}` };
      return item;
    }
    const p = node.post;
    const item = new vscode.TreeItem(p.title, vscode.TreeItemCollapsibleState.None);
    item.id = `post:${node.taxonomy}:${node.term}:${p.uri}`;
    item.description = [p.date, p.draft ? 'draft' : '', p.spelling !== node.term ? `as ${p.spelling}` : ''].filter(Boolean).join(' · ');
    item.resourceUri = vscode.Uri.parse(p.uri);
    item.iconPath = vscode.ThemeIcon.File;
    item.tooltip = p.path;
    item.contextValue = 'post';
    item.command = { command: 'vscode.open', title: 'Open Post', arguments: [vscode.Uri.parse(p.uri)] };
    return item;
  }
}

export function registerTaxonomyExplorer(context: vscode.ExtensionContext, client: LanguageClient): TaxonomyTree {
  const tree = new TaxonomyTree(client);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(view);
  void vscode.commands.executeCommand('setContext', 'blogAuthor.taxonomySort', 'count');

  let timer: NodeJS.Timeout | undefined;
  client.onNotification(TAXONOMY_CHANGED, (p: { generator?: string } | undefined) => {
    if (p?.generator && p.generator !== 'unknown') void vscode.commands.executeCommand('setContext', 'blogAuthor.isBlog', true);
    clearTimeout(timer);
    timer = setTimeout(() => tree.refresh(), 100);
  });

  const termOf = async (node: Node | undefined, placeHolder: string): Promise<{ taxonomy: string; group: TermGroup } | undefined> => {
    if (node?.kind === 'term') return node;
    // From the palette: choose the taxonomy and the term.
    const taxonomies = await client.sendRequest<TaxonomySummary[]>(REQUESTS.taxonomies, {});
    const tax = taxonomies.length === 1 ? taxonomies[0] : (await vscode.window.showQuickPick(taxonomies.map((t) => ({ label: t.name, description: `${t.terms} terms`, t })), { placeHolder: 'Taxonomy' }))?.t;
    if (!tax) return undefined;
    const picked = await pickTerm(tree, tax.name, placeHolder);
    return picked && { taxonomy: tax.name, group: picked };
  };

  const command = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  command('blogAuthor.taxonomy.refresh', () => tree.refresh());
  command('blogAuthor.taxonomy.sortByName', () => tree.setSort('name'));
  command('blogAuthor.taxonomy.sortByCount', () => tree.setSort('count'));
  command('blogAuthor.taxonomy.rename', async (node?: Node) => {
    const t = await termOf(node, 'Term to rename');
    if (!t) return;
    const to = await vscode.window.showInputBox({ title: `Rename '${t.group.term}' (${t.taxonomy})`, value: t.group.term, prompt: `Renames it in the ${t.group.count} post${t.group.count === 1 ? '' : 's'} using it${t.group.spellings.length > 1 ? ', every spelling' : ''}; you see the changes before they are made.` });
    if (to === undefined || !to.trim() || to.trim() === t.group.term) return;
    await mergeTerms(client, t.taxonomy, [t.group.term], to.trim(), true);
  });
  command('blogAuthor.taxonomy.merge', async (node?: Node) => {
    const t = await termOf(node, 'Term to merge');
    if (!t) return;
    const target = await pickTerm(tree, t.taxonomy, `Merge '${t.group.term}' (${t.group.count}) into…`, t.group.term);
    if (!target) return;
    await mergeTerms(client, t.taxonomy, [t.group.term], target.term, true);
  });
  command('blogAuthor.taxonomy.mergeVariants', async (node?: Node) => {
    const t = await termOf(node, 'Term whose spellings to merge');
    if (!t || t.group.spellings.length < 2) return;
    await mergeTerms(client, t.taxonomy, t.group.spellings.slice(1).map((s) => s.term), t.group.term, false);
  });
  command('blogAuthor.taxonomy.findPosts', async (node?: Node) => {
    const t = await termOf(node, 'Term whose posts to list');
    if (!t) return;
    const posts = await client.sendRequest<TermPost[]>(REQUESTS.termPosts, { taxonomy: t.taxonomy, term: t.group.term });
    const pick = await vscode.window.showQuickPick(
      posts.map((p) => ({ label: p.title, description: [p.date, p.draft ? 'draft' : ''].filter(Boolean).join(' · '), detail: p.path, p })),
      { title: `${posts.length} post${posts.length === 1 ? '' : 's'} with ${t.taxonomy} '${t.group.term}'`, matchOnDetail: true },
    );
    if (pick) await vscode.window.showTextDocument(vscode.Uri.parse(pick.p.uri));
  });
  registerHygieneReport(context, client, () => tree.refresh());
  return tree;
}

async function pickTerm(tree: TaxonomyTree, taxonomy: string, placeHolder: string, exclude?: string): Promise<TermGroup | undefined> {
  const terms = (await tree.termsOf(taxonomy)).filter((g) => g.term !== exclude);
  const pick = await vscode.window.showQuickPick(
    terms.map((g) => ({ label: g.term, description: `${g.count} post${g.count === 1 ? '' : 's'}`, g })),
    { placeHolder },
  );
  return pick?.g;
}
