// Facts about a fixture blog, read from its files independently of the extension,
// so checks can say what the UI must show (tag counts, a related post's file, a link's title).
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, basename, sep } from 'node:path';
import YAML from 'yaml';
import * as TOML from 'smol-toml';

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(md|markdown)$/i.test(name)) out.push(p);
  }
  return out;
}

/** Split front matter; returns { format, data, fmStartLine, fmEndLine, bodyStartLine } (0-based lines). */
export function splitFrontMatter(text) {
  const all = text.split(/\r?\n/);
  // Hugo accepts blank lines before the front matter; keep line numbers of the file
  const lead = all.findIndex((l) => l.trim() !== '');
  const lines = lead > 0 ? all.slice(lead) : all;
  const r = splitAtTop(lines);
  if (lead > 0) {
    r.lines = all;
    if (r.fmEndLine >= 0) r.fmEndLine += lead;
    r.bodyStartLine += lead;
  }
  return r;
}

function splitAtTop(lines) {
  const fences = { '---': 'yaml', '+++': 'toml' };
  const format = fences[lines[0]?.trim()];
  if (!format && lines[0]?.trim() === '{') {
    // JSON front matter: the object that starts the file
    const end = lines.findIndex((l) => l.trimEnd() === '}');
    if (end > 0) {
      try {
        return { format: 'json', data: JSON.parse(lines.slice(0, end + 1).join('\n')) ?? {}, fmEndLine: end, bodyStartLine: end + 1, lines };
      } catch {
        /* not JSON after all */
      }
    }
  }
  if (!format) return { format: null, data: {}, fmEndLine: -1, bodyStartLine: 0, lines };
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === lines[0].trim());
  if (end < 0) return { format, data: {}, fmEndLine: -1, bodyStartLine: 0, lines };
  const src = lines.slice(1, end).join('\n');
  let data = {};
  try {
    // like the server, keep what a damaged YAML block still says (duplicate keys, an unclosed quote)
    data = (format === 'yaml' ? YAML.parseDocument(src, { uniqueKeys: false }).toJS() : TOML.parse(src)) ?? {};
  } catch {
    data = {};
  }
  return { format, data, fmEndLine: end, bodyStartLine: end + 1, lines };
}

const arr = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const normUrl = (u) => String(u).replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase();

export function readBlog(root) {
  const contentDir = existsSync(join(root, 'content')) ? join(root, 'content') : root;
  const jekyll = existsSync(join(root, '_config.yml'));
  const files = jekyll ? walk(join(root, '_posts')) : walk(contentDir);
  const posts = [];
  for (const abs of files) {
    if (/(^|[\\/])_index\.md$/.test(abs)) continue;
    const text = readFileSync(abs, 'utf8');
    const fm = splitFrontMatter(text);
    posts.push({
      abs,
      rel: relative(root, abs).split(sep).join('/'),
      name: basename(abs),
      text,
      lines: fm.lines,
      format: fm.format,
      data: fm.data,
      fmEndLine: fm.fmEndLine,
      title: fm.data.title,
      tags: arr(fm.data.tags).map(String),
      categories: arr(fm.data.categories).map(String),
      related: arr(fm.data.related).map(String),
      url: fm.data.url ? String(fm.data.url) : null,
    });
  }
  posts.sort((a, b) => a.rel.localeCompare(b.rel));
  const tagCounts = new Map();
  for (const p of posts) for (const t of new Set(p.tags)) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  const byName = new Map(posts.map((p) => [p.name, p]));
  const byUrl = new Map(posts.filter((p) => p.url).map((p) => [normUrl(p.url), p]));
  return { root, posts, tagCounts, byName, byUrl, resolveLink: (target) => resolveLink(target, byName, byUrl) };
}

