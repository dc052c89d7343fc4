import { promises as fs, readFileSync } from 'fs';
import type { FileStat, Workspace } from './workspace';

/** The real file system. Never writes: the core only proposes edits. */
export class NodeWorkspace implements Workspace {
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

  async readDirectory(path: string): Promise<{ name: string; isDirectory: boolean }[]> {
    try {
      const entries = await fs.readdir(path, { withFileTypes: true });
      const out: { name: string; isDirectory: boolean }[] = [];
      for (const e of entries) {
        if (e.isDirectory()) out.push({ name: e.name, isDirectory: true });
        else if (e.isFile()) out.push({ name: e.name, isDirectory: false });
        else if (e.isSymbolicLink()) {
          const s = await this.stat(`${path}/${e.name}`);
          if (s) out.push({ name: e.name, isDirectory: s.isDirectory });
        }
      }
      return out;
    } catch {
      return [];
    }
  }
}
