// The quick start: `npm start` (after `npm run build`) opens VS Code in your browser with Blog Author
// loaded from this checkout, on the bundled example blog or on a folder you name:
//
//   npm start                          # the example blog (a copy in .vscode-test/start/, your edits kept)
//   npm start -- ~/my-hugo-blog        # your own blog, edited in place
//   npm start -- --fresh               # start over from a fresh copy of the example blog
//   npm start -- --port 9000           # another port (default 8787, or a free one if that is taken)
//   npm start -- --host 0.0.0.0        # listen beyond this machine (no password! only on a trusted network)
//
// It uses the same cached code-server as the real-editor tests (.vscode-test/code-server/, installed
// on first use by test/e2e/setup.mjs) and keeps its settings, HOME and temp files in .vscode-test/runs/start/.
// Ctrl+C stops it (and everything it started).
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureSetup, SetupError, ROOT, CACHE } from '../test/e2e/setup.mjs';
import { makeRunDir, writeUserSettings } from '../test/e2e/lib/runDir.mjs';
import { startCodeServer } from '../test/e2e/lib/codeServer.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].split('=').slice(1).join('=') : args[i + 1];
};
const positional = args.filter((a, i) => !a.startsWith('--') && !['--port', '--host'].includes(args[i - 1]));

if (flag('help') || flag('h')) {
  console.log('usage: npm start [-- [FOLDER] [--port N] [--host ADDR] [--fresh]]');
  process.exit(0);
}

for (const f of ['dist/client/extension.js', 'dist/server/server.js']) {
  if (!existsSync(join(ROOT, f))) {
    console.error(`${f} is missing: run \`npm run build\` first (\`npm start\` does it for you).`);
    process.exit(1);
  }
}

try {
  ensureSetup(['code-server']);
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  console.error(`Cannot set up code-server:\n${e.message}`);
  process.exit(1);
}

// the folder to open
let folder;
if (positional[0]) {
  folder = resolve(positional[0]);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    console.error(`Not a folder: ${folder}`);
    process.exit(1);
  }
} else {
  const example = join(ROOT, 'examples', 'blog');
  if (!existsSync(example)) {
    console.error(`The example blog ${example} is missing; name a folder: npm start -- ~/my-blog`);
    process.exit(1);
  }
  // a copy, so that trying things out never changes the repository's example
  folder = join(CACHE, 'start', 'example-blog');
  if (flag('fresh')) rmSync(folder, { recursive: true, force: true });
  if (!existsSync(folder)) cpSync(example, folder, { recursive: true });
}

const host = value('host') ?? '127.0.0.1';
const wanted = Number(value('port') ?? process.env.PORT ?? 8787);

function portFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, host, () => s.close(() => res(true)));
  });
}
const port = (await portFree(wanted)) ? wanted : 0;
if (port !== wanted) console.log(`Port ${wanted} is taken; using a free one.`);

const runDir = makeRunDir('start', { fresh: false });
writeUserSettings(runDir.userData, {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Light Modern',
  'git.enabled': true,
  // The example copy sits inside this checkout (.vscode-test/start/): no "A git repository was found in the
  // parent folders" prompt, and the checkout's own history stays out of the example's Source Control view.
  'git.openRepositoryInParentFolders': 'never',
});

const server = await startCodeServer(runDir, { folder, host, port, logName: 'start.log' });
const displayHost = host === '0.0.0.0' ? '127.0.0.1' : host;
const url = server
  .url({ folder, devPath: ROOT })
  .replace(`//${host}:`, `//${displayHost}:`);

console.log(`
Blog Author is running in VS Code (code-server on ${host}:${server.port}).

  Open:   ${url}

  Folder: ${folder}
  The extension is loaded from ${ROOT} (run \`npm run build\` and reload the page to pick up changes).
  ${host !== '127.0.0.1' && host !== 'localhost' ? 'WARNING: listening beyond this machine with no password.\n  ' : ''}Logs:   ${server.logPath}
  Stop:   Ctrl+C
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping code-server…');
  await server.stop().catch((e) => console.error(e.message));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
server.child.on('exit', (code) => {
  if (!stopping) {
    console.error(`code-server exited (${code}); see ${server.logPath}`);
    process.exit(1);
  }
});
