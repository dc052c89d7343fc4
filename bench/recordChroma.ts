/**
 * Records what Hugo's Chroma writes for the code samples in test/unit/chroma-samples/<lang>.txt, as
 * test/unit/chroma-samples/<lang>.hugo.html (the div.highlight of each). test/unit/render.chroma.test.ts compares our
 * highlighter with these, so the unit tests need no Hugo. Run after adding a sample:
 *   node --import tsx bench/recordChroma.ts
 */
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

const FIXTURES = join(__dirname, '../test/unit/chroma-samples');
const site = '/tmp/blog-author-record-chroma';
rmSync(site, { recursive: true, force: true });
mkdirSync(join(site, 'content'), { recursive: true });
mkdirSync(join(site, 'layouts/_default'), { recursive: true });
writeFileSync(join(site, 'hugo.toml'), 'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n[markup.highlight]\nnoClasses = false\n');
writeFileSync(join(site, 'layouts/_default/single.html'), '{{ .Content }}');
const samples = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'));
for (const file of samples) {
  const lang = file.replace(/\.txt$/, '');
  const code = readFileSync(join(FIXTURES, file), 'utf8');
  writeFileSync(join(site, 'content', `${lang}.md`), `---\ntitle: ${lang}\n---\n~~~~${lang}\n${code.replace(/\n$/, '')}\n~~~~\n`);
}
execFileSync('hugo', ['-s', site, '--quiet']);
const version = execFileSync('hugo', ['version'], { encoding: 'utf8' }).split(' ')[1];
for (const file of samples) {
  const lang = file.replace(/\.txt$/, '');
  const html = readFileSync(join(site, 'public', lang, 'index.html'), 'utf8').trim();
  writeFileSync(join(FIXTURES, `${lang}.hugo.html`), `<!-- written by Hugo ${version} (bench/recordChroma.ts) -->\n${html}\n`);
}
console.log(`recorded ${samples.length} samples with Hugo ${version}`);
