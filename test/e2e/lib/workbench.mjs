// Drive VS Code (code-server) through Chromium. Every helper reads the real UI (the DOM the user sees).
// Selectors are those of VS Code 1.100 (code-server 4.100.3).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../setup.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nbsp = (s) => (s ?? '').replace(/\u00a0/g, ' ');

export async function launchBrowser(runDir) {
  // playwright-core runs in this process and makes its temp dirs under os.tmpdir(): keep them in the run folder
  process.env.TMPDIR = runDir.tmp;
  const context = await chromium.launchPersistentContext(runDir.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    env: runDir.env,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => context.close().catch(() => {}) };
}

export class Workbench {
  constructor(page, { shotDir, log = () => {} }) {
    this.page = page;
    this.shotDir = shotDir;
    this.shotN = 0;
    this.log = log;
    this.consoleErrors = [];
    mkdirSync(shotDir, { recursive: true });
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
  }

  async open(url) {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // the explorer shows the folder once the remote file system is connected
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  }

  async shot(name) {
    this.shotN += 1;
    const file = join(this.shotDir, `${String(this.shotN).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch((e) => this.log(`screenshot ${name} failed: ${e.message}`));
    return file;
  }

  /** Poll `fn` until it returns a truthy value; throw `what` with the last value on timeout. */
  async until(what, fn, { timeout = 20_000, interval = 250 } = {}) {
    const end = Date.now() + timeout;
    let last;
    let lastErr;
    while (Date.now() < end) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        lastErr = e;
      }
      await sleep(interval);
    }
    throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${lastErr ? ` (${lastErr.message})` : ''}`);
  }

