/** Where the shared real blogs are, if this machine has them (tests that need them skip otherwise). */
import { existsSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';

/** ../shared/corpora beside the checkout, or BLOG_AUTHOR_CORPORA (a git worktree lives elsewhere). */
export const CORPORA_DIR = process.env.BLOG_AUTHOR_CORPORA ?? resolve(__dirname, '../../../shared/corpora');

export function corpusPath(name: string): string | undefined {
  const p = join(CORPORA_DIR, name);
  return existsSync(p) ? p : undefined;
}

export function skipMessage(name: string): string {
  return `../shared/corpora/${name} is absent on this machine`;
}

/** Every Markdown file below a folder (for independent counts). */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|markdown)$/.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
