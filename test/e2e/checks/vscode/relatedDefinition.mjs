// F12 (Go to Definition) on an entry of a post's `related:` list opens that post.
import { findRelatedEntry } from '../../lib/blog.mjs';

export default {
  name: 'related-definition',
  title: 'F12 on a related: entry opens the related post',
  async run({ wb, blog, post }) {
    const rel = findRelatedEntry(blog, post);
    if (!rel) throw new Error(`fixture post ${post.rel} has no related: entry naming another post`);
    await wb.openFile(post.rel);
    await wb.gotoPosition(rel.line, rel.column);
    const end = Date.now() + 30_000;
    let uri;
    while (Date.now() < end) {
      await wb.page.keyboard.press('F12');
      uri = await wb.until('another editor', async () => {
        const u = await wb.activeEditorUri();
        return u && !u.endsWith(post.rel) ? u : null;
      }, { timeout: 3000 }).catch(() => null);
      if (uri) break;
    }
    await wb.shot('related-definition');
    if (!uri) throw new Error(`F12 on "${rel.entry}" (line ${rel.line}) did not open another editor`);
    if (!uri.endsWith(rel.target.rel)) throw new Error(`F12 on "${rel.entry}" opened ${uri}, expected ${rel.target.rel}`);
    return `${rel.entry} → ${rel.target.rel}`;
  },
};
