/**
 * Exact mode (blogAuthor.preview.exactMode): the page as `hugo server` builds it, shown in an iframe.
 * Hugo is started on 127.0.0.1 at a free port with drafts and future posts; a post file is mapped to
 * its URL with `hugo list all` (path → permalink, which accounts for page bundles and `url` front
 * matter; `_index.md`, which the list leaves out, maps to its section). Free of `vscode` for tests.
 */
import { escapeHtml } from '../../../shared/html';
import { ChildProcess, execFile, spawn } from 'child_process';
import { createServer } from 'net';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

export interface HugoListEntry {
  /** As Hugo prints it: relative to the site root, e.g. `content/posts/x/index.md`. */
  path: string;
  permalink: string;
  draft: boolean;
}

/** Splits one CSV line (RFC 4180 quoting, as Go's encoding/csv writes it). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** `hugo list all` output → entries (columns found by the header, which differs across Hugo versions). */
export function parseHugoList(csv: string): HugoListEntry[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (!lines.length) return [];
  const header = csvFields(lines[0]).map((h) => h.trim().toLowerCase());
  const pathAt = header.indexOf('path');
  const permalinkAt = header.indexOf('permalink');
  const draftAt = header.indexOf('draft');
  if (pathAt < 0 || permalinkAt < 0) return [];
  return lines.slice(1).map((line) => {
    const f = csvFields(line);
    return { path: (f[pathAt] ?? '').replace(/\\/g, '/'), permalink: f[permalinkAt] ?? '', draft: f[draftAt] === 'true' };
  });
}

/**
 * The URL of `file` on the local server: its permalink's path on `origin` (hugo server keeps the
 * baseURL's path), or for a section's `_index.md` the section's URL under `basePath`.
 */
export function localUrlFor(entries: HugoListEntry[], siteRoot: string, file: string, origin: string, basePath = '/'): string | undefined {
  const rel = relative(siteRoot, file).replace(/\\/g, '/');
  const entry = entries.find((e) => e.path === rel) ?? entries.find((e) => rel.endsWith('/' + e.path));
  if (entry?.permalink) {
    try {
      const u = new URL(entry.permalink);
      return origin.replace(/\/$/, '') + u.pathname + u.search + u.hash;
    } catch {
      return origin.replace(/\/$/, '') + '/' + entry.permalink.replace(/^\//, '');
    }
  }
  const section = /^(?:[^/]+\/)?content\/(.*?)\/?_index(?:\.[a-z-]+)?\.(?:md|markdown|html)$/i.exec(rel) ?? /^(.*?)\/?_index\.(?:md|markdown|html)$/i.exec(rel);
  if (section) {
    const base = basePath.replace(/\/?$/, '/');
    return origin.replace(/\/$/, '') + base + (section[1] ? section[1].toLowerCase() + '/' : '');
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether `hugo` runs from PATH. */
export function hugoAvailable(hugo = 'hugo'): Promise<boolean> {
  return new Promise((resolve) => execFile(hugo, ['version'], { timeout: 10000 }, (err) => resolve(!err)));
}

export class HugoServer {
  private child: ChildProcess | undefined;
  /** `http://127.0.0.1:PORT` once running. */
  origin = '';
  /** The path the site is served under (the baseURL's path). */
  basePath = '/';
  private output = '';

  constructor(
    readonly siteRoot: string,
    private readonly hugo = 'hugo',
  ) {}

  /** Hugo's output, caches and generated resources go here, never into the blog. */
  private scratch: string | undefined;

  /** Flags and environment that keep the site folder clean: no public/, resources/_gen/ or .hugo_build.lock. */
  hugoOutside(): { flags: string[]; env: NodeJS.ProcessEnv } {
    this.scratch ??= mkdtempSync(join(tmpdir(), 'blog-author-hugo-'));
    return {
      flags: ['--destination', join(this.scratch, 'public'), '--cacheDir', join(this.scratch, 'cache'), '--noBuildLock'],
      // The same as configuration, for commands without those flags (`hugo list`).
      env: {
        ...process.env,
        HUGO_RESOURCEDIR: join(this.scratch, 'resources'),
        HUGO_PUBLISHDIR: join(this.scratch, 'public'),
        HUGO_CACHEDIR: join(this.scratch, 'cache'),
        HUGO_NOBUILDLOCK: 'true',
      },
    };
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && !!this.origin;
  }

  /** Starts `hugo server` and resolves when it serves; rejects when it exits or takes over `timeoutMs`. */
  async start(timeoutMs = 60000): Promise<void> {
    if (this.running) return;
    const port = await freePort();
    const outside = this.hugoOutside();
    const args = ['server', '--source', this.siteRoot, '--bind', '127.0.0.1', '--port', String(port), '--buildDrafts', '--buildFuture', '--disableFastRender', ...outside.flags];
    const child = spawn(this.hugo, args, { cwd: this.siteRoot, stdio: ['ignore', 'pipe', 'pipe'], env: outside.env });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop();
        reject(new Error(`hugo server did not start within ${timeoutMs} ms\n${this.output.slice(-2000)}`));
      }, timeoutMs);
      const onData = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-20000);
        const m = /Web Server is available at https?:\/\/[^/\s]+(\/\S*)?/.exec(this.output);
        if (m) {
          clearTimeout(timer);
          this.origin = `http://127.0.0.1:${port}`;
          this.basePath = m[1] ?? '/';
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        this.origin = '';
        reject(new Error(`hugo server exited (${code})\n${this.output.slice(-2000)}`));
      });
    });
  }

  /** `hugo list all` for the site. */
  list(): Promise<HugoListEntry[]> {
    return new Promise((resolve, reject) =>
      execFile(this.hugo, ['list', 'all', '--source', this.siteRoot], { cwd: this.siteRoot, maxBuffer: 1 << 26, timeout: 60000, env: this.hugoOutside().env }, (err, stdout, stderr) =>
        err ? reject(new Error(stderr || err.message)) : resolve(parseHugoList(stdout)),
      ),
    );
  }

  /** The local URL of a post file, or undefined when Hugo does not build it. */
  async urlFor(file: string): Promise<string | undefined> {
    return localUrlFor(await this.list(), this.siteRoot, file, this.origin, this.basePath);
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    this.origin = '';
    if (child && child.exitCode === null) child.kill();
    if (this.scratch) {
      const dir = this.scratch;
      this.scratch = undefined;
      // After hugo has let go of it.
      setTimeout(() => rmSync(dir, { recursive: true, force: true }), 1000).unref?.();
    }
  }
}

/** The iframe shell for exact mode: the only thing the webview may load is that one local origin. */
export function buildExactModeHtml(origin: string, url: string): string {
  const esc = escapeHtml;
  const csp = `default-src 'none'; frame-src ${origin}; style-src 'unsafe-inline'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<style>html, body, iframe { margin: 0; padding: 0; border: 0; width: 100%; height: 100vh; overflow: hidden; background: #fff; }</style>
</head>
<body><iframe src="${esc(url)}" title="hugo server" sandbox="allow-scripts allow-same-origin allow-forms"></iframe></body>
</html>
`;
}
