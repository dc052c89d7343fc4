/**
 * The baseline: what a straightforward indexer does — read every file, parse its front matter with
 * the `yaml` package. Prints {"ms": …} for the read+parse, measured like the real index.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

async function main(root: string): Promise<void> {
  const started = performance.now();
  const dir = join(root, 'content/post');
  const names = await fs.readdir(dir);
  let tags = 0;
  for (let i = 0; i < names.length; i += 64) {
    const texts = await Promise.all(names.slice(i, i + 64).map((n) => fs.readFile(join(dir, n), 'utf8')));
    for (const text of texts) {
      const end = text.indexOf('\n---', 3);
      const data = parse(text.slice(4, end)) as { tags?: string[] };
      tags += data.tags?.length ?? 0;
    }
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, files: names.length, tags }) + '\n');
}

void main(process.argv[2]);
