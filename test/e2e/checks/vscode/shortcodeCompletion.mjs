// Typing `{{< ` in a post's body opens the suggest widget with the shortcode names: Hugo's built-ins
// (highlight) and the site's own (layouts/shortcodes/*.html); accepting the site's one inserts it.
import { siteShortcodes } from '../../lib/blog.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default {
  name: 'shortcode-completion',
  title: 'typing {{< in the body opens suggestions with built-in (highlight) and site shortcodes; accepting one inserts it',
  async run({ wb, blog, post }) {
    const site = siteShortcodes(blog.root);
    if (!site.length) throw new Error(`the fixture has no shortcode of its own in ${blog.root}/layouts/shortcodes/`);
    const own = site.includes('nota') ? 'nota' : site[0];
    await wb.openFile(post.rel);
    try {
      await wb.focusEditor(post.rel);
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.insertText('\n\n');
      const line = post.lines.length + 2; // Ctrl+End is on the last editor line (post.lines.length), then two newlines
      // typed key by key, as a user does: the editor's auto-closing applies, and ' ' is a trigger character
      await wb.page.keyboard.type('{{< ', { delay: 60 });
      const typed = await wb.lineText(post.rel, line);
      const rowsLoc = wb.page.locator('.suggest-widget.visible .monaco-list-row');
      let opened = false;
      for (let i = 0; i < 3 && !opened; i++) {
        opened = await rowsLoc.first().waitFor({ state: 'visible', timeout: 8000 }).then(() => true, () => false);
        if (!opened) {
          // the server may not have answered the first trigger: type the trigger character again
          await wb.page.keyboard.press('Backspace');
          await wb.page.keyboard.type(' ');
        }
      }
      if (!opened) {
        await wb.shot('shortcode-completion-no-widget');
        throw new Error(`typing "{{< " (the line reads "${typed}") opened no suggest widget`);
      }
      await sleep(400);
      const rows = await wb.suggestRows();
      await wb.shot('shortcode-completion-suggest');
      const nameOf = (r) => r.name || r.label.split(/[,\s]/)[0];
      const names = rows.map(nameOf);
      // the list is virtual: only the rows in view are in the DOM; what is missing must be reachable by typing
      for (const want of ['highlight', own]) {
        if (!names.includes(want)) throw new Error(`after "{{< " the suggestions are ${JSON.stringify(names)}: no "${want}"`);
      }
      // walk down to the site's shortcode and accept it with Enter
      const idx = rows.findIndex((r) => nameOf(r) === own);
      for (let i = 0; i < idx; i++) await wb.page.keyboard.press('Down');
      const focused = await wb.page.locator('.suggest-widget.visible .monaco-list-row.focused').first().getAttribute('aria-label');
      if (!focused || !focused.replace(/\u00a0/g, ' ').startsWith(own)) throw new Error(`moved to "${own}" but the focused suggestion is "${focused}"`);
      await wb.page.keyboard.press('Enter');
      const inserted = await wb.until(`"${own}" in line ${line}`, async () => {
        const t = await wb.lineText(post.rel, line);
        return t && t.includes(own) ? t : null;
      }, { timeout: 5000 }).catch(async () => {
        throw new Error(`after Enter on "${own}" line ${line} reads "${await wb.lineText(post.rel, line)}"`);
      });
      await wb.shot('shortcode-completion-accepted');
      // one well-formed call: `{{< nota … >}}` (and its closing tag when it takes inner content), nothing left over
      const ok = new RegExp(`^\\{\\{< ${own}\\b[^{}]*>\\}\\}(\\s*\\{\\{< /${own} >\\}\\})?\\s*$`);
      if (!ok.test(inserted.trim())) throw new Error(`accepting "${own}" after typing "{{< " (the editor showed "${typed}") left "${inserted.trim()}", not a well-formed {{< ${own} >}} call`);
      const builtins = rows.filter((r) => /built-in/i.test(`${r.label} ${r.text}`)).length;
      return `typed "{{< " (editor: "${typed.trim()}"): ${rows.length} suggestions in view incl. highlight and ${own}${builtins ? ` (${builtins} marked built-in)` : ''}; accepting ${own} gave "${inserted.trim()}"`;
    } finally {
      await wb.escape(2);
      await wb.focusEditor(post.rel).catch(() => {});
      await wb.runCommand('File: Revert File').catch(() => {});
    }
  },
};
