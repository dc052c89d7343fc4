/** A fixture site under test/fixtures as an in-memory file map rooted at /blog (for memoryBlog). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export function fixtureFiles(name: string): Record<string, string> {
  const root = join(__dirname, '..', 'fixtures', name);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const full = join(dir, e);
      if (statSync(full).isDirectory()) walk(full);
      else out['/blog/' + relative(root, full).replace(/\\/g, '/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}
