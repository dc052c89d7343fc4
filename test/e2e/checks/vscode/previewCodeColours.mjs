// The code block of a {{< highlight LANG >}} shortcode shows in the preview with its tokens in colour:
// at least two token colours besides the plain text's, as the user sees them (computed styles).
import { PREVIEW_COMMAND, commandTitle } from './preview.mjs';
import { codeBlock } from './previewMath.mjs';

export default {
  name: 'preview-code-colours',
  title: 'the preview shows a {{< highlight >}} code block with coloured tokens',
  async run({ wb, blog }) {
    // the math post when it has one (the same block preview-math reads), else any post with the shortcode
    const posts = blog.posts.filter((p) => /\{\{<\s*highlight\s+\S+/.test(p.text));
    const post = posts.find((p) => p.text.includes('$$')) ?? posts[0];
    if (!post) throw new Error('no post of the fixture has a {{< highlight LANG >}} shortcode');
    const i = post.lines.findIndex((l) => /\{\{<\s*highlight\b/.test(l));
    const lang = post.lines[i].match(/highlight\s+(\S+)/)[1];
    const line = post.lines[i + 1].trim();
    await wb.openFile(post.rel);
    await wb.runCommand(commandTitle(PREVIEW_COMMAND));
    const frame = wb.webviewFrame();
    const code = await wb.until(`a code block holding "${line}" in the preview`, () => codeBlock(frame, line), { timeout: 30_000 });
    await wb.shot('preview-code-colours');
    if (code.colours.length < 2) {
      throw new Error(`the {{< highlight ${lang} >}} block of ${post.rel} shows ${code.tokens} tokens (classes ${code.classes.join(' ') || 'none'}) in ${code.colours.length} colour(s) besides the plain text's: ${JSON.stringify(code.colours)}`);
    }
    return `${post.rel}: {{< highlight ${lang} >}} block, ${code.tokens} tokens in ${code.colours.length} colours (${code.colours.join(', ')})`;
  },
};
