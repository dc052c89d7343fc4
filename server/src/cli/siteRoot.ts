/** Finding the site above a folder, as git finds its repository (for `check` run inside content/, and `render FILE`). */
import { HUGO_CONFIG_DIR, SITE_CONFIG_NAMES } from '../site/siteFiles';
import { dirname, joinPath } from '../workspace/workspace';
import type { NodeWorkspace } from '../workspace/nodeWorkspace';

/** What a folder lacks when no site is found (the CLI's messages say it in these words). */
export const NO_SITE_CONFIG = 'no Hugo (hugo.toml, config.toml, config/_default/) or Jekyll (_config.yml) config';

/** The nearest folder at or above `dir` holding a Hugo or Jekyll config. */
export async function siteRootAbove(ws: NodeWorkspace, dir: string): Promise<string | undefined> {
  for (; ; dir = dirname(dir)) {
    const names = new Set((await ws.readDirectory(dir)).map((e) => e.name));
    if (SITE_CONFIG_NAMES.some((n) => names.has(n)) || (names.has(HUGO_CONFIG_DIR.split('/')[0]) && (await ws.stat(joinPath(dir, HUGO_CONFIG_DIR)))?.isDirectory)) return dir;
    if (dir === '/' || dir === '' || dirname(dir) === dir) return undefined;
  }
}

