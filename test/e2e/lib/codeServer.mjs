// Start / stop the cached code-server (VS Code in the browser) in its own process group.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY } from '../setup.mjs';

const running = new Set();

function baseArgs(runDir) {
  return [
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', runDir.userData,
    '--extensions-dir', runDir.extensions,
  ];
}

/** `code-server --install-extension x.vsix` into the run's extensions dir. */
export function installExtension(runDir, vsix) {
  const r = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...baseArgs(runDir), '--install-extension', vsix], {
    env: runDir.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/was successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  return out.trim();
}

/**
 * Start code-server on 127.0.0.1 (a free port) serving `folder`.
 * Resolves once it listens; `stop()` kills the whole process group (extension hosts outlive the main process).
 */
export async function startCodeServer(runDir, { folder, port = 0, host = '127.0.0.1', logName = 'code-server.log', quiet = true } = {}) {
  const args = [CODE_SERVER_ENTRY, '--bind-addr', `${host}:${port}`, ...baseArgs(runDir)];
  if (folder) args.push(folder);
  const child = spawn(process.execPath, args, {
    env: runDir.env,
    cwd: runDir.dir,
    detached: true, // own process group, so we can kill all of it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logPath = join(runDir.logs, logName);
  const logFile = createWriteStream(logPath);
  let output = '';
  const onData = (buf) => {
    const s = buf.toString();
    output += s;
    logFile.write(s);
    if (!quiet) process.stdout.write(s);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const server = {
    child,
    pid: child.pid,
    logPath,
    port: 0,
    origin: '',
    get output() {
      return output;
    },
    /** The workbench URL for `folder`, optionally loading an extension from a development path. */
    url({ folder: f = folder, devPath, testsPath } = {}) {
      const q = new URLSearchParams();
      if (f) q.set('folder', f);
      const payload = [];
      if (devPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}:${server.port}${devPath}`]);
      if (testsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}:${server.port}${testsPath}`]);
      if (payload.length) q.set('payload', JSON.stringify(payload));
      return `${server.origin}/?${q.toString()}`;
    },
    stop: () => stopGroup(child, logFile),
  };
  running.add(server);

  await new Promise((resolveP, rejectP) => {
    const timer = setTimeout(() => rejectP(new Error(`code-server did not start within 60 s; log: ${logPath}\n${output}`)), 60_000);
    const check = () => {
      const m = output.match(/HTTP server listening on https?:\/\/([^\s/]+):(\d+)/);
      if (m) {
        clearTimeout(timer);
        server.port = Number(m[2]);
        server.origin = `http://${host}:${server.port}`;
        resolveP();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rejectP(new Error(`code-server exited with ${code} before listening; log: ${logPath}\n${output}`));
    });
  }).catch(async (e) => {
    await server.stop();
    throw e;
  });
  return server;
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child, logFile) {
  for (const s of running) if (s.child === child) running.delete(s);
  const pid = child.pid;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + 5000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    const d2 = Date.now() + 3000;
    while (groupAlive(pid) && Date.now() < d2) await new Promise((r) => setTimeout(r, 100));
  }
  logFile.end();
  if (groupAlive(pid)) throw new Error(`code-server process group ${pid} survived SIGKILL`);
}

/** Kill every code-server this process started (used on SIGINT / crash). */
export function killAllStartedSync() {
  for (const s of running) {
    try {
      process.kill(-s.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  running.clear();
}