function resolveLink(target, byName, byUrl) {
  const t = target.trim().replace(/^<|>$/g, '');
  if (/^[a-z]+:/i.test(t) || t.startsWith('#')) return null;
  const u = byUrl.get(normUrl(t));
  if (u) return u;
  const name = basename(t.replace(/#.*$/, ''));
  return byName.get(name) ?? null;
}

/** A YAML post with a `tags:` block list, its line numbers (1-based) — for completion checks. */
export function findTagsBlock(post) {
  if (post.format !== 'yaml') return null;
  const lines = post.lines;
  const start = lines.findIndex((l, i) => i < post.fmEndLine && /^tags:\s*$/.test(l));
  if (start < 0) return null;
  let last = start;
  for (let i = start + 1; i < post.fmEndLine && /^\s*-\s+\S/.test(lines[i]); i++) last = i;
  if (last === start) return null;
  return { keyLine: start + 1, lastItemLine: last + 1, lastItemText: lines[last] };
}

/** First `related:` entry that names an existing post: { line, column (1-based, inside the name), target }. */
export function findRelatedEntry(blog, post) {
  const lines = post.lines;
  const start = lines.findIndex((l, i) => i < post.fmEndLine && /^related:\s*$/.test(l));
  if (start < 0) return null;
  for (let i = start + 1; i < post.fmEndLine && /^\s*-\s+/.test(lines[i]); i++) {
    const m = lines[i].match(/^(\s*-\s+)['"]?([^'"\s]+)/);
    if (!m) continue;
    const target = blog.byName.get(basename(m[2]));
    if (target && target !== post) return { line: i + 1, column: m[1].length + 1 + Math.floor(m[2].length / 2), entry: m[2], target };
  }
  return null;
}

/** First internal markdown link in the body that resolves to another post: { line, column, target }. */
export function findInternalLink(blog, post) {
  const lines = post.lines;
  let inFence = false;
  for (let i = post.fmEndLine + 1; i < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) inFence = !inFence;
    if (inFence) continue;
    const re = /\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
    let m;
    while ((m = re.exec(lines[i]))) {
      if (m.index > 0 && lines[i][m.index - 1] === '!') continue;
      const target = blog.resolveLink(m[2]);
      if (target && target !== post && target.title) {
        // column inside the link destination, 1-based
        const destStart = m.index + m[1].length + 3; // "[" text "](" → 0-based index of destination
        return { line: i + 1, column: destStart + 1 + Math.floor(m[2].length / 2), textColumn: m.index + 2, dest: m[2], target };
      }
    }
    const ref = lines[i].match(/\{\{[<%]\s*(?:rel)?ref\s+"([^"]+)"\s*[>%]\}\}/);
    if (ref) {
      const target = blog.resolveLink(ref[1]);
      if (target && target !== post && target.title) {
        return { line: i + 1, column: lines[i].indexOf(ref[1]) + 1 + Math.floor(ref[1].length / 2), dest: ref[1], target };
      }
    }
  }
  return null;
}

/** The post that best exercises the checks: it has tags, a related entry and an internal link. */
export function pickPost(blog) {
  const score = (p) => (findTagsBlock(p) ? 4 : 0) + (findRelatedEntry(blog, p) ? 2 : 0) + (findInternalLink(blog, p) ? 1 : 0);
  return [...blog.posts].sort((a, b) => score(b) - score(a) || a.rel.localeCompare(b.rel))[0];
}

/** Levenshtein distance (small strings: post file names). */
export function editDistance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * First `related:` entry (in any post) that names no post but is a small typo of one (a wrong year):
 * { post, line, column (1-based, inside the name), entry, indent, nearest (the closest existing post name) }.
 */
export function findMisnamedRelated(blog) {
  for (const post of blog.posts) {
    if (post.format !== 'yaml') continue;
    const lines = post.lines;
    const start = lines.findIndex((l, i) => i < post.fmEndLine && /^related:\s*$/.test(l));
    if (start < 0) continue;
    for (let i = start + 1; i < post.fmEndLine && /^\s*-\s+/.test(lines[i]); i++) {
      const m = lines[i].match(/^(\s*-\s+)([^'"\s]+\.md)\s*$/);
      if (!m || blog.byName.has(basename(m[2]))) continue;
      // The server never offers a post already in the list: neither does the expectation.
      const listed = new Set(lines.slice(start + 1, post.fmEndLine).map((l) => l.match(/^\s*-\s+(\S+)\s*$/)?.[1]).filter(Boolean));
      const scored = blog.posts.filter((p) => p !== post && !listed.has(p.name)).map((p) => ({ name: p.name, d: editDistance(m[2].toLowerCase(), p.name.toLowerCase()) }));
      scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
      if (scored[0] && scored[0].d <= 2 && (!scored[1] || scored[1].d > scored[0].d)) {
        return { post, line: i + 1, column: m[1].length + 1 + Math.floor(m[2].length / 2), entry: m[2], prefix: m[1], nearest: scored[0].name };
      }
    }
  }
  return null;
}

/** A post whose body holds `$…$` inline math and a `$$…$$` display block (for the math preview). */
export function findMathPost(blog) {
  return blog.posts.find((p) => {
    const body = p.lines.slice(p.fmEndLine + 1).join('\n');
    return /\$\$[^$]+\$\$/.test(body) && /(^|[^$])\$[^$\n]+\$(?!\$)/.test(body.replace(/\$\$[^$]+\$\$/g, ''));
  }) ?? null;
}

/** Shortcode templates of the site (layouts/shortcodes/*.html, layouts/_shortcodes/*.html): their names. */
export function siteShortcodes(root) {
  const out = [];
  for (const dir of ['layouts/shortcodes', 'layouts/_shortcodes']) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs)) if (/\.html$/.test(f)) out.push(f.replace(/\.html$/, '').replace(/\..*$/, ''));
  }
  return [...new Set(out)].sort();
}
