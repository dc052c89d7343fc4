// "Blog: Suggest Tags" and "Blog: Suggest Related Posts", run from the command palette by pressing
// keys, fill the open post's front matter through the server's code action: the tags list gains
// tags the blog already uses (in the list's own flow style), and a related list appears with as
// many entries as the blog's posts typically have, each naming another post of the blog.
import { basename } from 'node:path';

/** The lower median, as the server takes the blog's typical list length. */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function runFromPalette(wb, title) {
  await wb.page.keyboard.press('F1');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await wb.page.keyboard.type(title);
  const row = wb.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  // the palette focuses its first row: make sure it is ours, then Enter
  const focused = await wb.page.locator('.quick-input-list .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 2000 }).catch(() => '');
  if (!focused?.includes(title)) throw new Error(`the palette's first row for "${title}" is "${focused}"`);
  await wb.page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

/** The front matter lines of the editor (1-based line → text), up to the closing `---`. */
async function frontMatter(wb, rel) {
  const lines = await wb.visibleLines(rel);
  const out = [];
  for (let n = 1; lines[n] !== undefined; n++) {
    out.push(lines[n]);
    if (n > 1 && lines[n].trim() === '---') break;
  }
  return out;
}

const flowItems = (line) => line.replace(/^tags:\s*\[/, '').replace(/\]\s*$/, '').split(',').map((s) => s.trim().replace(/^["']|["']$/g, '')).filter(Boolean);

export default {
  name: 'suggest-commands',
  title: 'palette "Blog: Suggest Tags" / "Blog: Suggest Related Posts" → the post\'s tags list gains blog tags (its own style), related: fills to the blog\'s median length',
  async run({ wb, blog }) {
    const withRelated = blog.posts.filter((p) => p.related.length).map((p) => p.related.length);
    const typical = median(withRelated);
    const tagLengths = blog.posts.filter((p) => p.tags.length).map((p) => p.tags.length);
    const typicalTags = median(tagLengths);
    // a post with fewer related entries than the blog's posts typically have, and a flow tags list
    const post = blog.posts.find((p) => p.format === 'yaml' && p.related.length < typical && p.lines.some((l, i) => i < p.fmEndLine && /^tags:\s*\[.+\]\s*$/.test(l)));
    if (!post) throw new Error(`no fixture post has fewer than ${typical} related entries and a flow tags list`);
    const rel = post.rel;
    await wb.openFile(rel);
    try {
      const before = await wb.until('the post\'s front matter on screen', async () => {
        const fm = await frontMatter(wb, rel);
        return fm.length > 2 && fm[fm.length - 1].trim() === '---' ? fm : null;
      });
      const tagsBefore = flowItems(before.find((l) => /^tags:/.test(l)));
      // the server must have the post indexed before it can suggest: wait for the status bar count
      await wb.until('the index to be ready', async () => (await wb.statusBarTexts()).some((t) => /Blog: \d+ posts/.test(t)), { timeout: 60_000 });

      // --- Suggest Tags
      await wb.focusEditor(rel);
      await runFromPalette(wb, 'Blog: Suggest Tags');
      const afterTags = await wb.until('the tags list to grow', async () => {
        const fm = await frontMatter(wb, rel);
        const line = fm.find((l) => /^tags:/.test(l));
        return line && flowItems(line).length > tagsBefore.length ? fm : null;
      }, { timeout: 20_000 }).catch(async (e) => {
        await wb.shot('suggest-tags-nothing');
        throw new Error(`${e.message}; notifications: ${JSON.stringify(await wb.notifications())}`);
      });
      await wb.shot('suggest-tags-applied');
      const tagsLine = afterTags.find((l) => /^tags:/.test(l));
      if (!/^tags: \[.*\]$/.test(tagsLine.trimEnd())) throw new Error(`the tags list is no longer a flow list on one line: "${tagsLine}"`);
      const tagsAfter = flowItems(tagsLine);
      if (tagsAfter.slice(0, tagsBefore.length).join('|') !== tagsBefore.join('|')) throw new Error(`the existing tags changed: ${tagsBefore} → ${tagsAfter}`);
      const added = tagsAfter.slice(tagsBefore.length);
      const want = Math.max(1, typicalTags - tagsBefore.length);
      if (added.length > want) throw new Error(`${added.length} tags added (${added}), expected at most ${want} (the blog's typical ${typicalTags} per post)`);
      for (const t of added) {
        if (!blog.tagCounts.has(t)) throw new Error(`added tag "${t}" is not a tag of the blog`);
        if (tagsBefore.some((b) => b.toLowerCase() === t.toLowerCase())) throw new Error(`added tag "${t}" was already on the post`);
      }
      if (afterTags.length !== before.length) throw new Error(`Suggest Tags changed the number of front matter lines: ${before.length} → ${afterTags.length}`);

      // --- Suggest Related Posts
      await wb.focusEditor(rel);
      await runFromPalette(wb, 'Blog: Suggest Related Posts');
      const afterRelated = await wb.until('a related: list', async () => {
        const fm = await frontMatter(wb, rel);
        const at = fm.findIndex((l) => /^related:/.test(l));
        return at >= 0 && /^\s*-\s+\S/.test(fm[at + 1] ?? '') ? fm : null;
      }, { timeout: 20_000 }).catch(async (e) => {
        await wb.shot('suggest-related-nothing');
        throw new Error(`${e.message}; notifications: ${JSON.stringify(await wb.notifications())}`);
      });
      await wb.shot('suggest-related-applied');
      const at = afterRelated.findIndex((l) => /^related:/.test(l));
      const entries = [];
      for (let i = at + 1; /^\s*-\s+\S/.test(afterRelated[i] ?? ''); i++) entries.push(afterRelated[i].replace(/^\s*-\s+/, '').trim().replace(/^["']|["']$/g, ''));
      const expected = typical - post.related.length;
      if (entries.length !== typical) throw new Error(`related: has ${entries.length} entries (${entries}), expected the blog's median ${typical} (${expected} added)`);
      for (const e of entries) {
        const target = blog.byName.get(basename(e));
        if (!target) throw new Error(`related entry "${e}" names no post of the blog`);
        if (target === post) throw new Error(`related entry "${e}" is the post itself`);
      }
      // nothing else in the front matter moved: the old lines are all still there, in order
      const rest = afterRelated.filter((_, i) => i < at || i > at + entries.length);
      if (rest.join('\n') !== afterTags.join('\n')) throw new Error(`Suggest Related Posts changed other lines:\n${afterTags.join('\n')}\n→\n${rest.join('\n')}`);
      return `${rel}: tags [${tagsBefore.join(', ')}] → [${tagsAfter.join(', ')}]; related: ${entries.join(', ')} (blog median ${typical})`;
    } finally {
      await wb.escape(2);
      await wb.focusEditor(rel).catch(() => {});
      await wb.runCommand('File: Revert File').catch(() => {});
    }
  },
};
