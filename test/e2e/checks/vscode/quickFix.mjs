// A `related:` entry with a wrong year shows a Problems entry that names the post it probably meant;
// the quick fix menu (Ctrl+.) on it offers "Change to '<that post>'", and choosing it rewrites the entry
// and clears the Problems entry.
import { findMisnamedRelated } from '../../lib/blog.mjs';

export default {
  name: 'quick-fix',
  title: 'a related: entry naming no post → Problems "Did you mean …?"; Ctrl+. "Change to …" fixes it',
  async run({ wb, blog }) {
    const m = findMisnamedRelated(blog);
    if (!m) throw new Error('no post of the fixture has a related: entry that is a small typo of another post\'s file name');
    const rel = m.post.rel;
    const expected = `No post named '${m.entry}'. Did you mean '${m.nearest}'`;
    const isOurs = (t) => t.includes(`No post named '${m.entry}'`);
    await wb.openFile(rel);
    try {
      await wb.page.keyboard.press('Control+Shift+M');
      await wb.page.locator('.markers-panel').first().waitFor({ state: 'attached', timeout: 10_000 });
      const row = await wb.until(`a Problems entry "No post named '${m.entry}'"`, async () => (await wb.problems()).find(isOurs), { timeout: 30_000 })
        .catch(async (e) => {
          throw new Error(`${e.message}; Problems shows: ${JSON.stringify(await wb.problems())}`);
        });
      if (!row.includes(expected)) throw new Error(`the Problems entry is "${row}", expected it to say "${expected}'?"`);
      const others = row.slice(row.indexOf(expected) + expected.length).match(/^( or '[^']+')+/)?.[0];

      // the cursor on the entry, then the quick fix menu
      await wb.focusEditor(rel);
      await wb.gotoPosition(m.line, m.column);
      const title = `Change to '${m.nearest}'`;
      const rows = await wb.quickFixMenu({ expect: (rs) => rs.some((r) => r.text.includes(title)), timeout: 30_000 });
      await wb.shot('quick-fix-menu');
      // the preferred fix is focused; move to ours with the arrow keys and choose it with Enter
      const focused = () => wb.page.locator('.action-widget .monaco-list-row.focused').first().textContent({ timeout: 2000 }).catch(() => '');
      for (let i = 0; i < rows.length && !(await focused()).includes(title); i++) await wb.page.keyboard.press('Down');
      const chosen = await focused();
      if (!chosen.includes(title)) throw new Error(`could not focus "${title}" in the quick fix menu (focused: "${chosen}")`);
      await wb.page.keyboard.press('Enter');
      await wb.page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});

      // the editor text is fixed …
      const want = `${m.prefix}${m.nearest}`;
      const line = await wb.until(`line ${m.line} to read "${want}"`, async () => {
        const t = await wb.lineText(rel, m.line);
        return t?.trimEnd() === want ? t : null;
      }, { timeout: 10_000 }).catch(async (e) => {
        throw new Error(`${e.message}; it reads "${await wb.lineText(rel, m.line)}"`);
      });
      // … and the Problems entry is gone
      await wb.until(`the Problems entry about '${m.entry}' to go`, async () => !(await wb.problems()).some(isOurs), { timeout: 20_000 })
        .catch(async (e) => {
          throw new Error(`${e.message}; Problems shows: ${JSON.stringify(await wb.problems())}`);
        });
      await wb.shot('quick-fix-applied');
      return `${rel}:${m.line} "${m.entry}" → "${line.trim()}" via "${title}" (menu: ${rows.filter((r) => !r.header).map((r) => r.text).join(' | ')}); Problems entry gone${others ? `; the Problems entry also names${others.replace(/^ or/, '')}` : ''}`;
    } finally {
      await wb.escape(2);
      await wb.focusEditor(rel).catch(() => {});
      await wb.runCommand('File: Revert File').catch(() => {});
    }
  },
};
