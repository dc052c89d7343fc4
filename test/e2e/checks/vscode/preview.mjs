// The preview command opens a webview holding the rendered post, and it follows typing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../setup.mjs';

export const PREVIEW_COMMAND = 'blogAuthor.openPreviewToSide';

export function commandTitle(id) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const c = (pkg.contributes?.commands ?? []).find((x) => x.command === id);
  if (!c) throw new Error(`package.json contributes no command ${id}`);
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

export default {
  name: 'preview',
  title: 'the preview command opens a webview with the rendered post within 10 s (not retried: a blank preview fails); it changes after typing',
  retry: false,
  async run({ wb, blog, post: mainPost }) {
    // the post that shows most of the renderer: a heading and a highlight shortcode, if the blog has one
    const score = (p) => (/\{\{<\s*highlight\b/.test(p.text) ? 2 : 0) + (p.lines.some((l) => /^#{1,6}\s+\S/.test(l)) ? 1 : 0);
    const post = [...blog.posts].sort((a, b) => score(b) - score(a))[0] ?? mainPost;
    const heading = post.lines.slice(post.fmEndLine + 1).find((l) => /^#{1,6}\s+\S/.test(l));
    const hasHighlight = /\{\{<\s*highlight\b/.test(post.text);
    // a run of plain words from the first paragraph: the rendered text must hold it
    const para = post.lines.slice(post.fmEndLine + 1).find((l) => /^[A-Za-zÀ-ÿ¡¿\[]/.test(l) && !l.startsWith('{{')) ?? '';
    const words = para.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').match(/[A-Za-zÀ-ÿ]+(?: [A-Za-zÀ-ÿ]+){3,}/);
    await wb.openFile(post.rel);
    await wb.runCommand(commandTitle(PREVIEW_COMMAND));
    const frame = wb.webviewFrame();
    const body = frame.locator('body');
    await body.waitFor({ state: 'attached', timeout: 30_000 });
    // The first render must arrive on its own: a preview that stays blank is the bug users met, not a slow machine.
    const opened = Date.now();
    await frame.locator('#ba-content').filter({ hasText: /\S/ }).first().waitFor({ timeout: 10_000 })
      .catch(() => { throw new Error(`the preview stayed blank for ${((Date.now() - opened) / 1000).toFixed(0)} s after it opened`); });
    const firstRenderMs = Date.now() - opened;
    if (heading) {
      const h = heading.replace(/^#+\s+/, '').replace(/[*_`]/g, '').trim();
      await frame.locator('h1,h2,h3,h4,h5,h6', { hasText: h }).first().waitFor({ timeout: 30_000 })
        .catch(() => { throw new Error(`the preview has no heading "${h}"`); });
    }
    const text = await body.innerText({ timeout: 10_000 });
    if (post.title && !text.includes(String(post.title))) throw new Error(`the preview does not show the title "${post.title}"`);
    if (words && !text.replace(/\s+/g, ' ').includes(words[0])) throw new Error(`the preview does not show the text "${words[0]}"`);
    if (/\{\{[<%]/.test(text)) throw new Error('the preview shows raw shortcode markup "{{<"');
    if (hasHighlight) {
      const n = await frame.locator('.highlight pre, pre code').count();
      if (!n) throw new Error('the post has a highlight shortcode but the preview has no code block');
    }
    await wb.shot('preview-open');
    // type into the post: the preview must follow without saving
    const marker = `E2E live marker ${Date.now()}`;
    await wb.focusEditor(post.rel);
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.insertText(`\n\n${marker}\n`);
    await frame.locator('p', { hasText: marker }).first().waitFor({ timeout: 20_000 })
      .catch(() => { throw new Error(`typed "${marker}" into the post but the preview did not show it`); });
    await wb.shot('preview-after-typing');
    await wb.focusEditor(post.rel);
    await wb.runCommand('File: Revert File');
    return `${post.rel}: first render ${firstRenderMs} ms after the webview appeared; title, ${words ? `"${words[0]}", ` : ''}${heading ? `heading "${heading.trim()}", ` : ''}${hasHighlight ? 'a highlighted code block, ' : ''}and the typed paragraph`;
  },
};
