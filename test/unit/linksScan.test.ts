/**
 * The scans parseLinks finds by searching for a construct's first character (issue 14) answer as the
 * line-anchored regexes they replace: a line start after CR or U+2028, at most three spaces before
 * `<pre>` or a fence, the body's first line, a URL inside a URL, an escaped first bracket.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLinks } from '../../server/src/parse/links';

const CASES: [text: string, from: number, links: [kind: string, target: string, start: number][]][] = [
  ["---\nx: 1\n---\n  <pre>\n[a](b)\n</pre>\n[c](d)\n", 14, [["inline","b",21],["inline","d",35]]],
  ["---\nx: 1\n---\n  <pre>\n[a](b)\n</pre>\n[c](d)\n", 13, [["inline","d",35]]],
  ["x\n <script>\n[a](b)\n</script> [c](d)", 0, [["inline","d",29]]],
  ["---\nx: 1\n---\n    <pre>\n\n[a](b)\n</pre>\n", 14, [["inline","b",24]]],
  ["a\r```\n[x](y)\n```\n[z](w)", 0, [["inline","w",17]]],
  ["a\u2028  ~~~~\n[x](y)\n~~~~\n[z](w)", 0, [["inline","w",21]]],
  ["x ```` a\n[x](y)", 0, [["inline","y",9]]],
  ["see https://a.com/?u=http://b.com end, xhttp://c.com and (http://d.com).", 0, [["bare-url","https://a.com/?u=http://b.com",4],["bare-url","http://d.com",58]]],
  ["\\[a](b) \\\\[c](d)", 0, [["inline","d",10]]],
  ["\\[a](b)", 1, []],
  ["[a]({{ site.baseurl }}/x) {{< ref \"y\" >}}", 0, [["inline","/x",0],["ref","y",26]]],
  ["<A HREF=\"x\">x</A> <IMG src=y> <https://a.b><mailto:c@d> <abbr> <Pre>", 0, [["html","x",0],["html","y",18],["autolink","https://a.b",30],["autolink","mailto:c@d",43]]],
  ["`a` ``b`` `c\n\n` d `e`", 0, []],
];

test('links: scans anchored at line starts and word boundaries find what the regexes found', () => {
  for (const [text, from, expected] of CASES) {
    const got = parseLinks(text, from).links.map((l) => [l.kind, l.target, l.span.start]);
    assert.deepEqual(got, expected, JSON.stringify(text));
  }
});
