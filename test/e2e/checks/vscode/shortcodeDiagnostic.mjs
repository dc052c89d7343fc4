// An unclosed shortcode typed into a post shows up in the Problems panel (and goes when it is removed).
export default {
  name: 'shortcode-diagnostic',
  title: 'an unclosed {{< highlight >}} shortcode shows a Problems entry',
  async run({ wb, post }) {
    await wb.openFile(post.rel);
    await wb.page.keyboard.press('Control+Shift+M');
    await wb.page.locator('.markers-panel').first().waitFor({ state: 'attached', timeout: 10_000 });
    const isOurs = (t) => /shortcode|highlight/i.test(t);
    const before = (await wb.problems()).filter(isOurs);
    if (before.length) throw new Error(`Problems already lists shortcode entries before the edit: ${JSON.stringify(before)}`);
    await wb.focusEditor(post.rel);
    await wb.page.keyboard.press('Control+End');
    // insertText: no auto-closing of braces, exactly these characters
    await wb.page.keyboard.insertText('\n\n{{< highlight go >}}\nfmt.Println("never closed")\n');
    const rows = await wb.until('a Problems entry about the unclosed shortcode', async () => {
      const r = (await wb.problems()).filter(isOurs);
      return r.length ? r : null;
    }, { timeout: 30_000 }).catch(async (e) => {
      await wb.shot('shortcode-diagnostic-missing');
      throw new Error(`${e.message}; Problems shows: ${JSON.stringify(await wb.problems())}`);
    });
    await wb.shot('shortcode-diagnostic');
    await wb.runCommand('File: Revert File');
    return rows[0].slice(0, 160);
  },
};
