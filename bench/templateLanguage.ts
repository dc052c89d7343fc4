/**
 * How many of the corpora's shortcode and partial templates the Go template interpreter parses and runs.
 *   node --import tsx bench/templateLanguage.ts [corpus-dir …] [--list]
 * Every file under layouts/{shortcodes,_shortcodes,partials,_partials} (the site's and its themes') is parsed;
 * each that parses is run once as a shortcode with no arguments, through the real function table. A failure to
 * run is counted as a language gap unless it names a missing function (those are listed apart).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';
import type { RenderHost } from '../server/src/render/host';
import { parseTemplate } from '../server/src/render/goTemplate';
import { SiteTemplates } from '../server/src/render/siteTemplates';
import { buildSiteModel } from '../server/src/site/siteModel';
import { CORPORA_DIR as SHARED_CORPORA } from '../test/helpers/corpora';
import type { ShortcodeTemplates } from '../server/src/site/shortcodeTemplates';

const args = process.argv.slice(2);
const list = args.includes('--list');
const corpora = args.filter((a) => !a.startsWith('--')).map((a) => resolve(a));
const CORPORA_DIR = SHARED_CORPORA;
if (!corpora.length && existsSync(CORPORA_DIR)) for (const name of readdirSync(CORPORA_DIR)) if (statSync(join(CORPORA_DIR, name)).isDirectory()) corpora.push(join(CORPORA_DIR, name));

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const TEMPLATE_DIR = /\/layouts\/_?(?:shortcodes|partials)\//;

async function main(): Promise<void> {
  let total = 0;
  let parsed = 0;
  let ran = 0;
  const parseErrors = new Map<string, string[]>();
  const runErrors = new Map<string, string[]>();
  const functionGaps = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, file: string) => map.set(key, [...(map.get(key) ?? []), file]);
  for (const corpus of corpora) {
    const files = walk(corpus).filter((f) => TEMPLATE_DIR.test(f) && !/\/node_modules\//.test(f));
    const site = buildSiteModel(corpus, 'hugo', { baseurl: 'https://example.org/', params: {} });
    for (const file of files) {
      total++;
      const source = readFileSync(file, 'utf8');
      const name = relative(CORPORA_DIR, file);
      try {
        parseTemplate(source);
        parsed++;
      } catch (e) {
        note(parseErrors, (e as Error).message.slice(0, 80), name);
        continue;
      }
      const templates = { get: () => ({ name: 'x', path: file, origin: 'site' }) } as unknown as ShortcodeTemplates;
      // A host that knows only this template: what the template language alone can run (partials, data… are 16b's functions).
      const host = { templates, readTemplate: async () => source, refPermalink: () => undefined, linkedPost: () => undefined, imageFile: () => undefined } as RenderHost;
      const runner = new SiteTemplates(host, site, templates);
      const node = { name: 'x', params: { isNamed: false, named: {}, positional: [] }, markdown: false, start: 0, end: 0, children: [] };
      try {
        await runner.run(node as never, '', 0, { page: { title: 'T' }, markdownify: (s) => s, path: '/p.md' });
        ran++;
      } catch (e) {
        const message = (e as Error).message;
        const fn = /^function (\S+)/.exec(message);
        if (fn) note(functionGaps, fn[1], name);
        else note(runErrors, message.slice(0, 80), name);
      }
    }
  }
  console.log(`templates: ${total}, parse: ${parsed} (${((100 * parsed) / total).toFixed(0)}%), run: ${ran} (${((100 * ran) / total).toFixed(0)}%)`);
  const show = (title: string, map: Map<string, string[]>) => {
    console.log(`\n${title}:`);
    for (const [key, files] of [...map].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${files.length} × ${key}${list ? `\n      ${files.join('\n      ')}` : ''}`);
  };
  show('parse errors', parseErrors);
  show('run errors (not a missing function)', runErrors);
  show('missing functions (first one met)', functionGaps);
}

void main();
