// A run folder under .vscode-test/runs/<name>/ that holds everything one run writes:
// HOME, XDG_*, TMPDIR, code-server's user-data and extensions dirs, the browser profile,
// the workspace copy. Nothing is written outside the project and its cache folder.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../setup.mjs';

export function makeRunDir(name, { fresh = true } = {}) {
  const dir = join(CACHE, 'runs', name);
  if (fresh) rmSync(dir, { recursive: true, force: true });
  const d = {
    dir,
    home: join(dir, 'home'),
    tmp: join(dir, 'tmp'),
    config: join(dir, 'xdg-config'),
    data: join(dir, 'xdg-data'),
    cache: join(dir, 'xdg-cache'),
    state: join(dir, 'xdg-state'),
    runtime: join(dir, 'xdg-runtime'),
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    browserProfile: join(dir, 'browser-profile'),
    workspaces: join(dir, 'workspaces'),
    logs: join(dir, 'logs'),
  };
  for (const [k, v] of Object.entries(d)) if (k !== 'dir') mkdirSync(v, { recursive: true, mode: 0o700 });
  d.env = {
    ...process.env,
    HOME: d.home,
    TMPDIR: d.tmp,
    XDG_CONFIG_HOME: d.config,
    XDG_DATA_HOME: d.data,
    XDG_CACHE_HOME: d.cache,
    XDG_STATE_HOME: d.state,
    XDG_RUNTIME_DIR: d.runtime,
  };
  return d;
}

/** Write VS Code user settings: no autosave (the web build autosaves and would overwrite the fixture). */
export function writeUserSettings(userData, extra = {}) {
  const settings = {
    'files.autoSave': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'window.commandCenter': false,
    ...extra,
  };
  const dir = join(userData, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** Copy a fixture blog into the run folder so the run never changes the original. */
export function copyWorkspace(runDir, src, name = 'blog') {
  const dst = join(runDir.workspaces, name);
  rmSync(dst, { recursive: true, force: true });
  cpSync(src, dst, { recursive: true });
  return dst;
}
