/**
 * Messages from the preview webview are untrusted: a post's raw HTML is rendered there, so anything
 * the page script can send, post content may have arranged. Each one is validated here, on the
 * extension side, before it opens or reveals anything. Pure (no vscode import), for unit tests.
 */

export type FromWebview =
  | { type: 'ready'; uri: string }
  | { type: 'revealLine'; uri: string; line: number; focus?: boolean }
  | { type: 'openPost'; path: string; fragment?: string }
  | { type: 'openExternal'; href: string };

/** Schemes the preview may hand to the system's browser or mail client. */
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * `path` is absolute in the server's path form (`/home/…`, `c:/Users/…`, `//server/share/…`: forward
 * slashes, drive letter in lower case), normalised (no `.`/`..` segments, no NUL) and inside one of
 * `roots` (workspace folders' `fsPath`, which on Windows has backslashes).
 */
export function isPathInside(path: string, roots: readonly string[]): boolean {
  if (!/^(\/|[a-z]:\/)/.test(path) || path.includes('\0') || path.includes('\\')) return false;
  if (path.split('/').some((seg) => seg === '.' || seg === '..')) return false;
  return roots.some((r) => {
    const slashed = /^([a-zA-Z]:)?\\/.test(r) || r.startsWith('\\\\') ? r.replace(/\\/g, '/') : r;
    const root = slashed.replace(/^([A-Z]):/, (_m, d: string) => d.toLowerCase() + ':').replace(/\/+$/, '');
    return path === root || path.startsWith(root + '/');
  });
}

/** A fragment as the page's `id` would be written: decoded when it decodes, raw when it does not. */
export function safeFragment(fragment: unknown): string | undefined {
  if (typeof fragment !== 'string' || !fragment || fragment.length > 500) return undefined;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The external URL to open, or undefined unless it is http, https or mailto. */
export function safeExternalUrl(href: unknown): string | undefined {
  if (typeof href !== 'string' || href.length > 8000) return undefined;
  try {
    const url = new URL(href);
    return EXTERNAL_SCHEMES.has(url.protocol) ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The message if it is well formed and harmless on its face; `roots` are the workspace folders'
 * paths. An `openPost` still has to name a post the index knows (the panel asks the server).
 */
export function validateMessage(raw: unknown, roots: readonly string[]): FromWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return typeof m.uri === 'string' ? { type: 'ready', uri: m.uri } : undefined;
    case 'revealLine':
      if (typeof m.uri !== 'string' || typeof m.line !== 'number' || !Number.isFinite(m.line)) return undefined;
      return { type: 'revealLine', uri: m.uri, line: Math.max(0, Math.floor(m.line)), focus: m.focus === true };
    case 'openPost':
      if (typeof m.path !== 'string' || !isPathInside(m.path, roots)) return undefined;
      return { type: 'openPost', path: m.path, fragment: safeFragment(m.fragment) };
    case 'openExternal': {
      const href = safeExternalUrl(m.href);
      return href ? { type: 'openExternal', href } : undefined;
    }
    default:
      return undefined;
  }
}
