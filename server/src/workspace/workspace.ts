/**
 * File access for the core. The language server and the CLI use the real file system
 * (NodeWorkspace); unit tests use an in-memory one. Paths are absolute, in the core's one form:
 * forward slashes, `/home/me/blog/…` on POSIX, `c:/Users/me/blog/…` (drive letter in lower case) or
 * `//server/share/blog/…` on Windows. URIs and native paths are converted at the boundary only
 * (workspace/uri.ts).
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
  // No `r + '/'` made (and flattened) per call: asked of every file a link or walk may touch.
  return p === r || (r.endsWith('/') ? p.startsWith(r) : isBelow(r, p));
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
  // Symbolic links: each directory is walked once by its real path (a `loop -> .` link is not
  // followed forty levels deep), and links leading out of `root` are skipped (and reported).
  const realRoot = workspace.realPathNow?.(root) ?? root;
  const visited = new Set<string>([realRoot]);
  // A level of folders at a time, their listings asked together (one at a time, each waits on the file system).
  for (let level = [root]; level.length; ) {
    const listings = await Promise.all(level.map((dir) => workspace.readDirectory(dir)));
    const next: string[] = [];
    level.forEach((dir, i) => {
      const listing = listings[i];
      for (let k = 0; k < listing.length; k++) {
        const entry = listing[k];
        // A listed name is one segment (no separator, never `.` or `..`) and `dir` is in the core's
        // form already: the child's path is the two joined, with nothing to normalise.
        const full = dir.endsWith('/') ? dir + entry.name : dir + '/' + entry.name;
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
          if (!skip(full, entry.name)) next.push(full);
        } else if (accept(full)) {
          out.push(full);
        }
      }
    });
    level = next;
  }
  return out.sort();
}

export function joinPath(...parts: string[]): string {
  // A part that ends in `/` (the root `/`, `c:/`) is not given a second one: `//x` would read as a UNC path.
  let joined = '';
  for (const part of parts) {
    if (part === '') continue;
    joined = joined === '' || joined.endsWith('/') ? joined + part : joined + '/' + part;
  }
  return normalizePath(joined);
}

/**
 * The root of a path in the core's form: `/` (POSIX), `c:/` (a Windows drive, letter in lower case)
 * or `//server/share` (UNC); '' for a relative path. See workspace/uri.ts for how paths get here.
 */
export function pathRoot(path: string): string {
  if (path.startsWith('//')) {
    const m = /^\/\/[^/]+(?:\/[^/]+)?/.exec(path);
    return m && path[2] !== '/' ? m[0] : '/';
  }
  if (path.startsWith('/')) return '/';
  if (/^[a-zA-Z]:(\/|$)/.test(path)) return path.slice(0, 2).toLowerCase() + '/';
  return '';
}

export function isAbsolutePath(path: string): boolean {
  return pathRoot(path) !== '';
}

/** Resolves `.` and `..` segments and repeated slashes; keeps the root (`/`, `c:/`, `//server/share`). */
export function normalizePath(path: string): string {
  if (isNormalForm(path)) return path;
  const root = pathRoot(path);
  const out: string[] = [];
  for (const seg of path.slice(root.length).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  if (!out.length) return root;
  return (root && !root.endsWith('/') ? root + '/' : root) + out.join('/');
}

/**
 * A path that normalizePath would return unchanged: no empty, `.` or `..` segment, no trailing slash,
 * not a drive or UNC path. Most paths the core meets are already so (link resolution normalises every
 * candidate path), and saying so costs a few searches instead of a split and a join.
 */
function isNormalForm(path: string): boolean {
  if (path.length < 2 || path[1] === ':' || path[0] === '.' || path.endsWith('/')) return false;
  return !path.includes('//') && !hasDotSegment(path);
}

/** A `.` or `..` segment (`/a/./b`, `/a/..`); a name that starts with a dot (`/site/.generated/x`) is none. */
function hasDotSegment(path: string): boolean {
  for (let i = path.indexOf('/.'); i >= 0; i = path.indexOf('/.', i + 1)) {
    let end = i + 2;
    if (path.charCodeAt(end) === 46) end++;
    if (end === path.length || path.charCodeAt(end) === 47) return true;
  }
  return false;
}

export function dirname(path: string): string {
  const root = pathRoot(path);
  const i = path.lastIndexOf('/');
  if (root && i < root.length) return root;
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function relativePath(from: string, to: string): string {
  if (to === from) return '';
  return isBelow(from, to) ? to.slice(from.length + 1) : to;
}

/** Whether `path` is inside `folder` (both in the core's form), with no string made per call (walks ask it of every file). */
export function isBelow(folder: string, path: string): boolean {
  return path.length > folder.length && path.charCodeAt(folder.length) === 47 && path.startsWith(folder);
}
