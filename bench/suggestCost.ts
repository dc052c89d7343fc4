/** Child of bench/suggest.ts: one full index build of the blog at argv[2], text index on or off (argv[3]). */
import { BlogService } from '../server/src/service';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';

async function main(): Promise<void> {
  const [root, mode] = process.argv.slice(2);
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: root, settings: { suggestions: { rankBy: mode === 'off' ? 'use' : 'content' } } });
  const started = performance.now();
  await service.buildIndex();
  // Requests are answered from here on; the text index goes on filling in the background.
  const ms = performance.now() - started;
  await service.index.text.whenReady();
  const textMs = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, textMs, posts: service.index.postCount, textPosts: service.index.text.size }) + '\n');
}

void main();
