/**
 * How many internal links of each corpus blog resolve, by how, and why the rest do not.
 *
 *   node --import tsx bench/links-report.ts [blog folder …] [--examples N] [--json]
 *
 * Without folders: every blog under ../shared/corpora. Internal = anything that is not an external
 * URL, a same-page #fragment, mailto: or a template expression. Bare URLs and reference-link uses
 * are not counted (their definitions are).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveLink } from '../server/src/site/resolver';
import { BlogService } from '../server/src/service';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';

interface Report {
  blog: string;
  posts: number;
  internal: number;
  resolved: number;
  refLinks: number;
  refResolved: number;
  byHow: Record<string, number>;
  unresolved: Record<string, number>;
  examples: Record<string, string[]>;
}

async function report(folder: string, maxExamples: number): Promise<Report> {
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder });
  await service.buildIndex();
  const r: Report = { blog: folder, posts: service.index.posts.size, internal: 0, resolved: 0, refLinks: 0, refResolved: 0, byHow: {}, unresolved: {}, examples: {} };
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
  for (const post of service.index.posts.values()) {
    for (const link of post.links) {
      if (link.kind === 'bare-url' || link.kind === 'reference') continue;
      const res = resolveLink(service, post.path, link);
      if (res.kind === 'external' || res.kind === 'skip') continue;
      r.internal++;
      if (link.kind === 'ref') r.refLinks++;
      if (res.kind === 'missing' || res.kind === 'unknown') {
        const why = res.kind === 'unknown' ? 'unknown' : explain(res.reason, link.target);
        bump(r.unresolved, why);
        const ex = (r.examples[why] ??= []);
        if (ex.length < maxExamples) ex.push(`${post.relPath}: ${link.target}`);
        continue;
      }
      r.resolved++;
      if (link.kind === 'ref') r.refResolved++;
      bump(r.byHow, res.kind === 'post' ? `post via ${res.via}${res.absolute ? ' (baseURL)' : ''}` : res.kind === 'file' ? `file via ${res.via}${res.absolute ? ' (baseURL)' : ''}` : `${res.what} list page`);
    }
  }
  return r;
}

/** The corpus copies are text-only: a missing image or download is expected there, a missing page is not. */
function explain(reason: string, target: string): string {
  const path = target.replace(/[?#].*$/, '');
  const isFile = /\.[a-z0-9]{1,5}$/i.test(path) && !/\.(html?|md|markdown)$/i.test(path);
  if (isFile && reason !== 'ref-missing' && reason !== 'ref-ambiguous') return `${reason}: a file (image, download), absent from the text-only corpus copy`;
  if (reason === 'no-page-or-file') return `${reason}: no page, alias or static file at that URL (stale link, or a page made outside content/)`;
  return reason;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const exIndex = args.indexOf('--examples');
  const maxExamples = exIndex >= 0 ? parseInt(args[exIndex + 1], 10) : 5;
  let folders = args.filter((a, i) => !a.startsWith('--') && (exIndex < 0 || i !== exIndex + 1));
  if (!folders.length) {
    const corpora = resolve(__dirname, '../../shared/corpora');
    if (!existsSync(corpora)) {
      console.error(`no corpora at ${corpora}; name blog folders on the command line`);
      process.exit(2);
    }
    folders = readdirSync(corpora, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(corpora, d.name));
  }
  const reports: Report[] = [];
  for (const folder of folders) reports.push(await report(folder, maxExamples));
  if (json) {
    console.log(JSON.stringify(reports, null, 2));
    return;
  }
  for (const r of reports) {
    const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(1) : '0.0');
    console.log(`\n${r.blog}: ${r.posts} content files, ${r.internal} internal links, ${r.resolved} resolve (${pct(r.resolved, r.internal)}%); ref/relref ${r.refResolved}/${r.refLinks}`);
    for (const [how, n] of Object.entries(r.byHow).sort((a, b) => b[1] - a[1])) console.log(`  resolved  ${String(n).padStart(5)}  ${how}`);
    for (const [why, n] of Object.entries(r.unresolved).sort((a, b) => b[1] - a[1])) {
      console.log(`  NOT       ${String(n).padStart(5)}  ${why}`);
      for (const ex of r.examples[why] ?? []) console.log(`                   e.g. ${ex}`);
    }
  }
}

void main();
