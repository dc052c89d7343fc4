/**
 * Bounded work (issue 11): diagnostics of hostile-sized posts, with limits. Baseline in the same
 * run: diagnostics of an ordinary post of the same size (paragraphs with blank lines, a few
 * shortcodes), so the ratio shows what the pathological shape costs on top of the size.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/languageService';
import { HUGO_CONFIG, memoryBlog } from '../test/helpers/memoryBlog';

async function main(): Promise<void> {
  const { service: hugo } = await memoryBlog({ '/blog/hugo.toml': HUGO_CONFIG, '/blog/content/a.md': '---\ntitle: a\n---\nA.\n' });
  const { service: jekyll } = await memoryBlog({ '/blog/_config.yml': 'title: t\n', '/blog/_posts/2020-01-01-a.md': '---\ntitle: a\n---\nA.\n' });
  const ls = createLanguageService();
  const fm = '---\ntitle: bench\n---\n';
  const sentence = 'Some prose with `code`, a [link](https://example.org/a) and a stray ` tick. ';
  const cases = [
    { name: '1 MB paragraph without blank lines', text: fm + sentence.repeat(14_000), baseline: fm + (sentence.repeat(6) + '\n\n').repeat(14_000 / 6), limit: 200 },
    { name: '20,000 broken shortcodes', text: fm + 'text {{< \n'.repeat(20_000), baseline: fm + 'text {{< figure src="a.png" >}}\n\n'.repeat(20_000 / 3), limit: 200 },
    // Jekyll (parse/liquid.ts): raw blocks and Liquid link targets against the same lines and links without
    // Liquid; unclosed tags against prose of the same size.
    { name: 'Jekyll: 20,000 raw blocks and Liquid links', jekyll: true, text: fm + '{% raw %}{{ x }}{% endraw %} [a]({{ site.baseurl }}/a/)\n'.repeat(20_000), baseline: fm + 'Some words in place of the raw block: [a](/a/)\n'.repeat(20_000), limit: 400 },
    { name: 'Jekyll: 50,000 unclosed {% and {{', jekyll: true, text: fm + '{% {{ x '.repeat(50_000), baseline: fm + (sentence + '\n\n').repeat(50_000 * 8 / sentence.length), limit: 400 },
  ];
  let failed = false;
  let v = 1;
  const time = (text: string, isJekyll = false) => {
    const service = isJekyll ? jekyll : hugo;
    const doc = TextDocument.create(isJekyll ? 'file:///blog/_posts/2020-02-02-bench.md' : 'file:///blog/content/bench.md', 'markdown', v++, text);
    service.documentChanged(doc);
    const t = performance.now();
    ls.diagnostics(service, doc);
    return performance.now() - t;
  };
  for (const c of cases) {
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < 5; i++) {
      ours.push(time(c.text, 'jekyll' in c));
      base.push(time(c.baseline, 'jekyll' in c));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[2];
    const o = med(ours);
    const b = med(base);
    console.log(`${c.name} (${(c.text.length / 1e6).toFixed(2)} MB): diagnostics ${o.toFixed(0)} ms; ordinary post of that size ${b.toFixed(0)} ms; ratio ${(o / b).toFixed(2)}×`);
    if (o > c.limit) {
      console.log(`  ✗ target: ≤ ${c.limit} ms`);
      failed = true;
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