  async statusBarTexts() {
    return this.page.$$eval('.statusbar-item', (els) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
  }

  async notifications() {
    return this.page.$$eval('.notifications-toasts .notification-list-item, .notification-toast', (els) =>
      els.map((e) => (e.textContent ?? '').trim()),
    );
  }

  async escape(times = 1) {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Escape');
  }

  /** Open a workspace file by path relative to the folder, through Quick Open (Ctrl+P). */
  async openFile(relPath) {
    const base = relPath.split('/').pop();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relPath);
    // Quick Open matches fuzzily: pick the row of exactly this file, not whatever is first
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label^="${base},"], .quick-input-list .monaco-list-row[aria-label^="${base} "]`).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e) => {
      await this.shot('openFile-no-row');
      throw new Error(`Quick Open lists no ${base}: ${e.message.split('\n')[0]}`);
    });
    await row.click();
    await this.page.locator(`.editor-instance .monaco-editor[data-uri$="${relPath}"]`).first().waitFor({ state: 'visible', timeout: 15_000 }).catch(async (e) => {
      await this.shot('openFile-no-editor');
      throw new Error(`no editor for ${relPath} after Quick Open: ${e.message.split('\n')[0]}`);
    });
    await this.focusEditor(relPath);
  }

  editor(relPath) {
    return relPath
      ? this.page.locator(`.editor-instance .monaco-editor[data-uri$="${relPath}"]`).first()
      : this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Focus an editor by clicking into its text (this moves the cursor: callers position it afterwards). */
  async focusEditor(relPath) {
    await this.editor(relPath).click({ position: { x: 120, y: 8 }, timeout: 5000, force: true }).catch(() => {});
  }

  /** Between checks: revert the post (undo any edit a failed check left) and close all editors. */
  async reset(relPath) {
    const t = [Date.now()];
    await this.escape(2);
    await this.openFile(relPath).catch(() => {});
    t.push(Date.now());
    await this.runCommand('File: Revert File').catch(() => {});
    t.push(Date.now());
    await this.runCommand('View: Close All Editors').catch(() => {});
    t.push(Date.now());
    if (await this.page.locator('.part.panel').isVisible().catch(() => false)) {
      await this.runCommand('View: Hide Panel').catch(() => {}); // its title in VS Code 1.100 ("Close Panel" matched nothing: a 10 s timeout)
    }
    t.push(Date.now());
    await this.escape(2);
    if (process.env.E2E_DEBUG) this.log(`reset: ${t.slice(1).map((x, i) => x - t[i]).join(' ')} ms`);
  }

  /** The data-uri of the editor in the active group. */
  async activeEditorUri() {
    return this.page
      .locator('.editor-group-container.active .editor-instance .monaco-editor')
      .first()
      .getAttribute('data-uri', { timeout: 2000 })
      .catch(() => null);
  }

  /** Put the cursor at 1-based line:column through Quick Open's ":line:col". */
  async gotoPosition(line, column) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await sleep(150);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }

  /** Text of the rendered (visible) lines of an editor, keyed by 1-based line number. */
  async visibleLines(relPath) {
    return this.editor(relPath).evaluate((ed) => {
      const tops = new Map();
      for (const n of ed.querySelectorAll('.margin-view-overlays .line-numbers')) {
        const top = n.parentElement?.style.top || n.style.top;
        tops.set(top, Number((n.textContent ?? '').trim()));
      }
      const out = {};
      for (const l of ed.querySelectorAll('.view-lines .view-line')) {
        const num = tops.get(l.style.top);
        if (num) out[num] = (l.textContent ?? '').replace(/\u00a0/g, ' ');
      }
      return out;
    });
  }

  async lineText(relPath, line) {
    const lines = await this.visibleLines(relPath);
    return lines[line];
  }

  /** Run a command from the palette (F1) by its title as shown there. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
  }

  /**
   * Trigger suggestions (Ctrl+Space) until the suggest widget lists rows. The first trigger may come
   * before the language client is ready, so it retries. Returns [{label, text}] (aria-label, visible text).
   */
  async suggest({ timeout = 30_000 } = {}) {
    const rows = this.page.locator('.suggest-widget.visible .monaco-list-row');
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      await this.page.keyboard.press('Control+Space');
      try {
        await rows.first().waitFor({ state: 'visible', timeout: 3000 });
        await sleep(300); // let the list settle (incomplete results may refresh)
        return await this.suggestRows();
      } catch {
        await this.escape();
      }
    }
    throw new Error(`no suggest widget rows within ${timeout / 1000} s`);
  }

  async suggestRows() {
    return this.page.$$eval('.suggest-widget.visible .monaco-list-row', (els) =>
      els
        .map((e) => ({
          index: Number(e.getAttribute('data-index')),
          label: (e.getAttribute('aria-label') ?? '').replace(/\u00a0/g, ' '),
          text: (e.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
          name: (e.querySelector('.monaco-icon-name-container, .label-name')?.textContent ?? '').trim(),
        }))
        .sort((a, b) => a.index - b.index),
    );
  }

  /** Show the hover at the cursor (Ctrl+K Ctrl+I) and return its text. */
  async hoverAtCursor({ expect, timeout = 20_000 } = {}) {
    const end = Date.now() + timeout;
    let last = '';
    while (Date.now() < end) {
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      const t = await this.page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .textContent({ timeout: 2500 })
        .catch(() => '');
      last = nbsp(t).trim();
      if (last && (!expect || expect(last))) return last;
      await sleep(500);
    }
    return last;
  }

  /** Rows of the Problems panel (aria-labels). Opens it with Ctrl+Shift+M. */
  async problems() {
    return this.page.$$eval('.markers-panel .monaco-list-row', (els) =>
      els.map((e) => ((e.getAttribute('aria-label') || e.textContent) ?? '').replace(/\u00a0/g, ' ').trim()),
    );
  }

  /**
   * Open the quick fix menu at the cursor (Ctrl+.) until it lists actions; returns [{index, text, label}].
   * The first request may come before the server has answered the diagnostics, so it retries.
   */
  async quickFixMenu({ expect, timeout = 20_000 } = {}) {
    const rows = this.page.locator('.action-widget .monaco-list-row');
    const end = Date.now() + timeout;
    let last = [];
    while (Date.now() < end) {
      await this.page.keyboard.press('Control+.');
      try {
        await rows.first().waitFor({ state: 'visible', timeout: 3000 });
        await sleep(300);
        last = await this.quickFixRows();
        if (!expect || expect(last)) return last;
      } catch {
        /* no menu yet */
      }
      await this.escape();
      await sleep(500);
    }
    throw new Error(`no quick fix menu${expect ? ' with the expected action' : ''} within ${timeout / 1000} s; last rows: ${JSON.stringify(last.map((r) => r.text))}`);
  }

  async quickFixRows() {
    return this.page.$$eval('.action-widget .monaco-list-row', (els) =>
      els
        .map((e) => ({
          index: Number(e.getAttribute('data-index')),
          text: (e.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
          label: (e.getAttribute('aria-label') ?? '').replace(/\u00a0/g, ' '),
          header: e.classList.contains('group-header'),
        }))
        .sort((a, b) => a.index - b.index),
    );
  }

  /** The document inside the active webview (the preview). */
  webviewFrame() {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }
}

export { sleep, nbsp };
