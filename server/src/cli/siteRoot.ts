/** Finding the site above a folder, as git finds its repository (for `check` run inside content/, and `render FILE`). */
import { dirname, joinPath } from '../workspace/workspace';
import type { NodeWorkspace } from '../workspace/nodeWorkspace';

const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', '_config.yml', '_config.yaml'];

/** The nearest folder at or above `dir` holding a Hugo or Jekyll config. */
export async function siteRootAbove(ws: NodeWorkspace, dir: string): Promise<string | undefined> {
  for (; ; dir = dirname(dir)) {
    const names = new Set((await ws.readDirectory(dir)).map((e) => e.name));
    if (CONFIG_NAMES.some((n) => names.has(n)) || (names.has('config') && (await ws.stat(joinPath(dir, 'config/_default')))?.isDirectory)) return dir;
    if (dir === '/' || dir === '' || dirname(dir) === dir) return undefined;
  }
}

