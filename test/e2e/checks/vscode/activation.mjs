// The extension activates on the blog and the status bar shows the post count ("Blog: N posts").
export default {
  name: 'activation',
  title: 'extension activates; status bar shows "Blog: N posts" with the fixture\'s post count',
  async run({ wb, blog, post }) {
    // opening a post also fires onLanguage:markdown, in case workspaceContains did not
    await wb.openFile(post.rel);
    let sawProgress = false;
    const text = await wb.until(
      'a status bar item "Blog: N posts"',
      async () => {
        if (!sawProgress) sawProgress = (await wb.notifications()).some((t) => /index/i.test(t));
        return (await wb.statusBarTexts()).find((t) => /^Blog: [\d,]+ posts?$/.test(t));
      },
      { timeout: 60_000 },
    );
    await wb.shot('activation-status-bar');
    const n = Number(text.match(/[\d,]+/)[0].replace(/,/g, ""));
    if (n !== blog.posts.length) {
      throw new Error(`status bar says "${text}" but the fixture has ${blog.posts.length} posts (${blog.root})`);
    }
    return `${text}${sawProgress ? ' (saw the indexing progress notification)' : ''}`;
  },
};
