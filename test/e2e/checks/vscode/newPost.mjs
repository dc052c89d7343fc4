// "Blog: New Post" asks for a title, creates the post named as the blog names its posts
// (content/post/YYYY-MM-DD-slug.md) with the front matter of archetypes/post.md evaluated (the
// typed title, today's date), and opens it with the cursor in the first empty list: tag suggestions.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default {
  name: 'new-post',
  title: 'Blog: New Post → title prompt → post created from archetypes/post.md, opened with tag suggestions',
  async run({ wb, blog, folder }) {
    const archetypePath = join(folder, 'archetypes/post.md');
    if (!existsSync(archetypePath)) throw new Error('the fixture blog has no archetypes/post.md');
    const archetype = readFileSync(archetypePath, 'utf8');
    const title = 'Probando el explorador de etiquetas';
    const slug = 'probando-el-explorador-de-etiquetas';
    let created;
    try {
      await wb.runCommand('Blog: New Post');
      const input = wb.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(title);
      await wb.page.keyboard.press('Enter');
      const uri = await wb.until('the new post to open', async () => {
        const u = (await wb.activeEditorUri()) ?? '';
        return new RegExp(`content/post/\\d{4}-\\d\\d-\\d\\d-${slug}\\.md$`).test(decodeURIComponent(u)) ? u : null;
      }, { timeout: 20_000 });
      const rel = decodeURIComponent(uri).replace(/^.*?(content\/post\/)/, '$1');
      created = join(folder, rel);
      const text = await wb.until('the file on disk', async () => (existsSync(created) ? readFileSync(created, 'utf8') : null));
      const day = rel.match(/(\d{4}-\d\d-\d\d)/)[1];
      // every archetype line is there, its template actions evaluated
      const want = archetype.split('\n').map((l) => l
        .replace(/"\{\{ replace \.File\.ContentBaseName "-" " " \| title \}\}"/, `"${title}"`)
        .replace('{{ .Date }}', `${day}T`));
      const got = text.split('\n');
      const bad = want.filter((w, i) => !(got[i] ?? '').startsWith(w));
      if (bad.length || /\{\{/.test(text)) throw new Error(`the post's front matter is not the archetype's: ${JSON.stringify(text)}`);
      // the cursor is in the first empty list: tag suggestions show at once
      const rows = await wb.until('tag suggestions', async () => {
        const rs = await wb.suggestRows().catch(() => []);
        return rs.length ? rs : null;
      }, { timeout: 10_000 }).catch(async () => wb.suggest());
      await wb.shot('new-post');
      const tags = [...blog.tagCounts.keys()];
      if (!rows.some((r) => tags.some((t) => r.label.startsWith(t)))) throw new Error(`the suggestions are not the blog's tags: ${JSON.stringify(rows.map((r) => r.label))}`);
      const firstList = got.findIndex((l) => /: \[\]$/.test(l));
      return `${rel} created from archetypes/post.md (title "${title}", date ${got.find((l) => l.startsWith('date:'))?.slice(6)}); opened with suggestions ${rows.slice(0, 3).map((r) => r.label.split(',')[0]).join(', ')}… on line ${firstList + 1} "${got[firstList]}"`;
    } finally {
      await wb.escape(2);
      await wb.runCommand('View: Close All Editors').catch(() => {});
      if (created) rmSync(created, { force: true });
    }
  },
};
