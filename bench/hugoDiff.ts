/**
 * Differential test of link resolution against the real Hugo (Debian's hugo, 0.111 on bookworm,
 * installed once through test/e2e/setup.mjs like the other real tools).
 *
 *   node --import tsx bench/hugoDiff.ts [SITE_DIR…]     (default: the fixture docs site and ../shared corpora)
 *
 * For each Hugo site: copy it to a temporary folder, keep its render hooks, shortcodes and partials but
 * replace its page layouts with `{{ .Content }}`, and wrap each link and image render hook (a plain one
 * where the site has none) so every Markdown link and image leaves its destination and Hugo's
 * `href`/`src` in the output. A copy Hugo 0.111 cannot build is trimmed until it does (absent modules get
 * empty stand-ins, templates it cannot parse are emptied, unknown shortcodes get stand-ins, `errorf` on
 * files a text-only copy lacks becomes `warnf`), and the trims are printed. Then:
 *  - permalinks: `hugo list all` against the index's permalink of each content file;
 *  - links, images: for each internal Markdown link or image Hugo rendered, the server's resolution (a
 *    page's permalink, a file's URL, a list page, or missing) against Hugo's href/src (resolved as a
 *    browser would) and whether Hugo's output has that page or file;
 *  - raw HTML: each `<a href>`/`<img src>` of the source that Hugo's output holds as written, the same way.
 * "both missing" counts agreements where neither finds the target (a text-only copy lacks most images).
 * A site Hugo still cannot build is reported and left out.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { BlogService } from '../server/src/service';
import { resolveLink, type LinkResolution } from '../server/src/site/resolver';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';

const ROOT = resolve(__dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const KEEP = /(^|\/)(_markup|shortcodes|_shortcodes|partials|_partials)\//;

/** Page layouts out, `{{ .Content }}` in; link hooks wrapped to leave `<x-md dest="…">…</x-md>`. */
function prepareLayouts(site: string, layoutDirs: string[]): void {
  for (const dir of layoutDirs) {
    for (const f of walk(dir)) {
      const rel = relative(dir, f);
      const hookKind = /render-(link|image)(\.[a-z]+)*\.html$/.exec(rel)?.[1];
      if (KEEP.test(rel) && !hookKind) continue;
      if (hookKind) {
        // The original hook becomes a partial the wrapper calls with the same context.
        const name = '__diff/' + rel.replace(/\//g, '__');
        mkdirSync(join(site, 'layouts/partials/__diff'), { recursive: true });
        writeFileSync(join(site, 'layouts/partials', name), readFileSync(f, 'utf8'));
        const tag = hookKind === 'image' ? 'x-img' : 'x-md';
        writeFileSync(f, `<${tag} dest="{{ .Destination }}">{{ partial "${name}" . }}</${tag}>`);
        continue;
      }
      if (/\.(html|xml|json|txt|redirects)$/.test(rel)) rmSync(f);
    }
  }
  const own = join(site, 'layouts');
  mkdirSync(join(own, '_default/_markup'), { recursive: true });
  const page = '<x-file path="{{ with .File }}{{ .Path }}{{ end }}"></x-file>{{ .Content }}';
  writeFileSync(join(own, '_default/single.html'), page);
  writeFileSync(join(own, '_default/list.html'), page);
  const hook = join(own, '_default/_markup/render-link.html');
  if (!existsSync(hook)) writeFileSync(hook, '<x-md dest="{{ .Destination }}"><a href="{{ .Destination | safeURL }}">{{ .Text | safeHTML }}</a></x-md>');
  const imageHook = join(own, '_default/_markup/render-image.html');
  if (!existsSync(imageHook)) writeFileSync(imageHook, '<x-img dest="{{ .Destination }}"><img src="{{ .Destination | safeURL }}" alt="{{ .Text }}"></x-img>');
}

/** `missing`: agreements where both say the target is absent (a text-only corpus copy lacks most images). */
interface Bucket {
  compared: number;
  agree: number;
  missing: number;
  samples: string[];
}

interface SiteReport {
  site: string;
  built: boolean;
  error?: string;
  permalinks: { compared: number; agree: number; samples: string[] };
  links: Bucket;
  /** Markdown images through the image render hook (the site's or a plain one). */
  images: Bucket;
  /** Raw HTML `<a href>` / `<img src>` in content, as Hugo passes them through (goldmark `unsafe`). */
  html: Bucket;
  /** Links the server resolves through a redirect rule (left out: the host serves those). */
  redirected: number;
  /** What was changed in the temporary copy so that Hugo 0.111 builds it. */
  trimmed: string[];
}

/**
 * One change to a temporary copy of a site that Hugo failed to build, from Hugo's error, or undefined
 * when the error is none of these: an absent theme or module (an empty stand-in in themes/), a
 * template this Hugo cannot parse (emptied; a shortcode keeps its inner content), an unknown shortcode
 * (a stand-in that renders its inner content).
 */
const closedCache = new Map<string, Set<string>>();
/** Shortcode names the site's content closes somewhere (`{{< /name >}}`, `{{% /name %}}`). */
function closedShortcodes(site: string): Set<string> {
  let names = closedCache.get(site);
  if (names) return names;
  names = new Set();
  for (const f of walk(join(site, 'content'))) {
    if (!/\.(md|markdown|html)$/i.test(f)) continue;
    for (const m of readFileSync(f, 'utf8').matchAll(/\{\{[<%]-?\s*\/\s*([\w/.-]+)/g)) names.add(m[1].toLowerCase());
  }
  closedCache.set(site, names);
  return names;
}

function trimForHugo(site: string, error: string): string | undefined {
  const stub = '{{ with .Inner }}{{ . }}{{ end }}';
  const mod = /module "([^"]+)" not found/.exec(error);
  if (mod) {
    const dir = join(site, 'themes', mod[1]);
    if (existsSync(dir)) return undefined;
    mkdirSync(dir, { recursive: true });
    return `absent module ${mod[1]}: empty stand-in`;
  }
  // A shortcode stand-in reads .Inner only when the site closes that shortcode somewhere (Hugo rejects either mismatch).
  const standIn = (name: string) => (closedShortcodes(site).has(name.toLowerCase()) ? stub : '');
  const tpl = /"([^"]+\/layouts\/[^":]+\.[a-z]+):\d+:\d+": (?:parse failed|execute of template failed)/.exec(error) ?? /(?:file|template) "([^"]+\/layouts\/[^":]+\.html)"/.exec(error);
  if (tpl && existsSync(tpl[1])) {
    const isShortcode = /\/(_?shortcodes)\//.test(tpl[1]);
    const text = isShortcode ? standIn(tpl[1].replace(/^.*\/_?shortcodes\//, '').replace(/\.[^/]*$/, '')) : '';
    if (readFileSync(tpl[1], 'utf8') === text) return undefined;
    writeFileSync(tpl[1], text);
    return `template ${relative(site, tpl[1])} emptied (${/function "[^"]+" not defined|can't evaluate field \w+|[^:]+$/.exec(error.split('\n')[0])?.[0]?.trim().slice(0, 60) ?? 'error'})`;
  }
  // Templates that stop the build on content this text-only copy lacks (`errorf "No file …"`): warnings instead.
  if (/logged \d+ error\(s\)/.test(error)) {
    let changed = 0;
    for (const f of walk(join(site, 'layouts')).concat(walk(join(site, 'themes')))) {
      if (!/\.(html|xml|json|txt)$/.test(f)) continue;
      const text = readFileSync(f, 'utf8');
      if (!/\berrorf\b/.test(text)) continue;
      writeFileSync(f, text.replace(/\berrorf\b/g, 'warnf'));
      changed++;
    }
    if (changed) return `errorf turned into warnf in ${changed} template(s)`;
  }
  const sc = /template for shortcode "([^"]+)" not found/.exec(error);
  if (sc) {
    const f = join(site, 'layouts/shortcodes', sc[1] + '.html');
    if (existsSync(f)) return undefined;
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, standIn(sc[1]));
    return `shortcode ${sc[1]}: stand-in`;
  }
  return undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#43;/g, '+').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function urlPathOf(href: string, pagePermalink: string, baseURL: string | undefined): string | undefined {
  try {
    const base = new URL(baseURL && /^https?:/.test(baseURL) ? baseURL : 'https://site.invalid/');
    const u = new URL(href, new URL(pagePermalink, base));
    if (u.host !== base.host) return undefined; // external
    return decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
}

function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

const norm = (p: string) => (p.replace(/\/index\.html$/, '/').replace(/\/+$/, '') || '/').toLowerCase();

function ourUrl(r: LinkResolution, service: BlogService): string | undefined | 'missing' {
  switch (r.kind) {
    case 'post':
      return r.post.permalink;
    case 'list':
      return r.urlPath;
    case 'file': {
      for (const d of service.site.staticDirs) if (r.path.startsWith(d + '/')) return r.path.slice(d.length);
      for (const p of service.index.posts.values()) if (p.isBundle && r.path.startsWith(dirname(p.path) + '/')) return p.permalink.replace(/\/?$/, '/') + r.path.slice(dirname(p.path).length + 1);
      return undefined;
    }
    case 'missing':
      return 'missing';
    default:
      return undefined;
  }
}

export async function diffSite(siteDir: string, hugo: string): Promise<SiteReport> {
  const report: SiteReport = { site: siteDir, built: false, permalinks: { compared: 0, agree: 0, samples: [] }, links: { compared: 0, agree: 0, missing: 0, samples: [] }, images: { compared: 0, agree: 0, missing: 0, samples: [] }, html: { compared: 0, agree: 0, missing: 0, samples: [] }, redirected: 0, trimmed: [] };
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: siteDir, log: () => undefined });
  if (service.site.generator !== 'hugo') return { ...report, error: 'not a Hugo site' };
  await service.buildIndex();
  const work = mkdtempSync(join(tmpdir(), 'hugo-diff-'));
  const site = join(work, 'site');
  try {
    cpSync(siteDir, site, { recursive: true });
    const layoutDirs = service.site.layoutDirs.map((d) => join(site, relative(siteDir, d)));
    prepareLayouts(site, layoutDirs);
    const out = join(work, 'public');
    // A copy has no git history: GitInfo off.
    const env = { ...process.env, HUGO_CACHEDIR: join(work, 'cache'), HUGO_ENABLEGITINFO: 'false' };
    // Hugo 0.111 cannot build some sites as they are (an absent theme module, a newer template function):
    // trim a copy until it builds, and say what was trimmed. Links in page Markdown are unchanged by the trims.
    let build = spawnSync(hugo, ['--source', site, '--destination', out, '--quiet', '--noTimes'], { encoding: 'utf8', env, timeout: 300_000 });
    for (let round = 0; build.status !== 0 && round < 60; round++) {
      const trim = trimForHugo(site, build.stderr || build.stdout);
      if (!trim) break;
      report.trimmed.push(trim);
      rmSync(out, { recursive: true, force: true });
      build = spawnSync(hugo, ['--source', site, '--destination', out, '--quiet', '--noTimes'], { encoding: 'utf8', env, timeout: 300_000 });
    }
    if (build.status !== 0) return { ...report, error: (build.stderr || build.stdout).split('\n').filter(Boolean).slice(0, 3).join(' | ') + (report.trimmed.length ? ` (after ${report.trimmed.length} trims)` : '') };
    report.built = true;
    // Permalinks: hugo list all → path,slug,title,date,expiryDate,publishDate,draft,permalink,…
    const list = spawnSync(hugo, ['list', 'all', '--source', site], { encoding: 'utf8', env });
    const lines = list.stdout.split('\n').filter(Boolean);
    const header = lines.shift()?.split(',') ?? [];
    const pathCol = header.indexOf('path');
    const permCol = header.indexOf('permalink');
    const hugoPermalinks = new Map<string, string>();
    for (const line of lines) {
      const cols = line.split(','); // titles may hold commas: path is first, the permalink the first URL-looking column after it
      const path = cols[pathCol];
      const perm = cols.slice(permCol).find((c) => /^https?:\/\/|^\//.test(c)) ?? cols[permCol];
      if (path && perm) hugoPermalinks.set(join(siteDir, path), safeDecode(new URL(perm, 'https://site.invalid/').pathname));
    }
    for (const post of service.index.posts.values()) {
      const h = hugoPermalinks.get(post.path);
      if (!h || post.draft) continue;
      report.permalinks.compared++;
      if (norm(h) === norm(post.permalink)) report.permalinks.agree++;
      else if (report.permalinks.samples.length < 8) report.permalinks.samples.push(`${relative(siteDir, post.path)}: hugo ${h} ours ${post.permalink}`);
    }
    // Links: every <x-md dest> Hugo rendered, in each page.
    const published = new Set(walk(out).map((f) => norm('/' + relative(out, f))));
    for (const f of walk(out).filter((p) => p.endsWith('.html'))) {
      const html = readFileSync(f, 'utf8');
      const file = decodeEntities(/<x-file path="([^"]*)">/.exec(html)?.[1] ?? '');
      if (!file) continue;
      const path = join(siteDir, file.startsWith('content/') ? file : join(relative(siteDir, service.site.contentDirs[0]), file));
      const post = service.index.get(path);
      if (!post) continue;
      const compare = (bucket: SiteReport['links'], dest: string, href: string | undefined, link: { kind: 'inline' | 'html'; target: string; image?: boolean }) => {
        if (!href || dest.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(dest) || dest.startsWith('//') || dest.includes('{{')) return;
        const hugoPath = urlPathOf(decodeEntities(href), post.permalink, service.site.baseURL);
        if (hugoPath === undefined) return;
        const exists = published.has(norm(hugoPath)) || published.has(norm(hugoPath) + '/index.html');
        const r = resolveLink(service, post.path, link);
        if (r.kind === 'unknown' || r.kind === 'skip' || r.kind === 'external') return;
        // Redirects are the web host's, not Hugo's: Hugo's output cannot confirm or deny them.
        if ((r.kind === 'post' && r.via === 'redirect') || (r.kind === 'list' && r.what === 'redirect')) {
          report.redirected++;
          return;
        }
        const ours = ourUrl(r, service);
        if (ours === undefined) return;
        bucket.compared++;
        const viaAlias = r.kind === 'post' && r.via === 'alias' && exists && r.post.aliases.some((a) => norm(a) === norm(hugoPath));
        // A missing file that Hugo's output lacks too agrees; a text-only copy lacks many images, so both say "missing".
        const agree = ours === 'missing' ? !exists : viaAlias || norm(ours) === norm(hugoPath);
        if (agree) bucket.agree++;
        if (agree && ours === 'missing') bucket.missing++;
        else if (!agree && bucket.samples.length < 12) bucket.samples.push(`${file}: [${dest}] hugo ${hugoPath}${exists ? '' : ' (not in output)'} ours ${ours}`);
      };
      for (const m of html.matchAll(/<x-img dest="([^"]*)">([\s\S]*?)<\/x-img>/g)) {
        const dest = decodeEntities(m[1]);
        compare(report.images, dest, /src="([^"]*)"/.exec(m[2])?.[1], { kind: 'inline', target: dest, image: true });
      }
      // Raw HTML links of the source, where Hugo's output has them as written.
      for (const link of post.links) {
        if (link.kind !== 'html') continue;
        const attr = link.image ? 'src' : 'href';
        const written = link.target.replace(/&/g, '&amp;');
        if (!html.includes(`${attr}="${link.target}"`) && !html.includes(`${attr}="${written}"`)) continue;
        compare(report.html, link.target, link.target, { kind: 'html', target: link.target, image: link.image });
      }
      for (const m of html.matchAll(/<x-md dest="([^"]*)">([\s\S]*?)<\/x-md>/g)) {
        const dest = decodeEntities(m[1]);
        compare(report.links, dest, /href="([^"]*)"/.exec(m[2])?.[1], { kind: 'inline', target: dest });
      }
    }
    return report;
  } finally {
    if (process.env.DIFF_KEEP) console.log("kept " + work);
    else rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const setup = '../test/e2e/setup.mjs';
  const { ensureHugo } = (await import(setup)) as { ensureHugo: () => string };
  const hugo = ensureHugo();
  const version = spawnSync(hugo, ['version'], { encoding: 'utf8' }).stdout.trim();
  const corpora = resolve(ROOT, '../shared/corpora');
  const defaults = [join(ROOT, 'test/fixtures/docs-site'), ...(existsSync(corpora) ? readdirSync(corpora).map((n) => join(corpora, n)).filter((p) => statSync(p).isDirectory()) : [])];
  const sites = process.argv.slice(2).length ? process.argv.slice(2).map((p) => resolve(p)) : defaults;
  console.log(version);
  for (const s of sites) {
    const r = await diffSite(s, hugo);
    const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)}%` : '-');
    if (!r.built) {
      console.log(`${relative(process.cwd(), s)}: not built by this Hugo (left out): ${r.error}`);
      continue;
    }
    if (r.trimmed.length) console.log(`${relative(process.cwd(), s)}: trimmed to build with this Hugo: ${r.trimmed.length} change(s): ${r.trimmed.slice(0, 6).join('; ')}${r.trimmed.length > 6 ? '; …' : ''}`);
    console.log(`${relative(process.cwd(), s)}: links ${r.links.agree}/${r.links.compared} agree (${pct(r.links.agree, r.links.compared)}; ${r.links.missing} both missing), images ${r.images.agree}/${r.images.compared} (${pct(r.images.agree, r.images.compared)}; ${r.images.missing} both missing), raw HTML ${r.html.agree}/${r.html.compared} (${pct(r.html.agree, r.html.compared)}; ${r.html.missing} both missing), permalinks ${r.permalinks.agree}/${r.permalinks.compared} (${pct(r.permalinks.agree, r.permalinks.compared)}); ${r.redirected} through redirects left out`);
    for (const x of [...r.links.samples, ...r.images.samples.map((x) => 'image ' + x), ...r.html.samples.map((x) => 'html ' + x), ...r.permalinks.samples]) console.log('   ' + x);
  }
}

if (require.main === module) void main();
