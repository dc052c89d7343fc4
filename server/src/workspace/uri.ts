/**
 * The boundary between the core's paths and the outside world's spellings of them. Inside the core a
 * file is named by one normalized path (workspace.ts): forward slashes, `/home/me/blog/x.md`,
 * `c:/Users/me/blog/x.md` (drive letter in lower case) or `//server/share/blog/x.md`. Editors name
 * files by URI (VS Code on Windows sends `file:///c%3A/Users/…`, Neovim `file:///C:/Users/…`), the
 * CLI and settings by native path (`C:\Users\…`). Everything is converted here, with `vscode-uri`,
 * at the LSP and CLI boundary, and nowhere else.
 */
import { sep as platformSep } from 'path';
import { URI } from 'vscode-uri';
import { isAbsolutePath, joinPath, normalizePath } from './workspace';

/**
 * Any spelling of a path (native Windows `C:\blog\content`, `c:/blog`, UNC `\\server\share`, POSIX)
 * in the core's form. Relative paths stay relative (forward slashes, `.`/`..` resolved).
 */
export function toCorePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  // `\\?\C:\…` (a Win32 long path) names the same file as `C:\…`.
  const plain = /^\/\/[?.]\/[a-zA-Z]:\//.test(slashed) ? slashed.slice(4) : slashed;
  return normalizePath(plain);
}

/**
 * A folder a site config or a setting names (`contentDir = "content\\posts"`, `D:\\blog\\static`,
 * `content/en`): relative ones are taken from `root`; either slash separates.
 */
export function resolveConfiguredPath(root: string, value: string): string {
  const p = toCorePath(value);
  return isAbsolutePath(p) ? p : joinPath(root, p);
}

/**
 * A path from the platform's file API (`realpath`, `path.resolve`) in the core's form. With the
 * Windows separator (`path.win32.sep`) `C:\Blog\x.md` becomes `c:/Blog/x.md`; on POSIX a path is
 * already in the core's form (and a backslash there is part of a file name).
 */
export function fromNativePath(path: string, sep: string = platformSep): string {
  return sep === '\\' ? toCorePath(path) : path;
}

/** A core path as the platform's file API takes it: with the Windows separator `c:\blog\x.md`, `\\server\share\x`. */
export function toNativePath(path: string, sep: string = platformSep): string {
  return sep === '/' ? path : path.replace(/\//g, sep);
}

/** A file URI (or any URI: other schemes keep their path) as a core path. */
export function uriToPath(uri: string): string {
  let parsed: URI;
  try {
    parsed = URI.parse(uri);
  } catch {
    return uri;
  }
  if (parsed.scheme !== 'file') return parsed.path;
  // UNC: file://server/share/x → //server/share/x
  if (parsed.authority && parsed.path.length > 1) return toCorePath(`//${parsed.authority}${parsed.path}`);
  // Drive letters: /c:/x and /C:/x → c:/x
  const path = /^\/[a-zA-Z]:(\/|$)/.test(parsed.path) ? parsed.path.slice(1) : parsed.path;
  return toCorePath(path || '/');
}

/** A core path as a file URI, spelt as VS Code spells it (`file:///c%3A/Users/…`, percent-encoded). */
export function pathToUri(path: string): string {
  // A POSIX path of characters a URI path keeps as they are (no drive, UNC, escape or non-ASCII) is
  // its own URI path: no URI object made and encoded (`check` makes one per post).
  if (PLAIN_POSIX_PATH.test(path)) return 'file://' + path;
  return URI.file(path).toString();
}

/** What vscode-uri leaves unencoded in a file URI's path: unreserved characters and `/`, after one leading `/` (not `//`, a UNC path). */
const PLAIN_POSIX_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/]*$/;

/** How a client writes drive letters: `file:///c%3A/…` (VS Code) or `file:///C:/…` (Neovim, others). */
interface DriveStyle {
  upper: boolean;
  colon: string;
}

const DRIVE_URI = /^file:\/\/\/([a-zA-Z])(%3[aA]|:)(?=\/|$)/;

/** The most URIs remembered as the client spelt them (the open documents and the files it named). */
const MAX_REMEMBERED = 20_000;

/**
 * One client's URIs. Answers (locations, edits, diagnostics) name files as the client named them:
 * the exact URI it sent for a path when there was one, else a URI in its style of drive letter
 * (case, and `:` or `%3A`). Made at the boundary (the LSP server, from the workspace folder's URI),
 * one per session; the CLI and tests use the default, VS Code's spelling.
 */
export class ClientUris {
  private style: DriveStyle | undefined;
  /** Path → the URI the client sent for it. */
  private readonly sent = new Map<string, string>();
  /** URI → path, for the URIs the client sent (every request names its document again). */
  private readonly paths = new Map<string, string>();

  /** `sample`: a URI the client sent (its workspace folder), to learn its style from. */
  constructor(sample?: string) {
    if (sample) this.learn(sample);
  }

  /** A URI the client sent, as a core path; its spelling is remembered for the answers. */
  toPath(uri: string): string {
    const known = this.paths.get(uri);
    if (known !== undefined) return known;
    const path = uriToPath(uri);
    if (uri.startsWith('file:')) {
      this.learn(uri);
      if (this.sent.size < MAX_REMEMBERED) {
        this.sent.set(path, uri);
        this.paths.set(uri, path);
      }
    }
    return path;
  }

  /** A core path as this client would spell its URI. */
  toUri(path: string): string {
    const sent = this.sent.get(path);
    if (sent !== undefined) return sent;
    const uri = pathToUri(path);
    const style = this.style;
    if (!style) return uri;
    return uri.replace(DRIVE_URI, (_m, letter: string) => `file:///${style.upper ? letter.toUpperCase() : letter.toLowerCase()}${style.colon}`);
  }

  private learn(uri: string): void {
    const m = DRIVE_URI.exec(uri);
    if (m) this.style = { upper: m[1] !== m[1].toLowerCase(), colon: m[2] };
  }
}
