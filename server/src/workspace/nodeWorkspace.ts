import { closeSync, openSync, promises as fs, readdirSync, readSync, realpathSync, statSync, type Stats } from 'fs';
import { sep as platformSep } from 'path';
import { fromNativePath, toNativePath } from './uri';
import type { FileStat, Workspace } from './workspace';

/**
 * The real file system. Never writes: the core only proposes edits. Takes and gives core paths
 * (workspace/uri.ts); the native spelling (`C:\blog\x.md` on Windows) exists only in the calls to `fs`.
 */
export class NodeWorkspace implements Workspace {
  private readonly skipped = new Set<string>();
  /**
   * `log` hears once about symbolic links that walks skip because they lead out of the site. `sep`
   * is the platform's path separator (tests pass `path.win32.sep` to check the Windows mapping).
   */
  constructor(
    private readonly log?: (message: string) => void,
    private readonly sep: string = platformSep,
  ) {}

  /** A core path as `fs` takes it. */
  nativePath(path: string): string {
    return toNativePath(path, this.sep);
  }

  /** A path `fs` gave (realpath) in the core's form. */
  corePath(native: string): string {
    return fromNativePath(native, this.sep);
  }

  realPathNow(path: string): string | undefined {
    try {
      return this.corePath(realpathSync(this.nativePath(path)));
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
      return await fs.readFile(this.nativePath(path), 'utf8');
    } catch {
      return undefined;
    }
  }

  readFilesNow(paths: string[]): (string | undefined)[] {
    return paths.map((p) => this.readFileNow(p));
  }

  /** A buffer reused by readFileNow: reading into it and decoding is ~15% cheaper than readFileSync's own buffer per file. */
  private buffer = Buffer.allocUnsafe(1 << 16);

  private readFileNow(path: string): string | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(this.nativePath(path), 'r');
      let length = 0;
      for (;;) {
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(bigger, 0, 0, length);
          this.buffer = bigger;
        }
        const n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      const text = this.buffer.toString('utf8', 0, length);
      // A big file's buffer is not kept for the next small ones.
      if (this.buffer.length > 1 << 20) this.buffer = Buffer.allocUnsafe(1 << 16);
      return text;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(this.nativePath(path));
      return { mtimeMs: s.mtimeMs, size: s.size, isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  /**
   * Listed synchronously: a walk of a site's content asks for hundreds of folders, and one promise
   * per folder through the thread pool costs more than the listings (~2× for 280 page bundles).
   */
  async readDirectory(path: string): Promise<{ name: string; isDirectory: boolean; isLink?: boolean }[]> {
    return this.listing(path, true);
  }

  statNow(path: string): FileStat | undefined {
    try {
      const s = statSync(this.nativePath(path));
      return { mtimeMs: s.mtimeMs, size: s.size, isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  readDirectoryNow(path: string): { name: string; isDirectory: boolean }[] {
    return this.listing(path, false);
  }

  /**
   * A folder's files and folders; a symbolic link as where it leads (a folder or not), flagged so
   * that walks check it stays inside. `brokenLinks`: links to nothing are listed too (walks report them).
   */
  private listing(path: string, brokenLinks: boolean): { name: string; isDirectory: boolean; isLink?: boolean }[] {
    try {
      const out: { name: string; isDirectory: boolean; isLink?: boolean }[] = [];
      const entries = readdirSync(this.nativePath(path), { withFileTypes: true });
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.isDirectory()) out.push({ name: e.name, isDirectory: true });
        else if (e.isFile()) out.push({ name: e.name, isDirectory: false });
        else if (e.isSymbolicLink()) {
          // Only to tell a folder from a file; walks then check where the link leads (realPathNow).
          const s = this.linkTarget(`${path}/${e.name}`);
          if (s || brokenLinks) out.push({ name: e.name, isDirectory: !!s?.isDirectory(), isLink: true });
        }
      }
      return out;
    } catch {
      return [];
    }
  }

  /** What a symbolic link leads to; undefined when nothing (or a loop). Not statNow: that is a feature's question, this the walk's own. */
  private linkTarget(path: string): Stats | undefined {
    try {
      return statSync(this.nativePath(path));
    } catch {
      return undefined;
    }
  }

  readBytesNow(path: string, maxBytes: number): Uint8Array | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(this.nativePath(path), 'r');
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
