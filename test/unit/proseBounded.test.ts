/**
 * The text index's prose (proseOf) is read in linear time (issue 11): its regexes searched ahead
 * for the closing at every opening, so 0.2 MB of `{{< ` never closed cost a second, 0.5 MB of
 * unclosed `{{< highlight >}}` 3.6 s and a 0.2 MB line of `<b` 7.7 s, on the event loop after
 * each pause in typing. The scanner that replaced them must give exactly what the regexes gave.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proseOf } from '../../server/src/index/textIndex';

// The regexes proseOf used before (the oracle: same output, quadratic time).
const FENCED_CODE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[`~]*[ \t]*$|(?![\s\S]))/gm;
const CODE_SHORTCODE = /\{\{[<%]\s*(highlight|code|codeblock|gist)\b[\s\S]*?\{\{[<%]\s*\/\s*\1\s*[%>]\}\}/g;
const LIQUID_CODE = /\{%-?\s*(highlight|raw)\b[\s\S]*?\{%-?\s*end\1\s*-?%\}/g;
const MARKUP = /`[^`\n]*`|\{\{[<%][\s\S]*?[%>]\}\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}|\b(?:https?|ftp|mailto):[^\s)>\]"']*|\]\([^)\n]*\)|<(?:!--[\s\S]*?--|[a-zA-Z/!][^>\n]*)>|&#?\w+;|\$\$[\s\S]*?\$\$/g;
function regexProse(body: string): string {
  let text = body;
  if (text.includes('```') || text.includes('~~~')) text = text.replace(FENCED_CODE, '\n');
  if (text.includes('{{')) text = text.replace(CODE_SHORTCODE, ' ');
  if (text.includes('{%')) text = text.replace(LIQUID_CODE, ' ');
  return text.replace(MARKUP, ' ');
}

const PIECES = [
  'word ', 'x', ' ', '\n', '\n\n', '`', '```\n', '~~~', '{{<', '{{%', '{{', '}}', '>}}', '%}}', '{%', '%}', '{%-', '-%}', '{{< highlight go >}}',
  '{{< /highlight >}}', '{{% code %}}', '{{% / code %}}', 'codeblock', 'gist', '{% raw %}', '{% endraw %}', '{% highlight %}', '{% endhighlight %}',
  'https://e.org/a', 'mailto:a@b', 'ftp:', 'xhttp:', '](', ')', ']', '(', '<', '>', '<b>', '</i', '<!--', '--', '-->', '<!x', '&amp;', '&#38;', '&x', ';',
  '$$', '$', 'é', '_', 'h', 'f', 'm',
];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('proseOf gives what the regexes gave, on 20,000 random mixes of markup pieces', () => {
  const next = random(11);
  for (let i = 0; i < 20_000; i++) {
    const n = 1 + Math.floor(next() * 30);
    let text = '';
    for (let k = 0; k < n; k++) text += PIECES[Math.floor(next() * PIECES.length)];
    assert.equal(proseOf(text), regexProse(text), `input ${JSON.stringify(text)}`);
  }
});

test('proseOf on openings never closed, and long lines without closings, is linear', () => {
  const shapes = [
    'text {{< \n'.repeat(20_000),
    'text {{ \n'.repeat(20_000),
    'text {% \n'.repeat(20_000),
    'text <!-- \n'.repeat(20_000),
    'text {{< highlight go >}}\n'.repeat(20_000),
    'text {% highlight go %}\n'.repeat(20_000),
    'a <b '.repeat(40_000),
    'a ](b '.repeat(40_000),
    'a `b '.repeat(40_000),
  ];
  const started = performance.now();
  for (const text of shapes) {
    const prose = proseOf(text);
    assert.ok(prose.includes('text') || prose.includes('a '), 'the prose around the unclosed markup is kept');
    // The same answer as the regexes on a slice small enough for them.
    assert.equal(proseOf(text.slice(0, 2000)), regexProse(text.slice(0, 2000)));
  }
  // A hang guard only (the regexes took 30 s and more on these together); speed is in bench/bounds.ts.
  assert.ok(performance.now() - started < 5_000, `${(performance.now() - started).toFixed(0)} ms`);
});
