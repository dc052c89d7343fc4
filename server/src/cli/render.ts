/**
 * `blog-author render PATH... [--out DIR|F.html] [--body-only | --content-only] [--offline]`: the preview's
 * renderer on the command line, for posts or folders. Writes a standalone HTML page (its stylesheets and KaTeX's fonts inlined,
 * so it works offline), or only the body's or the content's HTML.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname as nodeDirname, join, relative } from 'path';
import { namedPath, type CliIO } from './io';
import { siteRootAbove } from './siteRoot';
import { BlogService } from '../service';
import { createRenderHost } from '../renderHost';
import { isMarkdownFile } from '../site/siteFiles';
import { dirname } from '../workspace/workspace';
import { NodeWorkspace } from '../workspace/nodeWorkspace';
import { escapeHtml } from '../render/html';
import { renderPost } from '../render/renderPost';


/** `blog-author render` (its options and help: RENDER_COMMAND in main.ts); in the renderer bundle, loaded on first use. */
export async function runRender(values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIO): Promise<number> {
  if (values['body-only'] && values['content-only']) {
    io.err(`blog-author render: --body-only and --content-only exclude each other (see 'blog-author render --help')\n`);
    return 2;
  }
  const out = typeof values.out === 'string' ? values.out : undefined;
  // Folders stand for the Markdown pages under them.
  const files: string[] = [];
  let folders = false;
  for (const p of positionals) {
    const named = namedPath(p, io.err);
    if (!named) return 2;
    const { path: abs, isDir } = named;
    if (isDir) {
      folders = true;
      files.push(...markdownUnder(abs));
    } else files.push(abs);
  }
  if (!files.length) {
    io.err(`blog-author render: no Markdown pages under ${positionals.join(', ')}\n`);
    return 2;
  }
  // One post and --out x.html: that file; otherwise --out is a folder of DIR/<path relative to content>.html.
  const outFile = out && files.length === 1 && !folders && /\.html?$/i.test(out) ? out : undefined;
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
    const root = (await siteRootAbove(ws, dirname(path))) ?? dirname(path);
    let service = services.get(root);
    if (!service) {
      // The index answers refs and links to other posts, as in the preview.
      service = await BlogService.create({ workspace: ws, folder: root });
      await service.buildIndex();
      services.set(root, service);
    }
    const contentOnly = values['content-only'] === true;
    const rendered = await renderPost({
      text,
      path,
      site: service.site,
      host: createRenderHost(service),
      // --content-only is Hugo's .Content, where math is still the author's text (the site's scripts typeset it).
      options: { sourceLines: false, offlineEmbeds: values.offline === true, linkTargets: false, header: !contentOnly, math: !contentOnly },
    });
    const html = contentOnly ? rendered.body : values['body-only'] ? rendered.html : standalonePage(rendered.title ?? path, rendered.html, rendered.usesMath);
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

/** The Markdown pages under a folder, in name order (dot folders skipped). */
function markdownUnder(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = dir + '/' + e.name;
    if (e.isDirectory()) found.push(...markdownUnder(p));
    else if (isMarkdownFile(e.name)) found.push(p);
  }
  return found;
}

function standalonePage(title: string, body: string, math: boolean): string {
  const css = readAsset('preview.css') ?? '';
  const katex = math ? katexStylesheet() : '';
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n${katex ? `<style>\n${katex}\n</style>\n` : ''}<style>\n${css}\n</style>\n</head>\n<body class="blog-author-render">\n<main class="ba-post">\n${body}</main>\n</body>\n</html>\n`;
}

/** KaTeX's bundled stylesheet with its woff2 fonts inlined as data: URLs (every browser since 2016 reads woff2). */
export function katexStylesheet(): string {
  const css = readAsset('katex/katex.min.css');
  if (css === undefined) return '';
  return css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g, (whole, name: string) => {
    const font = readAsset(`katex/fonts/${name}.woff2`, 'base64');
    return font ? `src:url(data:font/woff2;base64,${font}) format("woff2")` : whole;
  });
}

/** A file the preview loads: next to the bundle (dist/preview/), else in the source tree / node_modules. */
function readAsset(name: string, encoding: 'utf8' | 'base64' = 'utf8'): string | undefined {
  const candidates = [join(__dirname, '../preview', name)];
  if (name.startsWith('katex/')) {
    try {
      candidates.push(join(nodeDirname(require.resolve('katex/dist/katex.min.css')), name.slice('katex/'.length)));
    } catch {
      /* not installed: the bundle's copy only */
    }
  } else candidates.push(join(__dirname, '../../../client/src/preview/media', name), join(__dirname, '../../client/src/preview/media', name));
  for (const candidate of candidates) {
    try {
      return readFileSync(candidate, encoding);
    } catch {
      /* try the next place */
    }
  }
  return undefined;
}
