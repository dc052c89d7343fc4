/**
 * `blog-author render FILE [--out x.html] [--body-only] [--offline]`: the preview's renderer on the
 * command line. Writes a standalone HTML page (or just the post's HTML with --body-only).
 */
import { readFileSync, writeFileSync } from 'fs';
import { dirname as nodeDirname, join, resolve } from 'path';
import { BlogService } from '../service';
import { createRenderHost } from '../site/renderHost';
import { dirname, joinPath } from '../workspace/workspace';
import { NodeWorkspace } from '../workspace/nodeWorkspace';
import { escapeHtml } from '../render/html';
import { renderPost } from '../render/renderPost';

export interface RenderCliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', '_config.yml', '_config.yaml'];

/** The nearest folder above `file` holding a Hugo or Jekyll config. */
async function siteRootAbove(ws: NodeWorkspace, file: string): Promise<string | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const names = new Set((await ws.readDirectory(dir)).map((e) => e.name));
    if (CONFIG_NAMES.some((n) => names.has(n)) || (await ws.stat(joinPath(dir, 'config/_default')))?.isDirectory) return dir;
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
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
  if (!file) {
    io.err('usage: blog-author render FILE [--out F.html] [--body-only] [--offline]\n');
    return 2;
  }
  const path = resolve(file).replace(/\\/g, '/');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    io.err(`blog-author: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const ws = new NodeWorkspace();
  const root = (await siteRootAbove(ws, path)) ?? dirname(path);
  // The index answers refs and links to other posts, as in the preview.
  const service = await BlogService.create({ workspace: ws, folder: root });
  await service.buildIndex();
  const rendered = await renderPost({ text, path, site: service.site, host: createRenderHost(service), options: { sourceLines: false, offlineEmbeds: args.includes('--offline') } });
  const html = args.includes('--body-only') ? rendered.html : standalonePage(rendered.title ?? file, rendered.html, rendered.usesMath);
  if (out) writeFileSync(out, html);
  else io.out(html);
  const unrendered = rendered.shortcodes.filter((s) => s.how === 'placeholder' || s.how === 'missing');
  for (const s of unrendered) io.err(`${file}:${rendered.bodyLine + s.line + 1}: shortcode "${s.name}" shown as a placeholder (${s.how === 'missing' ? 'no template found' : 'template too complex to run'})\n`);
  return 0;
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
