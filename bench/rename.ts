/**
 * `willRenameFiles` on the 2,500-post synthetic blog: the edits for renaming one post (related
 * entries and links naming it), answered from the index, against a baseline measured in the same
 * run: re-reading and re-parsing every post's front matter and links, as the server did before.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLanguageService } from '../server/src/languageService';
import { parseFrontMatter } from '../server/src/parse/frontMatter';
import { parseLinks } from '../server/src/parse/links';
import { BlogService } from '../server/src/service';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';
import { generateBlog } from './generate';

const features = createLanguageService();
const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const blog = generateBlog(join(resolve(__dirname, '..'), 'bench/.generated/blog-2500'), 2500);
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: blog.root });
  await service.buildIndex();
  const ours: number[] = [];
  const naive: number[] = [];
  let edited = 0;
  for (let i = 0; i < RUNS; i++) {
    const name = blog.fileNames[(i * 97) % blog.fileNames.length];
    const oldPath = join(blog.root, 'content/post', name);
    let started = performance.now();
    const edit = await features.willRenameFiles(service, [{ oldPath, newPath: join(blog.root, 'content/post', 'renamed-' + name) }]);
    ours.push(performance.now() - started);
    edited = Math.max(edited, Object.keys(edit?.changes ?? {}).length);
    started = performance.now();
    for (const path of service.index.posts.keys()) {
      const text = readFileSync(path, 'utf8');
      const fm = parseFrontMatter(text);
      parseLinks(text, fm.bodyStart);
    }
    naive.push(performance.now() - started);
  }
  const o = median(ours);
  const n = median(naive);
  console.log(`willRenameFiles on 2,500 posts: median ${o.toFixed(0)} ms (up to ${edited} files edited); baseline re-reading every post ${n.toFixed(0)} ms; ratio ${(o / n).toFixed(2)}×`);
  if (o > 300) {
    console.log('  ✗ target: ≤ 300 ms');
    process.exitCode = 1;
  }
}

void main();
