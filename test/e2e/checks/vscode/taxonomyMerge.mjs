// On a term with case/accent variants, "Merge Spelling Variants" (the term's context menu in Blog
// Taxonomies) shows the rename edit first (every file and line); nothing changes on disk until
// Apply; then exactly the previewed files change (the variant becomes the main spelling) and the view
// drops the variant mark.
import { readFileSync, writeFileSync } from 'node:fs';
import { expectedTerms, openTaxonomyView, viewPane, viewRows } from './taxonomyView.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default {
  name: 'taxonomy-merge',
  title: 'Blog Taxonomies: Merge Spelling Variants → the edit is shown (files, lines); Apply changes exactly those files',
  async run({ wb, blog }) {
    const group = expectedTerms(blog, 'tags').find((g) => g.others.length);
    if (!group) throw new Error('the fixture blog has no tag spelt two ways');
    const variant = group.others[0];
    const touched = blog.posts.filter((p) => p.tags.includes(variant));
    const before = new Map(blog.posts.map((p) => [p.abs, readFileSync(p.abs, 'utf8')]));
    try {
      await openTaxonomyView(wb);
      const row = viewPane(wb).locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${group.term}$`) }) }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      await row.click({ button: 'right' });
      const item = wb.page.locator('.context-view .action-item').filter({ hasText: 'Merge Spelling Variants' }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 }).catch(async (e) => {
        const items = await wb.page.locator('.context-view .action-item').allTextContents().catch(() => []);
        throw new Error(`no "Merge Spelling Variants" in the term's context menu (${JSON.stringify(items)}): ${e.message.split('\n')[0]}`);
      });
      // A click that lands as the menu opens is dropped (the menu stays open, nothing runs): choose
      // the item as a user does, pointing at it, then Enter on the item it focuses.
      await item.hover();
      await sleep(200);
      await wb.page.keyboard.press('Enter');

      // the edit is shown first: every file and line that changes; the disk is untouched meanwhile
      const dialog = wb.page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 20_000 });
      const shown = ((await dialog.textContent()) ?? '').replace(/\u00a0/g, ' ');
      await sleep(300);
      await wb.shot('taxonomy-merge-preview');
      const previewRows = shown.split(/(?=content\/)/).filter((r) => r.startsWith('content/'));
      const previewedFiles = touched.filter((p) => shown.includes(p.rel));
      if (previewedFiles.length !== touched.length) throw new Error(`the preview shows "${shown}"; expected the files using '${variant}': ${touched.map((p) => p.rel).join(', ')}`);
      const changedEarly = blog.posts.filter((p) => readFileSync(p.abs, 'utf8') !== before.get(p.abs));
      if (changedEarly.length) throw new Error(`files changed before Apply: ${changedEarly.map((p) => p.rel).join(', ')}`);
      await dialog.locator('.monaco-button').filter({ hasText: /^Apply$/ }).first().click();
      await wb.until('the previewed files to be saved with the merge', async () => touched.every((p) => readFileSync(p.abs, 'utf8') !== before.get(p.abs)), { timeout: 20_000 });
      const changed = blog.posts.filter((p) => readFileSync(p.abs, 'utf8') !== before.get(p.abs));
      const extra = changed.filter((p) => !touched.includes(p));
      if (extra.length) throw new Error(`files not in the preview changed: ${extra.map((p) => p.rel).join(', ')}`);
      for (const p of touched) {
        const text = readFileSync(p.abs, 'utf8');
        const was = before.get(p.abs).split('\n');
        const now = text.split('\n');
        const diff = was.map((l, i) => [l, now[i]]).filter(([a, b]) => a !== b);
        const ok = new RegExp(`^(\\s*-\\s*)${variant}\\s*$`).test(diff[0]?.[0] ?? '') && (diff[0][1]?.trim() === `- ${group.term}` || now.length === was.length - 1);
        if (!ok) throw new Error(`${p.rel}: unexpected change ${JSON.stringify(diff.slice(0, 3))}`);
      }
      // the view follows: no more variant mark on the term
      await wb.until(`'${group.term}' to lose its variant mark`, async () => {
        const rs = await viewRows(wb);
        const r = rs.find((x) => x.label === group.term);
        return r && !r.description.includes(variant) ? r : null;
      }, { timeout: 20_000 });
      await wb.shot('taxonomy-merge-applied');
      return `the edit was shown (${previewRows.map((r) => r.trim()).join(' | ')}) with the disk untouched; Apply changed exactly those: '${variant}' → '${group.term}'; the view dropped the mark`;
    } finally {
      // put the fixture back for the checks that follow
      for (const [abs, text] of before) if (readFileSync(abs, 'utf8') !== text) writeFileSync(abs, text);
      await wb.escape(2);
      await wb.runCommand('View: Close All Editors').catch(() => {});
    }
  },
};
