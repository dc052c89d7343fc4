// Explorer › Blog Taxonomies lists each taxonomy and its terms with post counts, most used first;
// spellings that differ by case or accents sit under the most used one, marked; expanding a term
// lists its posts (title, date) and clicking one opens it.
import { expectedTerms, openTaxonomyView, viewPane, viewRows } from './taxonomyView.mjs';

export default {
  name: 'taxonomy-explorer',
  title: 'Blog Taxonomies view: tags → terms with counts (variants marked) → posts; a click opens the post',
  async run({ wb, blog }) {
    const want = expectedTerms(blog, 'tags').sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1));
    if (!want.length) throw new Error('the fixture blog has no tags');
    await openTaxonomyView(wb);
    const rows = await wb.until('the view to list the tags with counts', async () => {
      const rs = await viewRows(wb);
      return rs.some((r) => r.label === 'tags') && rs.some((r) => r.label === want[0].term) ? rs : null;
    }, { timeout: 40_000 }).catch(async (e) => {
      await wb.shot('taxonomy-view-missing');
      throw new Error(`${e.message}; rows: ${JSON.stringify(await viewRows(wb).catch(() => []))}`);
    });
    await wb.shot('taxonomy-tree');
    const tagsAt = rows.findIndex((r) => r.label === 'tags');
    const catsAt = rows.findIndex((r) => r.label === 'categories');
    const termRows = rows.slice(tagsAt + 1, catsAt > tagsAt ? catsAt : undefined).filter((r) => r.level === rows[tagsAt].level + 1);
    const shown = termRows.map((r) => ({ term: r.label, count: Number(/^\d+/.exec(r.description)?.[0]), also: r.description }));
    const problems = [];
    if (shown.length !== want.length) problems.push(`${shown.length} terms shown, ${want.length} expected`);
    want.forEach((w, i) => {
      const s = shown[i];
      if (!s || s.term !== w.term || s.count !== w.count) problems.push(`row ${i + 1}: "${s?.term} ${s?.count}" but expected "${w.term} ${w.count}"`);
      else if (w.others.length && !w.others.every((o) => s.also.includes(o))) problems.push(`"${w.term}" does not mark its variants ${w.others.join(', ')}: "${s.also}"`);
    });
    if (problems.length) throw new Error(`${problems.join('; ')}; rows: ${JSON.stringify(termRows)}`);

    // expand the most used term: its posts, newest first, with dates
    const top = want[0];
    await viewPane(wb).locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${top.term}$`) }) }).first().click();
    await wb.page.keyboard.press('ArrowRight');
    const expectedPosts = blog.posts.filter((p) => p.tags.some((t) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase() === top.term.toLowerCase()));
    const postRows = await wb.until(`${expectedPosts.length} posts under '${top.term}'`, async () => {
      const rs = await viewRows(wb);
      const at = rs.findIndex((r) => r.label === top.term);
      const under = [];
      for (let i = at + 1; i < rs.length && rs[i].level > rs[at].level; i++) under.push(rs[i]);
      return under.length === expectedPosts.length ? under : null;
    });
    const titles = new Set(expectedPosts.map((p) => p.title));
    const wrong = postRows.filter((r) => !titles.has(r.label) || !/^\d{4}-\d\d-\d\d/.test(r.description));
    if (wrong.length) throw new Error(`post rows without their title or date: ${JSON.stringify(wrong)}`);
    const dates = postRows.map((r) => r.description.slice(0, 10));
    if (dates.some((d, i) => i > 0 && d > dates[i - 1])) throw new Error(`posts are not newest first: ${dates.join(', ')}`);
    await wb.shot('taxonomy-tree-posts');
    // clicking a post opens it
    const first = expectedPosts.find((p) => p.title === postRows[0].label);
    await viewPane(wb).locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: postRows[0].label }) }).first().click();
    await wb.until(`an editor for ${first.rel}`, async () => ((await wb.activeEditorUri()) ?? '').endsWith(first.rel));
    return `${shown.length} tags shown with counts (${shown.slice(0, 4).map((s) => `${s.term} ${s.count}`).join(', ')}, …)${want.filter((w) => w.others.length).map((w) => `; '${w.term}' marked with ${w.others.join(', ')}`).join('')}; '${top.term}' lists ${postRows.length} posts newest first; clicking "${postRows[0].label}" opened ${first.rel}`;
  },
};
