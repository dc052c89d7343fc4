// Installs what the real-editor tests need, only what is missing, and says what it did.
//   node test/e2e/setup.mjs            # install / check everything
//   import { ensureSetup } from './setup.mjs'
//
// Debian packages: chromium (the browser Playwright drives), libkrb5-dev + ripgrep (code-server's
// native build and its search), neovim (the second LSP client). code-server 4.100.3 goes into
// .vscode-test/code-server/ — a cache folder the repo ignores — never into package.json.
// The recipe and its four workarounds: ../shared/notes/real-editor-testing.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, rmSync, openSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = join(ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.100.3';
const CS_DIR = join(CACHE, 'code-server');
const CS_MARKER = join(CS_DIR, `.installed-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_ENTRY = join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';
export const NVIM = '/usr/bin/nvim';
/** Debian's Hugo (0.111 on bookworm): the ground truth of the link differential (bench/hugoDiff.ts). */
export const HUGO = '/usr/bin/hugo';

// what each Debian package provides, so we can tell whether it is there without dpkg
const DEBIAN = {
  chromium: () => existsSync(CHROMIUM),
  'libkrb5-dev': () => existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/gssapi.h'),
  ripgrep: () => existsSync('/usr/bin/rg'),
  neovim: () => existsSync(NVIM),
  hugo: () => existsSync(HUGO),
};

const log = (msg) => console.log(`[e2e-setup] ${msg}`);

export class SetupError extends Error {}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status === 0;
}

function missingDebianPackages(wanted) {
  return wanted.filter((p) => (DEBIAN[p] ? !DEBIAN[p]() : spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0));
}

export function installDebian(pkgs) {
  if (!pkgs.length) return;
  const isRoot = process.getuid && process.getuid() === 0;
  const aptGet = which('apt-get');
  const howTo =
    `The real-editor tests need these Debian/Ubuntu packages: ${pkgs.join(', ')}.\n` +
    `Install them with:  sudo apt-get install -y ${pkgs.join(' ')}\n` +
    `or run the tests without the real-editor part:  SKIP_E2E=1 npm test`;
  if (!aptGet) throw new SetupError(`apt-get not found, so this script cannot install packages.\n${howTo}`);
  if (!isRoot) throw new SetupError(`not running as root, so this script cannot apt-get install.\n${howTo}`);
  const t = Date.now();
  log(`apt-get install ${pkgs.join(' ')} (one time, ~30 s)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  mkdirSync(CACHE, { recursive: true });
  const aptLog = join(CACHE, 'apt-get.log');
  // other sessions may hold the dpkg lock for a while: wait for it instead of failing.
  // apt's chatter goes to .vscode-test/apt-get.log; it is printed only if apt fails.
  const apt = (args) => {
    const fd = openSync(aptLog, 'a');
    try {
      const ok = run(aptGet, ['-o', 'DPkg::Lock::Timeout=300', ...args], { env, stdio: ['ignore', fd, fd] });
      if (!ok) process.stderr.write(readFileSync(aptLog, 'utf8').split('\n').slice(-30).join('\n') + '\n');
      return ok;
    } finally {
      closeSync(fd);
    }
  };
  if (!apt(['install', '-y', '-q', ...pkgs])) {
    log('apt-get install failed; running apt-get update and trying once more');
    if (!apt(['update', '-q']) || !apt(['install', '-y', '-q', ...pkgs])) {
      throw new SetupError(`apt-get install ${pkgs.join(' ')} failed.\n${howTo}`);
    }
  }
  const still = missingDebianPackages(pkgs);
  if (still.length) throw new SetupError(`after apt-get, still missing: ${still.join(', ')}.\n${howTo}`);
  log(`Debian packages installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

function installCodeServer() {
  if (existsSync(CS_MARKER) && existsSync(CODE_SERVER_ENTRY)) return;
  const t = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${CS_DIR} (one time, ~300 MB): 2 min on an idle 2-core machine, up to 8 on a busy one, most of it building native modules; their build output follows`);
  rmSync(join(CS_DIR, 'node_modules'), { recursive: true, force: true });
  mkdirSync(CS_DIR, { recursive: true });
  writeFileSync(join(CS_DIR, 'package.json'), JSON.stringify({ private: true, name: 'code-server-cache' }, null, 2) + '\n');
  const tmp = join(CACHE, 'tmp');
  mkdirSync(tmp, { recursive: true });
  // workaround 4: @vscode/ripgrep's postinstall looks in $TMPDIR for its download first; give it Debian's rg
  const rgCache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const rgTar = join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!existsSync(rgTar)) {
    mkdirSync(rgCache, { recursive: true });
    const stage = join(rgCache, 'stage');
    mkdirSync(stage, { recursive: true });
    copyFileSync('/usr/bin/rg', join(stage, 'rg'));
    if (!run('tar', ['-czf', rgTar, '-C', stage, 'rg'])) throw new SetupError('could not pack /usr/bin/rg for @vscode/ripgrep');
    rmSync(stage, { recursive: true, force: true });
  }
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // workaround 2: postinstall refuses root otherwise
    npm_config_yes: 'true', // workaround 3: `npx node-gyp` without a terminal
    FORCE_NODE_VERSION: '20',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const npm = which('npm');
  if (!npm) throw new SetupError('npm not found on PATH');
  // --foreground-scripts: each native module's build prints as it runs, so the minutes it takes are not silent.
  const ok = run(npm, ['install', '--no-save', '--no-package-lock', '--loglevel=error', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: CS_DIR, env });
  if (!ok || !existsSync(CODE_SERVER_ENTRY)) {
    throw new SetupError(
      `npm install code-server@${CODE_SERVER_VERSION} failed (see above).\n` +
        `It needs the npm registry, libkrb5-dev, ripgrep and a C/C++ toolchain (build-essential, python3).\n` +
        `Or run without the real-editor tests:  SKIP_E2E=1 npm test`,
    );
  }
  writeFileSync(CS_MARKER, new Date().toISOString() + '\n');
  log(`code-server installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

/**
 * Make sure the tools for the given suites exist. `suites` ⊆ ['vscode', 'nvim', 'code-server']
 * ('code-server' alone: what `npm start` needs — no browser, the user brings theirs).
 * Throws SetupError with a message that says what to install.
 */
export function ensureSetup(suites = ['vscode', 'nvim']) {
  const want = [];
  if (suites.includes('vscode')) want.push('chromium', 'libkrb5-dev', 'ripgrep');
  if (suites.includes('code-server')) want.push('libkrb5-dev', 'ripgrep');
  if (suites.includes('nvim')) want.push('neovim');
  installDebian(missingDebianPackages([...new Set(want)]));
  if (suites.includes('vscode') || suites.includes('code-server')) installCodeServer();
  return { codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, nvim: NVIM };
}

/** Hugo for the differential test: installed once through apt, like the other real tools. Returns its path. */
export function ensureHugo() {
  installDebian(missingDebianPackages(['hugo']));
  return HUGO;
}

/** Jekyll for the Jekyll differential (bench/jekyllDiff.ts): Debian's package, installed once through apt. Returns its path. */
export function ensureJekyll() {
  installDebian(missingDebianPackages(['jekyll']));
  return '/usr/bin/jekyll';
}

export function codeServerVersionInstalled() {
  try {
    return JSON.parse(readFileSync(join(CS_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.env.SKIP_E2E === '1') {
    log('SKIP_E2E=1: skipped the real-editor setup');
    process.exit(0);
  }
  const t = Date.now();
  try {
    ensureSetup();
    log(`ready (code-server ${codeServerVersionInstalled()}, ${CHROMIUM}, ${NVIM}) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } catch (e) {
    if (e instanceof SetupError) {
      console.error(`[e2e-setup] cannot set up the real-editor tests:\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}
