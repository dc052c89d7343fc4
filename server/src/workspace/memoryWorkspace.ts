import type { FileStat, Workspace } from './workspace';
import { dirname, normalizePath } from './workspace';

/** An in-memory file tree for tests: `new MemoryWorkspace({ '/blog/hugo.toml': '…' })`. */
export class MemoryWorkspace implements Workspace {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
  }

  write(path: string, text: string): void {
    this.files.set(normalizePath(path), text);
  }

  delete(path: string): void {
    this.files.delete(normalizePath(path));
  }

  async readFile(path: string): Promise<string | undefined> {
    return this.files.get(normalizePath(path));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    return this.statNow(path);
  }

  statNow(path: string): FileStat | undefined {
    const p = normalizePath(path);
    const text = this.files.get(p);
    if (text !== undefined) return { mtimeMs: 0, size: text.length, isDirectory: false };
    for (const key of this.files.keys()) if (key.startsWith(p + '/')) return { mtimeMs: 0, size: 0, isDirectory: true };
    return undefined;
  }

  async readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[]> {
    return this.readDirectoryNow(path);
  }

  /** Binary files are written as latin1 strings (one char per byte). */
  readBytesNow(path: string, maxBytes: number): Uint8Array | undefined {
    const text = this.files.get(normalizePath(path));
    return text === undefined ? undefined : Uint8Array.from(Buffer.from(text.slice(0, maxBytes), 'latin1'));
  }

  readDirectoryNow(path: string): { name: string; isDirectory: boolean }[] {
    const p = normalizePath(path);
    const seen = new Map<string, boolean>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(p + '/')) continue;
      const rest = key.slice(p.length + 1);
      const slash = rest.indexOf('/');
      if (slash < 0) seen.set(rest, false);
      else seen.set(rest.slice(0, slash), true);
    }
    return [...seen].map(([name, isDirectory]) => ({ name, isDirectory }));
  }

  /** Every file path, for tests that walk the tree. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  parentOf(path: string): string {
    return dirname(path);
  }
}
