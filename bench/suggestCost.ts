/**
 * Child of bench/suggest.ts: one full index build of the blog at argv[2] as the language server
 * builds it (two phases, then the words), text index on or off (argv[3]). Prints wall and CPU
 * milliseconds until the server answers (front matter in), until the index is ready (links in),
 * and until the text index is complete (it fills after that, in slices between requests); posts
 * indexed; and the memory kept after a full GC: the JS heap plus array buffers (the text index's
 * postings are typed arrays, outside the heap proper).
 */
import { BlogService } from '../server/src/service';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const [root, mode] = process.argv.slice(2);
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: root, settings: { suggestions: { rankBy: mode === 'off' ? 'use' : 'content' } } });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let answeringMs = 0;
  await service.buildIndex(undefined, undefined, () => (answeringMs = performance.now() - started));
  const ms = performance.now() - started;
  const cpu = cpuMs(cpu0);
  await service.index.text.whenReady();
  const textMs = performance.now() - started;
  const textCpu = cpuMs(cpu0);
  // Kept memory: after a full GC, and again after a pause (V8 frees array buffers' memory in a
  // sweep that runs after the GC: read at once, the pages the seal let go would still count).
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 200));
  global.gc?.();
  const memory = process.memoryUsage();
  const heapMb = (memory.heapUsed + memory.arrayBuffers) / 1048576;
  process.stdout.write(JSON.stringify({ answeringMs, ms, textMs, cpu, textCpu, heapMb, posts: service.index.postCount, textPosts: service.index.text.size }) + '\n');
}

void main();
