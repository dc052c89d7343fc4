// Typing a new item in a post's `tags:` list opens the suggest widget with the blog's existing tags,
// most used first, each with its count; accepting one inserts it.
import { findTagsBlock } from '../../lib/blog.mjs';

export default {
  name: 'tag-completion',
  title: 'tags: list → suggest widget lists existing tags, those of similar posts first, then by count, with counts; Enter inserts one',
  async run({ wb, blog, post }) {
    const block = findTagsBlock(post);
    if (!block) throw new Error(`fixture post ${post.rel} has no YAML tags: block list`);
    await wb.openFile(post.rel);
    const indent = block.lastItemText.match(/^(\s*)-/)[1];
    await wb.gotoPosition(block.lastItemLine, block.lastItemText.length + 1);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    // whatever the editor auto-indented or continued, make the new line exactly "<indent>- "
    await wb.page.keyboard.press('Home');
    await wb.page.keyboard.press('Shift+End');
    await wb.page.keyboard.insertText(`${indent}- `);
    const newLine = block.lastItemLine + 1;
    const rows = await wb.suggest();
    await wb.shot('tag-completion-suggest');

    const known = blog.tagCounts;
    const tagRows = rows
      .map((r) => {
        const name = [r.name, r.label.split(', ')[0], r.label.split(/[,\s(]/)[0]].find((n) => known.has(n));
        return { ...r, tag: name ?? null };
      })
      .filter((r) => r.tag);
    if (!tagRows.length) {
      throw new Error(`no suggestion is an existing tag; rows: ${JSON.stringify(rows.map((r) => r.label))}`);
    }
    // the tags come first; below them VS Code may add the Markdown snippets (bold, code, …), nothing else
    const isTag = new Set(tagRows.map((r) => r.index));
    if (!isTag.has(rows[0].index)) throw new Error(`the first suggestion is not a tag: "${rows[0].label}"`);
    const other = rows.filter((r) => !isTag.has(r.index) && !/, Snippet$/.test(r.label));
    if (other.length) {
      throw new Error(`suggestions that are neither tags of the blog nor snippets: ${JSON.stringify(other.map((r) => r.label))}`);
    }
    const lastTag = rows.findIndex((r) => r.index === tagRows[tagRows.length - 1].index);
    if (rows.slice(0, lastTag).some((r) => !isTag.has(r.index))) {
      throw new Error(`other suggestions are mixed in among the tags: ${JSON.stringify(rows.map((r) => r.label))}`);
    }
    // every tag row shows its count (in the label, its details or its description)
    for (const r of tagRows) {
      const count = known.get(r.tag);
      const rest = `${r.label} ${r.text}`.replace(r.tag, '');
      if (!new RegExp(`\\b${count}\\b`).test(rest)) {
        throw new Error(`suggestion "${r.tag}" does not show its count ${count}: label "${r.label}", text "${r.text}"`);
      }
    }
    // ranked: first the tags the most similar posts use (marked "similar"), then the rest by count
    const voted = tagRows.filter((r) => /similar/.test(r.text));
    const firstRest = tagRows.findIndex((r) => !/similar/.test(r.text));
    if (firstRest >= 0 && tagRows.slice(firstRest).some((r) => /similar/.test(r.text))) {
      throw new Error(`a tag from similar posts comes after the ones ranked by use: ${tagRows.map((r) => `${r.tag} [${r.text}]`).join(', ')}`);
    }
    const counts = tagRows.slice(voted.length).map((r) => known.get(r.tag));
    for (let i = 1; i < counts.length; i++) {
      if (counts[i] > counts[i - 1]) {
        throw new Error(`tags after the similar posts' are not ranked by count: ${tagRows.map((r) => `${r.tag}(${known.get(r.tag)})`).join(', ')}`);
      }
    }
    // the first row is focused; Enter accepts it
    const first = tagRows[0].tag;
    await wb.page.keyboard.press('Enter');
    const inserted = await wb.until('the accepted tag in the document', async () => {
      const t = await wb.lineText(post.rel, newLine);
      return t && t.trim() !== '-' && t;
    }, { timeout: 5000 }).catch(() => null);
    await wb.shot('tag-completion-accepted');
    const ok = [first, `"${first}"`, `'${first}'`].map((v) => `${indent}- ${v}`);
    if (!inserted || !ok.includes(inserted.trimEnd())) {
      throw new Error(`after Enter, line ${newLine} is "${inserted}", expected "${ok[0]}"`);
    }
    await wb.escape();
    await wb.runCommand('File: Revert File');
    return `${tagRows.length} tag suggestions, first ${tagRows.slice(0, 3).map((r) => `${r.tag} (${known.get(r.tag)})`).join(', ')}; inserted "${inserted.trim()}"`;
  },
};
