// Shared pieces of the browser tests: a loopback static server for dist/ under a sub-path,
// headless Chromium per TOOLCHAIN.md, bounded checks that print `browser: ok|FAIL name`, and
// helpers for the playground's test contract (data-pod/data-status/data-owner tiles, the
// terminal log, the labelled controls).
//
// Env: KUBEPLAY_DIST (default ../../dist), CHROMIUM (default /usr/bin/chromium).

import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(process.env.KUBEPLAY_DIST ?? join(HERE, '..', '..', 'dist'));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(HERE, 'artifacts');
export const SUB_PATH = '/kubeplay/';
export const INPUT = 'input[aria-label="kubectl command"]';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Ends the process if the whole test file takes longer than `ms`. */
export function watchdog(ms, name) {
  setTimeout(() => {
    console.error(`browser: ${name}: watchdog: still running after ${ms} ms, giving up`);
    console.log('browser: 0 passed, 1 failed');
    process.exit(2);
  }, ms).unref();
}

/** Serves DIST under SUB_PATH on 127.0.0.1 (random port); everything else is 404. */
export function startServer() {
  const server = createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (!path.startsWith(SUB_PATH)) return send(404, 'not found');
    let rel = path.slice(SUB_PATH.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(DIST, rel));
    if (!file.startsWith(DIST + sep)) return send(403, 'forbidden');
    try {
      if (!statSync(file).isFile()) return send(404, 'not found');
      send(200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolvePromise(server));
  });
}

export function distExists() {
  try {
    statSync(join(DIST, 'index.html'));
    return true;
  } catch {
    console.error(`browser: ${DIST}/index.html not found; build first (trunk build --release)`);
    console.log('browser: 0 passed, 1 failed');
    return false;
  }
}

/** A fresh Chromium profile (so a fresh localStorage). Close with `close()`. */
export async function launch({ width = 1280, height = 800, colorScheme = 'light' } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kubeplay-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width, height },
    colorScheme,
    timeout: 30_000,
  });
  const errors = [];
  const watch = (page) => {
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Runs named checks, printing one line each; `summary()` prints the totals. */
export function checker() {
  const results = [];
  const check = async (name, fn) => {
    const start = Date.now();
    try {
      const note = await fn();
      results.push(true);
      console.log(`browser: ok   ${name} (${Date.now() - start} ms)${note ? ` — ${note}` : ''}`);
      return true;
    } catch (e) {
      results.push(false);
      console.log(`browser: FAIL ${name} (${Date.now() - start} ms): ${e.message ?? e}`);
      return false;
    }
  };
  const fail = (msg) => results.push(false) && console.log(`browser: FAIL ${msg}`);
  const summary = () => {
    const passed = results.filter(Boolean).length;
    const failed = results.length - passed;
    console.log(`browser: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  };
  return { check, fail, summary };
}

// ---- the playground's test contract ----------------------------------------------------------

export async function tiles(page) {
  return page.$$eval('[data-pod]', (els) =>
    els.map((e) => ({ pod: e.dataset.pod, status: e.dataset.status, owner: e.dataset.owner })),
  );
}

export async function tileSummary(page) {
  const t = await tiles(page);
  return t.length === 0
    ? 'no [data-pod] tiles'
    : `${t.length} tile(s): ${t.map((x) => `${x.pod}=${x.status}`).join(', ')}`;
}

/** Waits until `pred(tiles)` holds; the error describes the tiles seen last. */
export async function waitTiles(page, pred, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await tiles(page);
    if (pred(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(
    `after ${timeout} ms, ${what} did not happen; ${last.length} tile(s): ` +
      last.map((x) => `${x.pod}=${x.status}`).join(', '),
  );
}

export async function logText(page) {
  return (await page.locator('[role="log"]').textContent()) ?? '';
}

/** Waits until the terminal log contains `text`. */
export async function waitLog(page, text, timeout = 5_000) {
  try {
    await page.waitForFunction(
      (t) => (document.querySelector('[role="log"]')?.textContent ?? '').includes(t),
      text,
      { timeout, polling: 100 },
    );
  } catch {
    const log = await logText(page);
    throw new Error(`the terminal never showed ${JSON.stringify(text)}; it ends with:\n${log.slice(-600)}`);
  }
}

/** Types a command into the terminal and presses Enter. */
export async function run(page, line) {
  const input = page.locator(INPUT);
  await input.fill(line);
  await input.press('Enter');
  await waitLog(page, `$ ${line}\n`);
}

/** The card of a Deployment. */
export function card(page, name) {
  return page.locator(`article[data-deployment="${name}"]`);
}

export async function virtualTime(page) {
  return (await page.locator('time[aria-label="virtual time"]').textContent()) ?? '';
}

export function seconds(clock) {
  // 12.3s | 4m05.0s | 1h02m03s
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?$/.exec(clock.trim());
  if (!m) return NaN;
  return (+(m[1] ?? 0)) * 3600 + (+(m[2] ?? 0)) * 60 + (+(m[3] ?? 0));
}

export function screenshotPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Records when the terminal input first exists (ms since navigation) in the page. */
export function markInteractive() {
  const KEY = '__kubeplayInteractiveMs';
  const check = () => {
    if (window[KEY] === undefined && document.querySelector('input[aria-label="kubectl command"]')) {
      window[KEY] = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
}
