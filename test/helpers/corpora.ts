/** Where the shared real blogs are, if this machine has them (tests that need them skip otherwise). */
import { existsSync, readdirSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';

/** `../shared/corpora` next to the checkout, or next to a folder above it (a git worktree); BLOG_AUTHOR_CORPORA overrides. */
function findCorporaDir(): string {
  if (process.env.BLOG_AUTHOR_CORPORA) return resolve(process.env.BLOG_AUTHOR_CORPORA);
  const first = resolve(__dirname, '../../../shared/corpora');
  for (let dir = resolve(__dirname, '../..'); ; dir = dirname(dir)) {
    const candidate = join(dirname(dir), 'shared/corpora');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return first;
  }
}

export const CORPORA_DIR = findCorporaDir();

export function corpusPath(name: string): string | undefined {
  const p = join(CORPORA_DIR, name);
  return existsSync(p) ? p : undefined;
}

export function skipMessage(name: string): string {
  return `DID NOTHING: ../shared/corpora/${name} is absent on this machine, so this real-blog test checked nothing (the fixture sites in test/fixtures/ cover the features)`;
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
