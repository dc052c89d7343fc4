/**
 * File access for the core. The language server and the CLI use the real file system
 * (NodeWorkspace); unit tests use an in-memory one. Paths are absolute, with forward slashes.
 */
export interface FileStat {
  readonly mtimeMs: number;
  readonly size: number;
  readonly isDirectory: boolean;
}

export interface Workspace {
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  stat(path: string): Promise<FileStat | undefined>;
  /** Names (not paths) of the entries of a directory; empty when it does not exist. */
  readDirectory(path: string): Promise<{ name: string; isDirectory: boolean; isLink?: boolean }[]>;
  /**
   * Optional bulk read for the first index: many small files read synchronously cost a fraction of
   * what one promise per file costs. Entries are undefined for files that cannot be read.
   */
  readFilesNow?(paths: string[]): (string | undefined)[];
  /**
   * Optional synchronous stat, directory listing and byte read, for per-keystroke features (link
   * checks of static files, image sizes in hovers) that cannot wait on a promise. Features treat a
   * workspace without them as "cannot tell" and stay quiet.
   */
  statNow?(path: string): FileStat | undefined;
  readDirectoryNow?(path: string): { name: string; isDirectory: boolean }[];
  /** Up to `maxBytes` bytes from the start of a file. */
  readBytesNow?(path: string, maxBytes: number): Uint8Array | undefined;
  /** The path with symbolic links followed, or undefined when it does not exist. */
  realPathNow?(path: string): string | undefined;
  /** Told about each symbolic link a walk skipped because it leads out of the walked folder. */
  skippedLink?(path: string, target: string | undefined): void;
}

/** `path` is `root` or below it, after normalising `.` and `..` (lexically). */
export function isInside(root: string, path: string): boolean {
  const p = normalizePath(path);
  const r = normalizePath(root);
  return p === r || p.startsWith(r === '/' ? '/' : r + '/');
}

/**
 * `path` stays inside `root`: lexically, and (when the workspace can tell) after following symbolic
 * links. Nothing outside may be read, stat'ed or revealed; callers check this first.
 */
export function isContained(workspace: Workspace, root: string, path: string): boolean {
  if (!isInside(root, path)) return false;
  if (!workspace.realPathNow) return true;
  const real = workspace.realPathNow(normalizePath(path));
  if (real === undefined) return true; // nothing there to read
  return isInside(workspace.realPathNow(root) ?? root, real);
}

/** Walks a directory tree, calling `skip` on every directory (absolute path) so excluded trees are never entered. */
export async function listFilesRecursive(
  workspace: Workspace,
  root: string,
  skip: (dirPath: string, name: string) => boolean,
  accept: (filePath: string) => boolean,
): Promise<string[]> {
  const out: string[] = [];
  const pending = [root];
  // Symbolic links: each directory is walked once by its real path (a `loop -> .` link is not
  // followed forty levels deep), and links leading out of `root` are skipped (and reported).
  const realRoot = workspace.realPathNow?.(root) ?? root;
  const visited = new Set<string>([realRoot]);
  while (pending.length) {
    const dir = pending.pop()!;
    const entries = await workspace.readDirectory(dir);
    for (const entry of entries) {
      const full = joinPath(dir, entry.name);
      if (entry.isLink && workspace.realPathNow) {
        const real = workspace.realPathNow(full);
        if (real === undefined || !isInside(realRoot, real)) {
          workspace.skippedLink?.(full, real);
          continue;
        }
        if (entry.isDirectory) {
          if (visited.has(real)) continue;
          visited.add(real);
        }
      }
      if (entry.isDirectory) {
        if (!skip(full, entry.name)) pending.push(full);
      } else if (accept(full)) {
        out.push(full);
      }
    }
  }
  return out.sort();
}

export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/').replace(/\/+/g, '/');
  return normalizePath(joined);
}

/** Resolves `.` and `..` segments; keeps a leading slash. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function relativePath(from: string, to: string): string {
  if (to === from) return '';
  return to.startsWith(from + '/') ? to.slice(from.length + 1) : to;
}

/** file:// URI → absolute path (the form VS Code and Neovim send). Other schemes keep their path. */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file://')) {
    const i = uri.indexOf(':');
    return i >= 0 ? decodeURIComponent(uri.slice(i + 1).replace(/^\/\/[^/]*/, '')) : uri;
  }
  return decodeURIComponent(uri.slice('file://'.length).replace(/^[^/]*/, ''));
}

/** Absolute path → file:// URI, percent-encoding like VS Code does. */
export function pathToUri(path: string): string {
  return 'file://' + path.split('/').map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/');
}
