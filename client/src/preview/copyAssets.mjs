// Copies what the preview webview loads into dist/preview/: its script and stylesheet, and KaTeX's
// stylesheet and fonts (bundled: the preview never uses a CDN). Called by scripts/build.mjs.
import { cpSync, mkdirSync } from 'fs';
import { dirname, join } from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

export function copyPreviewAssets(outDir = join(dirname(fileURLToPath(import.meta.url)), '../../../dist/preview')) {
  const here = dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  const katexDist = dirname(require.resolve('katex/dist/katex.min.css'));
  mkdirSync(join(outDir, 'katex'), { recursive: true });
  cpSync(join(here, 'media/preview.js'), join(outDir, 'preview.js'));
  cpSync(join(here, 'media/preview.css'), join(outDir, 'preview.css'));
  cpSync(join(katexDist, 'katex.min.css'), join(outDir, 'katex/katex.min.css'));
  cpSync(join(katexDist, 'fonts'), join(outDir, 'katex/fonts'), { recursive: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyPreviewAssets();
