/**
 * `blog-author taxonomy [DIR] [--json]`: the tag hygiene report for a whole blog — per taxonomy,
 * terms used once, case/accent variants and near-duplicates, each with the merge that tidies it.
 * Reads only; the merges are for the editor (or `blog-author.mergeTerms` over LSP).
 */
import { resolve } from 'path';
import { BlogService } from '../../service';
import { NodeWorkspace } from '../../workspace/nodeWorkspace';
import { formatHygiene, hygieneReport } from './hygiene';
import { fromNativePath } from '../../workspace/uri';

export async function runTaxonomyCommand(args: string[], io: { out: (t: string) => void; err: (t: string) => void }): Promise<number> {
  const dir = args.find((a) => !a.startsWith('--')) ?? '.';
  const folder = fromNativePath(resolve(dir));
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder });
  if (service.site.generator === 'unknown') {
    io.err(`blog-author: no Hugo (hugo.toml, config.toml, config/_default/) or Jekyll (_config.yml) site found in ${folder}\n`);
    return 2;
  }
  await service.buildIndex();
  const report = hygieneReport(service);
  io.out(args.includes('--json') || args.includes('--format=json') ? JSON.stringify(report, null, 2) + '\n' : formatHygiene(report));
  return 0;
}
