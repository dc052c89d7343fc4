/**
 * `blog-author render PATH... [--out DIR|x.html] [--content-only] [--body-only] [--offline]`: the preview's
 * renderer on the command line, for files or folders. Writes standalone HTML pages (just the post's HTML with
 * --body-only, exactly Hugo's `.Content` with --content-only); with --out DIR one file per page at
 * DIR/<path relative to the content folder>.html.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname as nodeDirname, join, relative, resolve } from 'path';
import { BlogService } from '../service';
import { createRenderHost } from '../site/renderHost';
import { HUGO_CONFIG_DIR, SITE_CONFIG_NAMES } from '../site/siteFiles';
import { dirname, joinPath } from '../workspace/workspace';
import { NodeWorkspace } from '../workspace/nodeWorkspace';
import { escapeHtml } from '../render/html';
import { renderPost } from '../render/renderPost';

export interface RenderCliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}


/** The nearest folder above `file` holding a Hugo or Jekyll config. */
async function siteRootAbove(ws: NodeWorkspace, file: string): Promise<string | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const names = new Set((await ws.readDirectory(dir)).map((e) => e.name));
    if (SITE_CONFIG_NAMES.some((n) => names.has(n)) || (await ws.stat(joinPath(dir, HUGO_CONFIG_DIR)))?.isDirectory) return dir;
    if (dir === '/' || dir === '') return undefined;
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(name + '='))?.slice(name.length + 1);
}

export async function runRenderCommand(args: string[], io: RenderCliIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): Promise<number> {
  const out = option(args, '--out');
  const paths = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
  if (!paths.length) {
    io.err('usage: blog-author render PATH... [--out DIR|F.html] [--content-only] [--body-only] [--offline]\n');
    return 2;
  }
  // Folders stand for the Markdown pages under them.
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(p).replace(/\\/g, '/');
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      io.err(`blog-author: cannot read ${p}: ${(e as Error).message}\n`);
      return 2;
    }
    if (st.isDirectory()) files.push(...markdownUnder(abs));
    else files.push(abs);
  }
  // One file and --out x.html: that file; otherwise --out is a folder of DIR/<path relative to content>.html.
  const outFile = out && files.length === 1 && !paths.some((p) => statSync(p).isDirectory()) && /\.html?$/i.test(out) ? out : undefined;
  const ws = new NodeWorkspace();
  const services = new Map<string, BlogService>();
  let status = 0;
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      io.err(`blog-author: cannot read ${path}: ${(e as Error).message}\n`);
      status = 2;
      continue;
    }
    const root = (await siteRootAbove(ws, path)) ?? dirname(path);
    let service = services.get(root);
    if (!service) {
      // The index answers refs and links to other posts, as in the preview.
      service = await BlogService.create({ workspace: ws, folder: root });
      await service.buildIndex();
      services.set(root, service);
    }
    const contentOnly = args.includes('--content-only');
    const rendered = await renderPost({
      text,
      path,
      site: service.site,
      host: createRenderHost(service),
      options: { sourceLines: false, offlineEmbeds: args.includes('--offline'), linkTargets: false, header: !contentOnly },
    });
    const html = contentOnly ? rendered.body : args.includes('--body-only') ? rendered.html : standalonePage(rendered.title ?? path, rendered.html, rendered.usesMath);
    if (outFile) writeFileSync(outFile, html);
    else if (out) {
      const contentDir = service.site.contentDirs.filter((d) => path.startsWith(d.replace(/\/$/, '') + '/')).sort((a, b) => b.length - a.length)[0];
      const rel = contentDir ? path.slice(contentDir.replace(/\/$/, '').length + 1) : relative(root, path).replace(/\\/g, '/');
      const target = join(out, rel + '.html');
      mkdirSync(nodeDirname(target), { recursive: true });
      writeFileSync(target, html);
    } else io.out(html);
    const unrendered = rendered.shortcodes.filter((s) => s.how === 'placeholder' || s.how === 'missing');
    for (const s of unrendered) io.err(`${path}:${rendered.bodyLine + s.line + 1}: shortcode "${s.name}" shown as a placeholder (${s.how === 'missing' ? 'no template found' : 'template too complex to run'})\n`);
  }
  return status;
}

/** Markdown files under a folder (hidden folders skipped), sorted. */
function markdownUnder(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = dir + '/' + e.name;
    if (e.isDirectory()) found.push(...markdownUnder(p));
    else if (/\.(md|markdown|mdown)$/i.test(e.name)) found.push(p);
  }
  return found;
}

function standalonePage(title: string, body: string, math: boolean): string {
  const css = readPreviewCss();
  const katex = math ? '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/katex@0.16/dist/katex.min.css">\n' : '';
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n${katex}<style>\n${css}\n</style>\n</head>\n<body class="blog-author-render">\n<main class="ba-post">\n${body}</main>\n</body>\n</html>\n`;
}

/** The preview's stylesheet, when it can be found next to the bundle or in the source tree. */
function readPreviewCss(): string {
  for (const candidate of [join(__dirname, '../preview/preview.css'), join(__dirname, '../../client/src/preview/media/preview.css'), join(nodeDirname(__dirname), '../../client/src/preview/media/preview.css')]) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch {
      /* try the next place */
    }
  }
  return '';
}
