// Hovering an internal link shows the linked post's title.
import { findInternalLink } from '../../lib/blog.mjs';

export default {
  name: 'link-hover',
  title: 'hover on an internal link shows the linked post\'s title',
  async run({ wb, blog, post }) {
    const host = findInternalLink(blog, post) ? post : blog.posts.find((p) => findInternalLink(blog, p));
    if (!host) throw new Error('no post of the fixture has an internal link to another post');
    const link = findInternalLink(blog, host);
    await wb.openFile(host.rel);
    await wb.gotoPosition(link.line, link.column);
    const title = String(link.target.title);
    const text = await wb.hoverAtCursor({ expect: (t) => t.includes(title), timeout: 30_000 });
    await wb.shot('link-hover');
    await wb.escape();
    if (!text.includes(title)) {
      throw new Error(`hover on ${link.dest} (${host.rel}:${link.line}) shows "${text.slice(0, 200)}", not the title "${title}"`);
    }
    return `${link.dest} → "${title}"`;
  },
};
