// Smoke test of the built playground (dist/) in headless Chromium.
//
// Serves dist/ from a loopback-only static server under a sub-path (to prove the relative asset
// paths), loads the page, waits for the default scenario's three nginx pods to be Running, runs
// `kubectl get pods` through the terminal and checks its output. Prints `browser: N passed, M
// failed` and exits non-zero on any failure. Everything is bounded: each wait has a timeout and a
// watchdog ends the process.

import {
  INPUT,
  checker,
  distExists,
  launch,
  markInteractive,
  screenshotPath,
  startServer,
  tileSummary,
  SUB_PATH,
  watchdog,
} from './harness.mjs';

const LOAD_TIMEOUT_MS = 15_000;
const RUNNING_TIMEOUT_MS = 20_000;
const COMMAND_TIMEOUT_MS = 5_000;
const INTERACTIVE_BUDGET_MS = 1_000; // PRODUCT.md §8; reported, not enforced here.

watchdog(120_000, 'smoke');

async function main() {
  if (!distExists()) return 1;
  const { check, fail, summary } = checker();
  const server = await startServer();
  const url = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  let browser;
  try {
    browser = await launch();
    const { page, errors } = browser;
    await browser.context.addInitScript(markInteractive);

    const loaded = await check('page loads and the terminal input appears', async () => {
      const response = await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
      if (!response?.ok()) throw new Error(`GET ${url} -> ${response?.status()}`);
      await page.waitForSelector(INPUT, { timeout: LOAD_TIMEOUT_MS });
      const ms = await page.evaluate(() => window.__kubeplayInteractiveMs);
      const shown = typeof ms === 'number' ? `${Math.round(ms)} ms` : 'unknown';
      console.log(`browser: cold load to interactive: ${shown} (budget ${INTERACTIVE_BUDGET_MS} ms)`);
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
      await page.getByRole('button', { name: 'Run', exact: true }).click({ timeout: COMMAND_TIMEOUT_MS });
      const log = page.getByRole('log');
      const echo = '$ kubectl get pods\n';
      try {
        await page.waitForFunction(
          (echo) => (document.querySelector('[role="log"]')?.textContent ?? '').includes(echo),
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
      if (errors.length > 0) throw new Error(errors.join('\n'));
    });

    const shot = screenshotPath('smoke.png');
    await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 }).then(
      () => console.log(`browser: screenshot ${shot}`),
      (e) => console.log(`browser: screenshot failed: ${e.message}`),
    );
  } catch (e) {
    fail(e.message ?? e);
  } finally {
    await browser?.close();
    server.closeAllConnections?.();
    server.close();
  }
  return summary();
}

process.exit(await main());
