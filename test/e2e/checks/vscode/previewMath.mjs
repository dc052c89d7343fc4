// The preview of a post with math (the site sets params.math): KaTeX-rendered formulas and no raw `$$`,
// the post's header (title, date, one chip per tag), a highlighted code block from {{< highlight >}};
// a paragraph with math typed into the post appears, rendered, without saving.
import { findMathPost } from '../../lib/blog.mjs';
import { PREVIEW_COMMAND, commandTitle } from './preview.mjs';

/** The rendered code block holding `line`: its language, whether it is Chroma markup, its tokens and their colours. */
export async function codeBlock(frame, line) {
  return frame.locator('body').evaluate((b, want) => {
    const pre = [...b.querySelectorAll('pre')].find((p) => (p.textContent ?? '').includes(want));
    if (!pre) return null;
    const code = pre.querySelector('code');
    const tokens = [...pre.querySelectorAll('span[class]')].filter((s) => !/^(line|cl|ln|lnt)$/.test(s.className));
    const plain = getComputedStyle(code ?? pre).color;
    const colours = new Set(tokens.map((s) => getComputedStyle(s).color));
    colours.delete(plain);
    return {
      lang: code?.getAttribute('data-lang') ?? (code?.className.match(/language-(\S+)/)?.[1] ?? ''),
      chroma: pre.classList.contains('chroma') || !!pre.closest('.highlight'),
      tokens: tokens.length,
      classes: [...new Set(tokens.map((s) => s.className))],
      colours: [...colours],
    };
  }, line);
}

const dateOf = (d) => (d instanceof Date ? d.toISOString() : String(d ?? '')).slice(0, 10);

export default {
  name: 'preview-math',
  title: 'the preview of a post with math shows KaTeX (no raw $$), the header (title, date, tag chips) and highlighted code; it follows typing',
  async run({ wb, blog }) {
    const post = findMathPost(blog);
    if (!post) throw new Error('no post of the fixture has both $…$ and $$…$$ math');
    const hasHighlight = post.text.match(/\{\{<\s*highlight\s+(\S+)/)?.[1] ?? null;
    const codeLine = hasHighlight ? post.lines[post.lines.findIndex((l) => /\{\{<\s*highlight\b/.test(l)) + 1]?.trim() : null;
    await wb.openFile(post.rel);
    try {
      await wb.runCommand(commandTitle(PREVIEW_COMMAND));
      const frame = wb.webviewFrame();
      const body = frame.locator('body');
      await body.waitFor({ state: 'attached', timeout: 30_000 });
      await frame.locator('.katex').first().waitFor({ timeout: 30_000 }).catch(async () => {
        await wb.shot('preview-math-no-katex');
        throw new Error(`the preview of ${post.rel} has no .katex element; it reads: "${(await body.innerText().catch(() => '')).slice(0, 300)}"`);
      });
      const text = (await body.innerText({ timeout: 10_000 })).replace(/\u00a0/g, ' ');
      const math = await frame.locator('body').evaluate((b) => ({
        katex: b.querySelectorAll('.katex').length,
        display: b.querySelectorAll('.katex-display').length,
        inline: [...b.querySelectorAll('.katex')].filter((k) => !k.closest('.katex-display')).length,
        // KaTeX lays glyphs out in .katex-html; a formula left as TeX would have no such boxes
        laidOut: [...b.querySelectorAll('.katex .katex-html')].filter((h) => h.getBoundingClientRect().width > 0).length,
        errors: b.querySelectorAll('.katex-error, .math-error').length,
      }));
      const problems = [];
      if (!math.display) problems.push('no display formula (.katex-display) for the $$…$$ block');
      if (!math.inline) problems.push('no inline formula for $…$');
      if (math.laidOut < math.katex) problems.push(`${math.katex - math.laidOut} of ${math.katex} formulas are not laid out`);
      if (math.errors) problems.push(`${math.errors} KaTeX errors`);
      if (text.includes('$$')) problems.push('raw "$$" in the text');
      // the TeX source is only in MathML annotations, which are not rendered: visible \\frac means it leaked
      if (/\\(frac|log)\b/.test(text)) problems.push('raw TeX (\\frac, \\log) in the visible text');

      // the header: title, date, one element per tag
      const header = await frame.locator('body').evaluate((b) => {
        const h = b.querySelector('header') ?? b.querySelector('h1')?.parentElement;
        if (!h) return null;
        const leaves = [...h.querySelectorAll('*')].filter((e) => !e.children.length).map((e) => (e.textContent ?? '').trim()).filter(Boolean);
        return { text: (h.innerText ?? '').replace(/\s+/g, ' '), leaves, h1: h.querySelector('h1')?.textContent?.trim() ?? null };
      });
      if (!header) problems.push('no header');
      else {
        if (header.h1 !== String(post.title)) problems.push(`header title is "${header.h1}", expected "${post.title}"`);
        const date = dateOf(post.data.date);
        if (date && !header.text.includes(date)) problems.push(`header has no date ${date}: "${header.text}"`);
        const missing = post.tags.filter((t) => !header.leaves.includes(t));
        if (missing.length) problems.push(`header has no chip for tags ${JSON.stringify(missing)}: "${header.text}"`);
      }

      // the {{< highlight R >}} block: gone through the highlighter (Chroma's markup, split into tokens);
      // whether the tokens show in colour is the separate check preview-code-colours
      let code = null;
      if (hasHighlight) {
        code = await codeBlock(frame, codeLine);
        if (!code) problems.push(`no code block holding "${codeLine}"`);
        else if (!code.chroma || code.tokens < 1) problems.push(`the code block is not highlighted markup (${JSON.stringify(code)})`);
        else if (code.lang.toLowerCase() !== hasHighlight.toLowerCase()) problems.push(`the code block is marked as "${code.lang}", not ${hasHighlight}`);
      }
      if (/\{\{[<%]/.test(text)) problems.push('raw shortcode markup "{{<"');
      await wb.shot('preview-math');
      if (problems.length) throw new Error(`the preview of ${post.rel}: ${problems.join('; ')}`);

      // a new paragraph with math, typed: it appears rendered
      const marker = `E2E math marker ${Date.now()}`;
      const before = math.katex;
      await wb.focusEditor(post.rel);
      await wb.page.keyboard.press('Control+End');
      await wb.page.keyboard.insertText(`\n\n${marker} $a^2+b^2=c^2$.\n`);
      const p = frame.locator('p', { hasText: marker }).first();
      await p.waitFor({ timeout: 20_000 }).catch(() => {
        throw new Error(`typed "${marker}" into the post but the preview did not show it`);
      });
      await wb.until('the typed formula rendered by KaTeX', async () => (await p.locator('.katex').count()) > 0 && (await frame.locator('.katex').count()) > before, { timeout: 10_000 })
        .catch(async () => {
          throw new Error(`the typed paragraph shows "${await p.innerText()}" without a KaTeX formula`);
        });
      await wb.shot('preview-math-after-typing');
      return `${post.rel}: ${math.display} display + ${math.inline} inline KaTeX formulas, no raw $$; header "${header.h1}", ${dateOf(post.data.date)}, tags ${post.tags.join(', ')}; ${code ? `${code.lang} code block with ${code.tokens} tokens (${code.classes.join(' ')}) in ${code.colours.length} colours besides the text's; ` : ''}typed paragraph rendered with its formula`;
    } finally {
      await wb.focusEditor(post.rel).catch(() => {});
      await wb.runCommand('File: Revert File').catch(() => {});
    }
  },
};
