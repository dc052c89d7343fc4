/**
 * The taxonomy explorer, tag hygiene and new post over LSP, for any client (documented in the
 * README): custom requests for the data, `workspace/executeCommand` for the actions that change
 * files (they go through `workspace/applyEdit`, so the client decides), and a notification when the
 * data changes.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { CancelToken } from '../../cancellation';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import type { BlogService } from '../../service';
import { termRenameEdit } from '../frontMatter/rename';
import { taxonomySummaries, taxonomyTerms, termGroup, termPosts, type TermSort } from './explorer';
import { hygieneReport } from './hygiene';
import { newPostOptions, planNewPost, type NewPostRequest } from './newPost';

import { TAXONOMY_CHANGED_NOTIFICATION, TAXONOMY_COMMANDS, TAXONOMY_REQUESTS } from '../../../../shared/protocol';

export { TAXONOMY_CHANGED_NOTIFICATION, TAXONOMY_COMMANDS, TAXONOMY_REQUESTS };

export interface MergeTermsParams {
  taxonomy: string;
  /** Terms to rename; each brings its case/accent variants when `withVariants` is set. */
  from: string[];
  to: string;
  withVariants?: boolean;
}

type WithService = <T>(fallback: T, fn: (svc: BlogService) => T | Promise<T>, token?: CancellationToken) => Promise<T>;

/** The edit that merges terms into one: the rename edit of every spelling. */
export async function mergeTermsEdit(svc: BlogService, p: MergeTermsParams, token?: CancelToken): Promise<WorkspaceEdit> {
  const from = new Set<string>();
  for (const f of p.from ?? []) {
    from.add(f);
    if (p.withVariants) for (const s of termGroup(svc, p.taxonomy, f)?.spellings ?? []) from.add(s.term);
  }
  return (await termRenameEdit(svc, p.taxonomy, [...from], p.to ?? '', token)) ?? { changes: {} };
}

export function registerTaxonomyRequests(connection: Connection, withService: WithService, service: () => BlogService | undefined): void {
  connection.onRequest(TAXONOMY_REQUESTS.taxonomies, () => withService([], (svc) => taxonomySummaries(svc)));
  connection.onRequest(TAXONOMY_REQUESTS.terms, (p: { taxonomy: string; sort?: TermSort }) => withService([], (svc) => taxonomyTerms(svc, p.taxonomy, p.sort)));
  connection.onRequest(TAXONOMY_REQUESTS.termPosts, (p: { taxonomy: string; term: string }) => withService([], (svc) => termPosts(svc, p.taxonomy, p.term)));
  connection.onRequest(TAXONOMY_REQUESTS.hygiene, () => withService([], (svc) => hygieneReport(svc)));
  connection.onRequest(TAXONOMY_REQUESTS.mergeEdit, (p: MergeTermsParams, token: CancellationToken) => withService({ changes: {} }, (svc) => mergeTermsEdit(svc, p, token), token));
  connection.onRequest(TAXONOMY_REQUESTS.newPostOptions, () => withService({ generator: 'unknown', sections: [] }, (svc) => newPostOptions(svc)));
  connection.onRequest(TAXONOMY_REQUESTS.newPostPlan, (p: NewPostRequest) => withService(null, (svc) => planNewPost(svc, p)));

  connection.onExecuteCommand((p, token) =>
    withService(null, async (svc) => {
      const arg = (p.arguments ?? [])[0] as Record<string, unknown> | undefined;
      if (p.command === TAXONOMY_COMMANDS.mergeTerms && arg) {
        const params = arg as unknown as MergeTermsParams;
        const edit = await mergeTermsEdit(svc, params, token);
        const files = Object.keys(edit.changes ?? {}).length;
        if (!files) return { applied: false, files: 0 };
        const r = await connection.workspace.applyEdit({ label: `Merge ${params.from.map((f) => `'${f}'`).join(', ')} into '${params.to}'`, edit });
        return { applied: r.applied, files };
      }
      if (p.command === TAXONOMY_COMMANDS.newPost && arg) {
        const plan = await planNewPost(svc, arg as unknown as NewPostRequest);
        const r = await connection.workspace.applyEdit({
          label: `New post ${plan.relPath}`,
          edit: {
            documentChanges: [
              { kind: 'create', uri: plan.uri, options: { overwrite: false, ignoreIfExists: false } },
              { textDocument: { uri: plan.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: plan.text }] },
            ],
          },
        });
        if (r.applied) void connection.window.showDocument({ uri: plan.uri, takeFocus: true, selection: { start: plan.cursor, end: plan.cursor } }).catch(() => undefined);
        return { applied: r.applied, uri: plan.uri, cursor: plan.cursor, archetype: plan.archetype ?? null };
      }
      return null;
    }, token),
  );

  // Live updates: the explorer refreshes when what it shows changes (not on every keystroke).
  let lastGeneration = '';
  let timer: NodeJS.Timeout | undefined;
  let listening: object | undefined;
  let unsubscribe: (() => void) | undefined;
  const check = () => {
    const svc = service();
    if (!svc) return;
    const generation = `${svc.site.root}:${svc.index.structureGeneration}:${svc.index.postCount}`;
    if (generation === lastGeneration) return;
    lastGeneration = generation;
    clearTimeout(timer);
    timer = setTimeout(() => void connection.sendNotification(TAXONOMY_CHANGED_NOTIFICATION, { generator: svc.site.generator, posts: svc.index.postCount }), 300);
  };
  /** Follows the current index: a config change replaces it, so it is looked up again every second. */
  const follow = () => {
    const svc = service();
    if (!svc) return;
    if (listening !== svc.index) {
      unsubscribe?.();
      unsubscribe = svc.index.onDidChange(check);
      listening = svc.index;
    }
    check();
  };
  setInterval(follow, 1000).unref?.();
}
