/**
 * Differential against the real Jekyll (Debian's package, installed by ensureJekyll in
 * test/e2e/setup.mjs): each site is copied to a temporary folder and built with `jekyll build`;
 * the URLs it writes are compared with ours. Permalinks: every indexed page or post that is not a
 * draft must be in the output at the URL we give it. Links: every root-relative or relative link of
 * a page that we resolve to a page must point into the output, and every one we report as naming
 * no page must be absent from it (static files are left out: the shared corpora are text-only).
 *
 *   node --import tsx bench/jekyllDiff.ts [SITE...]   (default: the Jekyll fixtures and Jekyll corpora)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { normalizeUrlPath } from '../server/src/index/blogIndex';
import { BlogService } from '../server/src/service';
import { resolveLink } from '../server/src/site/resolver';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';

const ROOT = resolve(__dirname, '..');

export interface JekyllDiffReport {
  built: boolean;
  error?: string;
  permalinks: { compared: number; agree: number; samples: string[] };
  links: { compared: number; agree: number; samples: string[] };
}

function outputUrls(dir: string): Set<string> {
  const urls = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else urls.add(normalizeUrlPath('/' + relative(dir, full)));
    }
  };
  walk(dir);
  return urls;
}

export async function diffSite(src: string, jekyll: string): Promise<JekyllDiffReport> {
  const report: JekyllDiffReport = { built: false, permalinks: { compared: 0, agree: 0, samples: [] }, links: { compared: 0, agree: 0, samples: [] } };
  const work = mkdtempSync(join(tmpdir(), 'jekyll-diff-'));
  try {
    const site = join(work, 'site');
    const out = join(work, 'out');
    cpSync(src, site, { recursive: true, filter: (p) => !/\/(_site|node_modules|\.git|\.jekyll-cache)$/.test(p) });
    // The corpora are text-only: no stylesheets to compile.
    writeFileSync(join(work, 'override.yml'), 'sass:\n  sourcemap: never\n');
    const configs = [join(site, '_config.yml'), join(work, 'override.yml')].join(',');
    const r = spawnSync(jekyll, ['build', '--source', site, '--destination', out, '--config', configs, '--quiet'], { encoding: 'utf8', timeout: 600_000, cwd: site });
    if (r.status !== 0 || !existsSync(out)) {
      report.error = (r.stderr || r.stdout || String(r.error)).split('\n').filter((l) => l.trim() && !/^\s+from /.test(l)).slice(0, 3).join(' | ');
      return report;
    }
    report.built = true;
    const urls = outputUrls(out);
    const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: site });
    await service.buildIndex();
    for (const post of service.index.posts.values()) {
      if (post.draft) continue;
      report.permalinks.compared++;
      if (urls.has(normalizeUrlPath(post.permalink))) report.permalinks.agree++;
      else if (report.permalinks.samples.length < 12) report.permalinks.samples.push(`${post.relPath}: ours ${post.permalink}, not in Jekyll's output`);
    }
    for (const post of service.index.posts.values()) {
      if (post.draft) continue;
      for (const link of post.links) {
        const target = link.target.trim();
        if (!target || target.startsWith('#') || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(target) || target.includes('{{') || target.includes('{%')) continue;
        if (link.kind === 'liquid') continue;
        const path = target.replace(/[?#].*$/, '');
        // Static files (images, downloads) are absent from the text-only corpora: left out.
        if (/\.[a-z0-9]{2,5}$/i.test(path) && !/\.html?$/i.test(path)) continue;
        const res = resolveLink(service, post.path, link);
        if (res.kind !== 'post' && res.kind !== 'missing') continue;
        let url: string;
        try {
          url = new URL(target, 'https://site.invalid' + (post.permalink.startsWith('/') ? post.permalink : '/')).pathname;
        } catch {
          continue;
        }
        const base = String(service.site.config['baseurl'] ?? '').replace(/\/$/, '');
        if (base && url.startsWith(base + '/')) url = url.slice(base.length);
        report.links.compared++;
        const exists = urls.has(normalizeUrlPath(url));
        const agree = res.kind === 'post' ? exists || urls.has(normalizeUrlPath(res.post.permalink)) : !exists;
        if (agree) report.links.agree++;
        else if (report.links.samples.length < 12) report.links.samples.push(`${post.relPath}: [${target}] ours ${res.kind === 'post' ? res.post.relPath : 'missing'}, Jekyll ${exists ? 'writes' : 'does not write'} ${url}`);
      }
    }
    return report;
  } finally {
    if (process.env.DIFF_KEEP) console.log('kept ' + work);
    else rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const setup = '../test/e2e/setup.mjs';
  const { ensureJekyll } = (await import(setup)) as { ensureJekyll: () => string };
  const jekyll = ensureJekyll();
  const version = spawnSync(jekyll, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const corpora = resolve(ROOT, '../shared/corpora');
  const jekyllCorpora = existsSync(corpora) ? readdirSync(corpora).map((n) => join(corpora, n)).filter((p) => existsSync(join(p, '_config.yml'))) : [];
  const defaults = [join(ROOT, 'test/fixtures/jekyll'), join(ROOT, 'test/fixtures/jekyll-docs'), ...jekyllCorpora];
  const sites = process.argv.slice(2).length ? process.argv.slice(2).map((p) => resolve(p)) : defaults;
  console.log(version);
  const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)}%` : '-');
  for (const s of sites) {
    const r = await diffSite(s, jekyll);
    if (!r.built) {
      console.log(`${relative(process.cwd(), s)}: not built by this Jekyll (left out): ${r.error}`);
      continue;
    }
    console.log(`${relative(process.cwd(), s)}: permalinks ${r.permalinks.agree}/${r.permalinks.compared} agree (${pct(r.permalinks.agree, r.permalinks.compared)}), links ${r.links.agree}/${r.links.compared} (${pct(r.links.agree, r.links.compared)})`);
    for (const x of [...r.permalinks.samples, ...r.links.samples]) console.log('   ' + x);
  }
}

if (require.main === module) void main();
