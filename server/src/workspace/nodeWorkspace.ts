import { closeSync, openSync, promises as fs, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'fs';
import type { FileStat, Workspace } from './workspace';

/** The real file system. Never writes: the core only proposes edits. */
export class NodeWorkspace implements Workspace {
  private readonly skipped = new Set<string>();
  /** `log` hears once about symbolic links that walks skip because they lead out of the site. */
  constructor(private readonly log?: (message: string) => void) {}

  realPathNow(path: string): string | undefined {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  }

  skippedLink(path: string, target: string | undefined): void {
    if (this.skipped.has(path)) return;
    this.skipped.add(path);
    if (this.skipped.size === 1) this.log?.(`not following ${path} -> ${target ?? '(missing)'}: symbolic links that lead out of the site (or nowhere) are skipped`);
    else if (this.skipped.size === 2) this.log?.('more symbolic links out of the site are skipped (not listed)');
  }

  async readFile(path: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  readFilesNow(paths: string[]): (string | undefined)[] {
    return paths.map((p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    });
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(path);
      return { mtimeMs: s.mtimeMs, size: s.size, isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<{ name: string; isDirectory: boolean; isLink?: boolean }[]> {
    try {
      const entries = await fs.readdir(path, { withFileTypes: true });
      const out: { name: string; isDirectory: boolean; isLink?: boolean }[] = [];
      for (const e of entries) {
        if (e.isDirectory()) out.push({ name: e.name, isDirectory: true });
        else if (e.isFile()) out.push({ name: e.name, isDirectory: false });
        else if (e.isSymbolicLink()) {
          // Only to tell a folder from a file; walks then check where the link leads (realPathNow).
          const s = await fs.stat(`${path}/${e.name}`).catch(() => undefined);
          out.push({ name: e.name, isDirectory: !!s?.isDirectory(), isLink: true });
        }
      }
      return out;
    } catch {
      return [];
    }
  }

  statNow(path: string): FileStat | undefined {
    try {
      const s = statSync(path);
      return { mtimeMs: s.mtimeMs, size: s.size, isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  readDirectoryNow(path: string): { name: string; isDirectory: boolean }[] {
    try {
      return readdirSync(path, { withFileTypes: true }).flatMap((e) => {
        if (e.isDirectory()) return [{ name: e.name, isDirectory: true }];
        if (e.isFile()) return [{ name: e.name, isDirectory: false }];
        const s = e.isSymbolicLink() ? this.statNow(`${path}/${e.name}`) : undefined;
        return s ? [{ name: e.name, isDirectory: s.isDirectory }] : [];
      });
    } catch {
      return [];
    }
  }

  readBytesNow(path: string, maxBytes: number): Uint8Array | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const buffer = Buffer.alloc(maxBytes);
      const n = readSync(fd, buffer, 0, maxBytes, 0);
      return buffer.subarray(0, n);
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
