// Smoke test of the built playground (dist/) in headless Chromium.
//
// Serves dist/ from a loopback-only static server under a sub-path (to prove the relative asset
// paths), loads the page, waits for the default scenario's three nginx pods to be Running, runs
// `kubectl get pods` through the terminal and checks its output. Prints `browser: N passed, M
// failed` and exits non-zero on any failure. Everything is bounded: each wait has a timeout and a
// watchdog ends the process.
//
// Env: KUBEPLAY_DIST (default ../../dist), CHROMIUM (default /usr/bin/chromium).

import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIST = resolve(process.env.KUBEPLAY_DIST ?? join(HERE, '..', '..', 'dist'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(HERE, 'artifacts');
const SUB_PATH = '/kubeplay/';
const INPUT = 'input[aria-label="kubectl command"]';

const LOAD_TIMEOUT_MS = 15_000;
const RUNNING_TIMEOUT_MS = 20_000;
const COMMAND_TIMEOUT_MS = 5_000;
const WATCHDOG_MS = 120_000;
const INTERACTIVE_BUDGET_MS = 1_000; // PRODUCT.md §8; reported, not enforced here.

setTimeout(() => {
  console.error(`browser: watchdog: still running after ${WATCHDOG_MS} ms, giving up`);
  console.log('browser: 0 passed, 1 failed');
  process.exit(2);
}, WATCHDOG_MS).unref();

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Serves DIST under SUB_PATH on 127.0.0.1 (random port); everything else is 404. */
function startServer() {
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

/** Records, from inside the page, when the terminal input first exists (ms since navigation). */
function markInteractive() {
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

async function tileSummary(page) {
  const tiles = await page.$$eval('[data-pod]', (els) =>
    els.map((e) => `${e.dataset.pod}=${e.dataset.status}`),
  );
  return tiles.length === 0
    ? 'no [data-pod] tiles on the page (engine produced no pods)'
    : `${tiles.length} tile(s): ${tiles.join(', ')}`;
}

async function main() {
  try {
    statSync(join(DIST, 'index.html'));
  } catch {
    console.error(`browser: ${DIST}/index.html not found; build first (trunk build --release)`);
    console.log('browser: 0 passed, 1 failed');
    return 1;
  }

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

  const server = await startServer();
  const url = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'kubeplay-chromium-'));
  let context;
  const pageErrors = [];
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
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
      viewport: { width: 1280, height: 800 },
      timeout: 30_000,
    });
    await context.addInitScript(markInteractive);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`);
    });

    const loaded = await check('page loads and the terminal input appears', async () => {
      const response = await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      if (!response?.ok()) throw new Error(`GET ${url} -> ${response?.status()}`);
      await page.waitForSelector(INPUT, { timeout: LOAD_TIMEOUT_MS });
      const ms = await page.evaluate(() => window.__kubeplayInteractiveMs);
      const shown = typeof ms === 'number' ? `${Math.round(ms)} ms` : 'unknown';
      console.log(
        `browser: cold load to interactive: ${shown} (budget ${INTERACTIVE_BUDGET_MS} ms)`,
      );
      return url;
    });

    const skipped = () => {
      throw new Error('skipped: the page did not load');
    };

    await check('default scenario: exactly 3 pod tiles reach Running', async () => {
      if (!loaded) skipped();
      try {
        await page.waitForFunction(
          () => document.querySelectorAll('[data-pod][data-status="Running"]').length === 3,
          null,
          { timeout: RUNNING_TIMEOUT_MS, polling: 100 },
        );
      } catch {
        throw new Error(
          `after ${RUNNING_TIMEOUT_MS} ms: ${await tileSummary(page)}; ` +
            `virtual time ${await page.locator('time').first().textContent().catch(() => '?')}`,
        );
      }
      const tiles = await page.$$eval('[data-pod][data-status="Running"]', (els) =>
        els.map((e) => ({ pod: e.dataset.pod, owner: e.dataset.owner })),
      );
      for (const { pod, owner } of tiles) {
        if (!pod.startsWith('nginx-deployment-') || !owner.startsWith('nginx-deployment-')) {
          throw new Error(`unexpected tile data-pod=${pod} data-owner=${owner}`);
        }
      }
      return tiles.map((t) => t.pod).join(', ');
    });

    await check('terminal: `kubectl get pods` lists the Running nginx pods', async () => {
      if (!loaded) skipped();
      const input = page.getByLabel('kubectl command');
      await input.fill('kubectl get pods', { timeout: COMMAND_TIMEOUT_MS });
      await page.getByRole('button', { name: 'Run' }).click({ timeout: COMMAND_TIMEOUT_MS });
      const log = page.getByRole('log');
      const echo = '$ kubectl get pods\n';
      try {
        await page.waitForFunction(
          (echo) => {
            const text = document.querySelector('[role="log"]')?.textContent ?? '';
            return text.includes(echo);
          },
          echo,
          { timeout: COMMAND_TIMEOUT_MS },
        );
      } catch {
        throw new Error(`the log never showed "${echo.trim()}"`);
      }
      const text = (await log.textContent()) ?? '';
      const output = text.slice(text.lastIndexOf(echo) + echo.length);
      const missing = ['nginx-deployment-', 'Running'].filter((s) => !output.includes(s));
      if (missing.length > 0) {
        throw new Error(`output lacks ${missing.join(' and ')}:\n${output}`);
      }
      if ((await input.inputValue()) !== '') throw new Error('the input was not cleared');
      return `${output.trimEnd().split('\n').length} line(s) of output`;
    });

    await check('no page errors or console errors', async () => {
      if (pageErrors.length > 0) throw new Error(pageErrors.join('\n'));
    });

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'smoke.png');
    await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 }).then(
      () => console.log(`browser: screenshot ${shot}`),
      (e) => console.log(`browser: screenshot failed: ${e.message}`),
    );
  } catch (e) {
    results.push(false);
    console.log(`browser: FAIL ${e.message ?? e}`);
  } finally {
    await context?.close().catch(() => {});
    server.closeAllConnections?.();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const passed = results.filter(Boolean).length;
  const failed = results.length - passed;
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
