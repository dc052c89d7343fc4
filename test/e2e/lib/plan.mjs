// What the LSP-level checks (Neovim, the extension host) need to know about the fixture copy:
// positions (1-based line and UTF-16 column) and the answers expected there. Written as JSON for them.
import { findTagsBlock, findRelatedEntry, findInternalLink } from './blog.mjs';

export function makePlan(blog, post, extra = {}) {
  const tags = findTagsBlock(post);
  const related = findRelatedEntry(blog, post);
  const link = findInternalLink(blog, post);
  return {
    root: blog.root,
    post: post.abs,
    tagCounts: Object.fromEntries(blog.tagCounts),
    tags: tags && { lastItemLine: tags.lastItemLine, indent: tags.lastItemText.match(/^(\s*)-/)[1] },
    related: related && { line: related.line, column: related.column, entry: related.entry, target: related.target.rel },
    link: link && { line: link.line, column: link.column, dest: link.dest, title: String(link.target.title) },
    ...extra,
  };
}
