// End-to-end tests of the playground (PRODUCT §6, issue 5): every control issues its kubectl
// command (echoed in the terminal) and the board follows; bad YAML is reported inline and changes
// nothing; sessions survive reload and travel in share links; the clock controls; a keyboard-only
// path; screenshots at 1280×800 and 800×500 (light and dark) kept in artifacts/.
//
// Each check is bounded; the file prints `browser: N passed, M failed` and exits non-zero on any
// failure.

import {
  INPUT,
  SUB_PATH,
  card,
  checker,
  distExists,
  launch,
  logText,
  run,
  screenshotPath,
  seconds,
  startServer,
  tiles,
  virtualTime,
  waitLog,
  waitTiles,
  watchdog,
} from './harness.mjs';

watchdog(480_000, 'playground');

const D = 'nginx-deployment';
const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;
const running = (n) => (t) => t.length === n && t.every((x) => x.status === 'Running');

async function open(browser, url) {
  const { page } = browser;
  await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
  await page.waitForSelector(INPUT, { timeout: 15_000 });
  return page;
}

async function main() {
  if (!distExists()) return 1;
  const { check, fail, summary } = checker();
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  const browsers = [];
  const newBrowser = async (opts) => {
    const b = await launch(opts);
    browsers.push(b);
    return b;
  };
  try {
    // ---- one session driven through the Deployment's controls -------------------------------
    const b1 = await newBrowser();
    // Every request of the page, to check when the explain schemas are downloaded.
    const requests = [];
    b1.page.on('request', (r) => requests.push(r.url()));
    const page = await open(b1, `${base}?speed=5`);
    const d = card(page, D);
    let oldOwner = '';
    let firstPods = [];

    const loaded = await check('load: 3 Running tiles of nginx-deployment', async () => {
      const t = await waitTiles(page, running(3), '3 Running tiles');
      oldOwner = t[0].owner;
      firstPods = t.map((x) => x.pod).sort();
      if (!t.every((x) => x.owner === oldOwner && x.pod.startsWith(`${oldOwner}-`))) {
        throw new Error(`tiles not owned by one ReplicaSet: ${JSON.stringify(t)}`);
      }
      return `owner ${oldOwner}`;
    });
    const need = () => {
      if (!loaded) throw new Error('skipped: the page did not load');
    };

    let newOwner = '';
    await check('Set image: a new ReplicaSet surges, the old one drains, the terminal echoes it', async () => {
      need();
      await d.getByLabel('Image for nginx').fill('nginx:1.16.1');
      await d.getByRole('button', { name: 'Set image' }).click();
      await waitLog(page, `$ kubectl set image deployment/${D} nginx=nginx:1.16.1\n`);
      await waitLog(page, `deployment.apps/${D} image updated`);
      // Both ReplicaSets have tiles at once (the surge), then only the new one.
      const both = await waitTiles(
        page,
        (t) => t.some((x) => x.owner !== oldOwner) && t.some((x) => x.owner === oldOwner),
        'new ReplicaSet tiles next to the old ones',
      );
      newOwner = both.find((x) => x.owner !== oldOwner).owner;
      const total = both.length;
      if (total > 4) throw new Error(`more than replicas + maxSurge (4) tiles: ${total}`);
      await waitTiles(
        page,
        (t) => running(3)(t) && t.every((x) => x.owner === newOwner),
        'the old ReplicaSet draining into 3 Running new pods',
        30_000,
      );
      const order = await d.locator('li.rs').evaluateAll((els) => els.map((e) => e.dataset.revision));
      if (order.join(',') !== '2,1') throw new Error(`ReplicaSets not newest revision first: ${order}`);
      return `${oldOwner} → ${newOwner}`;
    });

    await check('events pane shows the scaling events; timeline plots both ReplicaSets', async () => {
      need();
      const events = page.locator('.event-list');
      const up = `Scaled up replica set ${newOwner} from 0 to 1`;
      const down = `Scaled down replica set ${oldOwner} from 3 to 2`;
      await page.waitForFunction(
        ([a, b]) => {
          const t = document.querySelector('.event-list')?.textContent ?? '';
          return t.includes(a) && t.includes(b);
        },
        [up, down],
        { timeout: 5_000 },
      ).catch(async () => {
        throw new Error(`events lack "${up}" / "${down}":\n${(await events.textContent()).slice(-800)}`);
      });
      const svg = page.getByRole('img', { name: 'Rollout timeline' });
      const areas = await svg.locator('path.area').count();
      if (areas !== 2) throw new Error(`timeline has ${areas} ReplicaSet areas, want 2`);
      if ((await svg.locator('path.band').count()) !== 1) throw new Error('no surge/unavailable band');
      if ((await svg.locator('path.available').count()) !== 1) throw new Error('no available line');
      if ((await svg.locator('line.marker').count()) < 2) throw new Error('no command markers');
      await svg.hover({ position: { x: 60, y: 40 } });
      const readout = await page.locator('.readout').textContent();
      if (!/rev 1: \d/.test(readout)) throw new Error(`hover read-out: ${readout}`);
      return readout;
    });

    await check('screenshot 1280×800 during a rollout', async () => {
      need();
      await page.locator(INPUT).fill('');
      await d.getByLabel('Image for nginx').fill('nginx:1.9.1');
      await d.getByRole('button', { name: 'Set image' }).click();
      await waitTiles(page, (t) => new Set(t.map((x) => x.owner)).size === 2, 'a rollout in progress');
      await page.screenshot({ path: screenshotPath('playground-1280x800-light.png') });
      await waitTiles(page, (t) => running(3)(t) && new Set(t.map((x) => x.owner)).size === 1, 'the rollout to finish', 30_000);
    });

    await check('Undo (Revision: previous) rolls back, echoed as kubectl rollout undo', async () => {
      need();
      const before = (await tiles(page))[0].owner;
      await d.getByLabel('Revision').selectOption('');
      await d.getByRole('button', { name: 'Undo' }).click();
      await waitLog(page, `$ kubectl rollout undo deployment/${D}\n`);
      await waitLog(page, `deployment.apps/${D} rolled back`);
      const t = await waitTiles(
        page,
        (t) => running(3)(t) && t.every((x) => x.owner === newOwner),
        'the nginx:1.16.1 ReplicaSet to come back',
        30_000,
      );
      const rs = await page.locator(`li.rs[data-rs="${newOwner}"]`).getAttribute('data-revision');
      if (rs !== '4') throw new Error(`undone ReplicaSet has revision ${rs}, want 4`);
      return `${before} → ${t[0].owner} (rev 4)`;
    });

    await check('Undo to a chosen revision (--to-revision)', async () => {
      need();
      await d.getByLabel('Revision').selectOption('1');
      await d.getByRole('button', { name: 'Undo' }).click();
      await waitLog(page, `$ kubectl rollout undo deployment/${D} --to-revision=1\n`);
      await waitTiles(page, (t) => running(3)(t) && t.every((x) => x.owner === oldOwner), 'revision 1 back', 30_000);
    });

    await check('Scale to 5 (input labelled Replicas)', async () => {
      need();
      // a number being typed survives the card's re-renders while its pods change
      const victim = (await tiles(page))[0].pod;
      await d.getByLabel('Replicas').fill('5');
      await run(page, `kubectl delete pod ${victim} --wait=false`);
      await waitTiles(page, (t) => running(3)(t) && !t.some((x) => x.pod === victim), `${victim} replaced`, 30_000);
      const typed = await d.getByLabel('Replicas').inputValue();
      if (typed !== '5') throw new Error(`the typed 5 became ${typed} while the pods changed`);
      await d.getByRole('button', { name: 'Scale' }).click();
      await waitLog(page, `$ kubectl scale deployment/${D} --replicas=5\n`);
      await waitTiles(page, running(5), '5 Running tiles');
    });

    await check('Pause holds a template change; Resume rolls it out', async () => {
      need();
      await d.getByRole('button', { name: 'Pause', exact: true }).click();
      await waitLog(page, `$ kubectl rollout pause deployment/${D}\n`);
      await d.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 3_000 });
      await d.locator('.badge.paused').waitFor({ timeout: 3_000 });
      await d.getByLabel('Image for nginx').fill('nginx:1.13.3');
      await d.getByRole('button', { name: 'Set image' }).click();
      await waitLog(page, `$ kubectl set image deployment/${D} nginx=nginx:1.13.3\n`);
      await page.waitForTimeout(1_500); // 7.5 s of virtual time
      const t = await tiles(page);
      if (!running(5)(t) || !t.every((x) => x.owner === oldOwner)) {
        throw new Error(`a paused Deployment rolled out: ${JSON.stringify(t)}`);
      }
      await d.getByRole('button', { name: 'Resume', exact: true }).click();
      await waitLog(page, `$ kubectl rollout resume deployment/${D}\n`);
      await waitTiles(page, (t) => running(5)(t) && t.every((x) => x.owner !== oldOwner && x.owner !== newOwner), 'the held change to roll out', 40_000);
    });

    await check('Restart rolls out a new ReplicaSet', async () => {
      need();
      const before = (await tiles(page))[0].owner;
      await d.getByRole('button', { name: 'Restart' }).click();
      await waitLog(page, `$ kubectl rollout restart deployment/${D}\n`);
      await waitTiles(page, (t) => running(5)(t) && t.every((x) => x.owner !== before), 'the restart', 40_000);
    });

    await check('Delete pod on a tile: kubectl delete pod, a replacement comes up', async () => {
      need();
      const victim = (await tiles(page))[0].pod;
      // From the keyboard: the button leaves with its pod, the focus goes to the next tile's.
      await page.getByRole('button', { name: `Delete pod ${victim}` }).focus();
      await page.keyboard.press('Enter');
      await waitLog(page, `$ kubectl delete pod ${victim} --wait=false\n`);
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
      if (!focused.startsWith('Delete pod ') || focused.endsWith(victim)) {
        throw new Error(`the focus went to "${focused}", not another tile's Delete`);
      }
      await waitTiles(page, (t) => running(5)(t) && !t.some((x) => x.pod === victim), 'a replacement pod', 20_000);
    });

    await check('terminal: ↑/↓ history and Tab completion', async () => {
      need();
      const input = page.locator(INPUT);
      await input.fill('');
      await input.press('ArrowUp');
      const last = await input.inputValue();
      if (!last.startsWith('kubectl delete pod ')) throw new Error(`↑ gave "${last}"`);
      await input.press('ArrowUp');
      if ((await input.inputValue()) !== `kubectl rollout restart deployment/${D}`) {
        throw new Error(`↑↑ gave "${await input.inputValue()}"`);
      }
      await input.press('ArrowDown');
      await input.press('ArrowDown');
      if ((await input.inputValue()) !== '') throw new Error('↓ past the newest did not restore the draft');
      await input.fill('kubectl get dep');
      await input.press('Tab');
      if ((await input.inputValue()) !== 'kubectl get deployments ') throw new Error(`Tab gave "${await input.inputValue()}"`);
      await input.fill('kubectl rollout status deploy/ngi');
      await input.press('Tab');
      if ((await input.inputValue()) !== `kubectl rollout status deploy/${D} `) {
        throw new Error(`Tab gave "${await input.inputValue()}"`);
      }
      await input.fill('kubectl get pods ngi');
      await input.press('Tab');
      const hint = await page.locator('.hint').textContent();
      if (!hint.includes(`${D}-`)) throw new Error(`no candidates shown: "${hint}"`);
      // The candidates belong to that line: typing drops them.
      await input.press('x');
      const after = await page.locator('.hint').textContent();
      if (after !== '') throw new Error(`the hint outlived its line: "${after}"`);
      await run(page, 'kubectl get deployments');
      const log = await logText(page);
      if (!/nginx-deployment\s+5\/5\s+5\s+5/.test(log.slice(log.lastIndexOf('$ kubectl get deployments')))) {
        throw new Error(`kubectl get deployments output:\n${log.slice(-400)}`);
      }
    });

    await check('terminal: a pipeline into grep and a for loop run as in a shell', async () => {
      need();
      const pipe = `kubectl get pods --no-headers | grep -c ${D}`;
      await run(page, pipe);
      await waitLog(page, `$ ${pipe}\n5\n`);
      const loop = 'for n in node-1 node-2; do kubectl get node $n -o name; done';
      await run(page, loop);
      await waitLog(page, `$ ${loop}\nnode/node-1\nnode/node-2\n`);
      // one node per command in the live region: a new command adds a node, the old ones stay
      const chunks = await page.evaluate(() => {
        const log = document.querySelector('[role="log"]');
        const spans = [...log.children];
        return {
          spans: spans.length,
          commands: (log.textContent.match(/^\$ /gm) ?? []).length,
          allCommands: spans.every((s) => s.textContent.startsWith('$ ')),
          last: spans.at(-1)?.textContent,
        };
      });
      if (chunks.spans !== chunks.commands || !chunks.allCommands || chunks.last !== `$ ${loop}\nnode/node-1\nnode/node-2\n`) {
        throw new Error(`terminal log nodes: ${JSON.stringify(chunks)}`);
      }
    });

    await check('terminal: kubectl exec -ti opens the container\'s shell, its prompt shown, until exit', async () => {
      need();
      await run(page, `kubectl exec -ti deploy/${D} -- bash`);
      const prompt = page.locator('.terminal .prompt');
      const shown = async () => (await prompt.textContent()) ?? '';
      const until = async (want, what) => {
        for (let i = 0; i < 50 && !want(await shown()); i++) await page.waitForTimeout(100);
        if (!want(await shown())) throw new Error(`${what}: prompt is ${JSON.stringify(await shown())}`);
      };
      await until((p) => p.startsWith(`root@${D}-`) && p.endsWith(':/#'), 'in the shell');
      const input = page.locator(INPUT);
      await input.fill('hostname');
      await input.press('Enter');
      await waitLog(page, `:/# hostname\n${D}-`);
      // a control's kubectl command is not sent into the shell: the hint says to leave it
      const before = await logText(page);
      await card(page, D).getByRole('button', { name: 'Pause', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('.hint')?.textContent?.includes('type exit'), null, { timeout: 5000 });
      if ((await logText(page)) !== before) throw new Error('a control ran inside the container shell');
      await input.fill('exit');
      await input.press('Enter');
      await waitLog(page, ':/# exit\nexit\n');
      await until((p) => p === '$', 'after exit');
      await run(page, 'kubectl get deploy --no-headers -o name');
    });

    await check('a context namespace: commands follow it, board controls keep their object', async () => {
      need();
      await run(page, 'kubectl create namespace dev');
      await run(page, 'kubectl config set-context --current --namespace=dev');
      await waitLog(page, 'Context "kubeplay" modified.\n');
      await run(page, 'kubectl get deploy');
      await waitLog(page, '$ kubectl get deploy\nNo resources found in dev namespace.\n');
      // the Deployment is in default: its controls say so now
      await d.getByLabel('Replicas').fill('4');
      await d.getByRole('button', { name: 'Scale' }).click();
      await waitLog(page, `$ kubectl scale deployment/${D} -n default --replicas=4\n`);
      await waitTiles(page, running(4), '4 Running tiles');
      await run(page, 'kubectl config set-context --current --namespace=');
      await d.getByLabel('Replicas').fill('5');
      await d.getByRole('button', { name: 'Scale' }).click();
      await waitLog(page, `$ kubectl scale deployment/${D} --replicas=5\n`);
      await waitTiles(page, running(5), '5 Running tiles again');
    });

    await check('kubectl explain downloads its schemas on first use, then prints kubectl\'s text', async () => {
      need();
      const input = () => page.locator(INPUT);
      const schema = () => requests.filter((u) => u.endsWith(`${SUB_PATH}schema.txt`));
      if (schema().length !== 0) throw new Error(`schema.txt requested before any explain: ${schema()}`);
      const before = requests.length;
      await run(page, 'kubectl explain deployment.spec.replicas');
      // as tests/transcripts/explain/fields.out has it (real kubectl v1.33)
      const expected = [
        '$ kubectl explain deployment.spec.replicas',
        'GROUP:      apps',
        'KIND:       Deployment',
        'VERSION:    v1',
        '',
        'FIELD: replicas <integer>',
        '',
        '',
        'DESCRIPTION:',
        '    Number of desired pods. This is a pointer to distinguish between explicit',
        '    zero and not specified. Defaults to 1.',
        '    ',
        '',
      ].join('\n');
      await waitLog(page, expected);
      const fetched = requests.slice(before).filter((u) => u.endsWith(`${SUB_PATH}schema.txt`));
      if (fetched.length !== 1 || schema().length !== 1) {
        throw new Error(`expected one schema.txt request, after the command: ${schema()}`);
      }
      await input().fill('kubectl explain deploy.spec.repl');
      await input().press('Tab');
      if ((await input().inputValue()) !== 'kubectl explain deploy.spec.replicas ') {
        throw new Error(`Tab gave "${await input().inputValue()}"`);
      }
      await input().fill('');
      if (schema().length !== 1) throw new Error(`schema.txt requested again: ${schema()}`);
      // the -h texts came with the schemas: help prints at once, with no further request
      const help = () => requests.filter((u) => u.endsWith(`${SUB_PATH}help.txt`));
      if (help().length !== 1) throw new Error(`expected one help.txt request: ${help()}`);
      await run(page, 'kubectl rollout status -h');
      await waitLog(page, '$ kubectl rollout status -h\nShow the status of the rollout.\n');
      if (help().length !== 1 || schema().length !== 1) {
        throw new Error(`reference texts requested again: ${help()} ${schema()}`);
      }
    });

    await check('Tab on an explain field path downloads the schemas, the next Tab completes', async () => {
      const b = await newBrowser();
      const seen = [];
      b.page.on('request', (r) => seen.push(r.url()));
      const p = await open(b, `${base}?paused=1`);
      const field = p.locator(INPUT);
      if (seen.some((u) => u.endsWith('schema.txt'))) throw new Error('schema.txt requested on load');
      await field.fill('kubectl explain deploy.spec.repl');
      const response = p.waitForResponse((r) => r.url().endsWith(`${SUB_PATH}schema.txt`), { timeout: 10_000 });
      await field.press('Tab');
      if ((await response).status() !== 200) throw new Error(`schema.txt: HTTP ${(await response).status()}`);
      await p.waitForFunction(() => !document.querySelector('.hint')?.textContent?.includes('Downloading'), null, {
        timeout: 5_000,
      });
      await field.press('Tab');
      if ((await field.inputValue()) !== 'kubectl explain deploy.spec.replicas ') {
        throw new Error(`Tab gave "${await field.inputValue()}"`);
      }
    });

    await check('explain while the schemas cannot be downloaded: kubectl\'s connection error, nothing recorded', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?paused=1`);
      await b.context.route('**/schema.txt', (r) => r.abort('connectionrefused'));
      await run(p, 'kubectl explain deploy.spec.replicas');
      await waitLog(p, '$ kubectl explain deploy.spec.replicas\nUnable to connect to the server: ');
      const stored = await p.evaluate(() => JSON.parse(localStorage.getItem('kubeplay.session')));
      if (stored.cmds.some((c) => c.cmd.includes('explain'))) throw new Error('the failed explain was recorded');
      await b.context.unroute('**/schema.txt');
      await run(p, 'kubectl get deployments');
      await run(p, 'kubectl explain deploy.spec.replicas');
      await waitLog(p, 'FIELD: replicas <integer>');
      // Chromium logs the refused request itself; that one is expected.
      const expected = (e) => /Failed to load resource: net::ERR_CONNECTION_REFUSED/.test(e);
      const refused = b.errors.filter(expected).length;
      b.errors.splice(0, b.errors.length, ...b.errors.filter((e) => !expected(e)));
      return `${refused} refused-request console message(s)`;
    });

    const editor = page.getByRole('textbox', { name: /^Manifest editor/ });
    const applyButton = page.locator('.p-editor').getByRole('button', { name: 'Apply', exact: true });

    await check('Diff shows what Apply would change, and changes nothing', async () => {
      need();
      const original = await editor.inputValue();
      const before = (await tiles(page)).map((x) => x.pod).sort().join();
      const rsBefore = await page.locator('li.rs').count();
      await editor.fill(original.replace('  replicas: 3\n', '  replicas: 7\n'));
      await page.locator('.p-editor').getByRole('button', { name: 'Diff', exact: true }).click();
      await waitLog(page, '$ kubectl diff -f - <<EOF\n');
      await waitLog(page, '\n+  replicas: 7\n');
      const result = await page.locator('.p-editor .result').textContent();
      if (!/^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.nginx-deployment /.test(result)) {
        throw new Error(`the result is not kubectl diff's: ${result.slice(0, 200)}`);
      }
      if (await page.locator('.p-editor .result.ok').count() !== 1) throw new Error('a found difference shown as a failure');
      await page.waitForTimeout(500);
      const after = (await tiles(page)).map((x) => x.pod).sort().join();
      if (after !== before || (await page.locator('li.rs').count()) !== rsBefore) {
        throw new Error(`Diff changed the cluster:\n${before}\n${after}`);
      }
      await editor.fill(original);
    });

    await check('bad YAML: inline error at line:column, nothing changes', async () => {
      need();
      const before = (await tiles(page)).map((x) => x.pod).sort().join();
      const rsBefore = await page.locator('li.rs').count();
      const text = (await editor.inputValue()).replace('  replicas: 3\n', '  replicas: 3\n  selector: a: b\n');
      await editor.fill(text);
      await applyButton.click();
      await waitLog(page, 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 9: mapping values are not allowed in this context');
      const loc = await page.locator('.problems .loc').first().textContent();
      if (loc !== 'Line 9, column 14') throw new Error(`inline error at "${loc}"`);
      const gutterErr = await page.locator('.gutter .err').first().textContent();
      if (gutterErr !== '9') throw new Error(`gutter marks line ${gutterErr}`);
      if ((await editor.getAttribute('aria-invalid')) !== 'true') throw new Error('editor not aria-invalid');
      // A field error: the API server's words, at the field.
      await editor.fill((await editor.inputValue()).replace('  selector: a: b\n', '').replace('replicas: 3', 'replicas: three'));
      await applyButton.click();
      await waitLog(page, 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
      const loc2 = await page.locator('.problems .loc').first().textContent();
      if (loc2 !== 'Line 8, column 3') throw new Error(`field error at "${loc2}"`);
      await page.waitForTimeout(500);
      const after = (await tiles(page)).map((x) => x.pod).sort().join();
      if (after !== before || (await page.locator('li.rs').count()) !== rsBefore) {
        throw new Error(`a failed apply changed the cluster:\n${before}\n${after}`);
      }
      // Clicking the location puts the caret there.
      await page.locator('.problems .loc').first().click();
      const caret = await editor.evaluate((t) => t.selectionStart);
      const want = (await editor.inputValue()).split('\n').slice(0, 7).join('\n').length + 1 + 2;
      if (caret !== want) throw new Error(`caret at ${caret}, want ${want}`);
      return loc2;
    });

    await check('untrusted text is rendered as text, never HTML', async () => {
      need();
      await editor.fill('apiVersion: v1\nkind: <img src=x onerror="window.__pwned=1">\nmetadata:\n  name: x\n');
      await applyButton.click();
      await waitLog(page, '<img src=x onerror=');
      await page.waitForTimeout(300);
      const injected = await page.evaluate(() => ({
        img: document.querySelectorAll('.problems img, [role="log"] img, .hl img').length,
        pwned: window.__pwned === 1,
      }));
      if (injected.img > 0 || injected.pwned) throw new Error(`markup was interpreted: ${JSON.stringify(injected)}`);
    });

    await check('samples menu opens every seed manifest; Apply of a removed API version is rejected inline', async () => {
      need();
      const options = await page.getByLabel('Samples').locator('option').count();
      if (options < 13) throw new Error(`samples menu has ${options - 1} manifests`);
      await page.getByLabel('Samples').selectOption({ label: '004 · extensions/v1beta1 Deployment (rejected: removed API)' });
      await applyButton.click();
      await waitLog(page, 'no matches for kind "Deployment" in version "extensions/v1beta1"');
      const loc = await page.locator('.problems .loc').first().textContent();
      if (loc !== 'Line 1, column 1') throw new Error(`error at ${loc}`);
      return `${options - 1} samples`;
    });

    await check('the docs\' init-container pod: a tile in Init:0/2 until its Services exist, then Running; its log in the terminal', async () => {
      need();
      await page.getByLabel('Samples').selectOption({ label: 'docs · Pod myapp-pod with two init containers (Init Containers)' });
      await applyButton.click();
      await waitLog(page, 'pod/myapp-pod created');
      const pod = (t) => t.find((x) => x.pod === 'myapp-pod');
      await waitTiles(page, (t) => pod(t)?.status === 'Init:0/2', 'myapp-pod waiting in Init:0/2', 20_000);
      await run(page, 'kubectl create service clusterip myservice --tcp=80:9376');
      await run(page, 'kubectl create service clusterip mydb --tcp=80:9377');
      await waitTiles(page, (t) => pod(t)?.status === 'Running', 'myapp-pod Running once its Services exist', 30_000);
      try {
        await run(page, 'kubectl logs myapp-pod -c myapp-container');
        await waitLog(page, '$ kubectl logs myapp-pod -c myapp-container\nThe app is running!\n');
      } finally {
        // a shell as PID 1 ignores SIGTERM: --force does not wait out the grace period
        await run(page, 'kubectl delete pod myapp-pod --force --grace-period=0');
        await run(page, 'kubectl delete service myservice mydb');
        await waitTiles(page, (t) => !pod(t), 'myapp-pod gone', 10_000);
      }
    });

    await check('editor tabs: one Tab stop, ←/→ switch, Delete closes; another tab starts at its top', async () => {
      need();
      const selected = page.locator('[role="tab"][aria-selected="true"]');
      const before = await page.getByRole('tab').count();
      await page.getByRole('button', { name: 'New tab' }).click();
      await editor.fill(Array.from({ length: 120 }, (_, i) => `# line ${i + 1}`).join('\n'));
      await editor.evaluate((t) => { t.scrollTop = t.scrollHeight; });
      const stops = await page.locator('[role="tab"][tabindex="0"]').count();
      if (stops !== 1) throw new Error(`${stops} tabs are Tab stops`);
      await selected.focus();
      const mine = await selected.textContent();
      await page.keyboard.press('ArrowLeft');
      const other = await selected.textContent();
      if (other === mine) throw new Error('ArrowLeft did not select another tab');
      if (!(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected') === 'true'))) {
        throw new Error('the focus did not follow the selected tab');
      }
      const top = await editor.evaluate((t) => t.scrollTop);
      if (top !== 0) throw new Error(`the other tab opened scrolled to ${top}px`);
      await page.keyboard.press('ArrowRight');
      if ((await selected.textContent()) !== mine) throw new Error('ArrowRight did not come back');
      await page.keyboard.press('Delete');
      const after = await page.getByRole('tab').count();
      if (after !== before) throw new Error(`Delete left ${after} tabs, want ${before}`);
      if (!(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'tab'))) {
        throw new Error('the focus left the tabs after Delete');
      }
    });

    await check('kubectl edit opens the live object in a tab; Save applies it', async () => {
      need();
      await page.locator(INPUT).fill(`kubectl edit deployment/${D}`);
      await page.locator(INPUT).press('Enter');
      const tab = page.getByRole('tab', { name: `edit deployment/${D}` });
      await tab.waitFor({ timeout: 3_000 });
      const text = await editor.inputValue();
      if (!text.includes('replicas: 5')) throw new Error(`edit buffer:\n${text.slice(0, 400)}`);
      await editor.fill(text.replace('replicas: 5', 'replicas: 4'));
      await page.locator('.p-editor').getByRole('button', { name: 'Save', exact: true }).click();
      await waitLog(page, `deployment.apps/${D} edited`);
      await waitTiles(page, running(4), '4 Running tiles after the edit', 20_000);
    });

    await check('Export script: a kubeplay run script of the session', async () => {
      need();
      await page.getByRole('button', { name: 'Export script' }).click();
      await page.getByRole('tab', { name: 'session.kp' }).waitFor({ timeout: 3_000 });
      const script = await editor.inputValue();
      for (const want of [
        '# seed: 1\n',
        'kubectl apply -f - <<EOF\napiVersion: apps/v1\n',
        `kubectl set image deployment/${D} nginx=nginx:1.16.1\n`,
        `kubectl rollout undo deployment/${D} --to-revision=1\n`,
        'sim advance ',
      ]) {
        if (!script.includes(want)) throw new Error(`script lacks ${JSON.stringify(want)}:\n${script.slice(0, 600)}`);
      }
      const href = await page.locator('.p-editor a[download="session.kp"]').getAttribute('href');
      if (!href.startsWith('data:text/plain')) throw new Error(`download link ${href.slice(0, 40)}`);
      return `${script.split('\n').length} lines`;
    });

    let sharedLog = '';
    let sharedPods = '';
    let link = '';
    await check('reload restores the session (log, pods, clock)', async () => {
      need();
      await page.getByRole('button', { name: 'Pause clock' }).click();
      const log = await logText(page);
      const pods = (await tiles(page)).map((x) => x.pod).sort().join();
      const t = seconds(await virtualTime(page));
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector(INPUT, { timeout: 15_000 });
      await waitLog(page, `deployment.apps/${D} edited`);
      const log2 = await logText(page);
      if (log2 !== log) throw new Error(`log differs after reload:\n--- before\n${log.slice(-300)}\n--- after\n${log2.slice(-300)}`);
      const pods2 = (await tiles(page)).map((x) => x.pod).sort().join();
      if (pods2 !== pods) throw new Error(`pods differ after reload:\n${pods}\n${pods2}`);
      const t2 = seconds(await virtualTime(page));
      if (!(t2 >= t)) throw new Error(`clock went back: ${t} → ${t2}`);
      sharedLog = log2;
      sharedPods = pods2;
      return `${pods2.split(',').length} pods, ${t2}s`;
    });

    await check('share link reproduces the session in a fresh browser', async () => {
      need();
      await page.getByRole('button', { name: 'Share link' }).click();
      link = await page.getByLabel('Share link').inputValue();
      // The link takes the focus, selected, ready to copy.
      const selected = await page.evaluate(() => {
        const e = document.activeElement;
        return e?.getAttribute('aria-label') === 'Share link' && e.selectionStart === 0 && e.selectionEnd === e.value.length;
      });
      if (!selected) throw new Error('the share link is not focused and selected');
      if (!link.includes('#s=')) throw new Error(`link ${link}`);
      const b2 = await newBrowser();
      const p2 = await open(b2, link.replace(/\?[^#]*/, '').replace('#', '?paused=1#'));
      await waitLog(p2, `deployment.apps/${D} edited`);
      const log = await logText(p2);
      if (log !== sharedLog) throw new Error(`log differs:\n${sharedLog.slice(-300)}\n---\n${log.slice(-300)}`);
      const pods = (await tiles(p2)).map((x) => x.pod).sort().join();
      if (pods !== sharedPods) throw new Error(`pods differ:\n${sharedPods}\n${pods}`);
      if ((await p2.evaluate(() => location.hash)) !== '') throw new Error('fragment left in the address bar');
      return `${link.length} characters`;
    });

    // ---- keyboard only ---------------------------------------------------------------------
    await check('keyboard only: Apply from the editor, then Set image', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?speed=20`);
      await waitTiles(p, running(3), '3 Running tiles');
      const focusTo = async (predicate, what, key = 'Tab', arg = null) => {
        for (let i = 0; i < 120; i++) {
          if (await p.evaluate(predicate, arg)) return;
          await p.keyboard.press(key);
        }
        throw new Error(`could not reach ${what} with ${key}`);
      };
      await focusTo(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Manifest editor'), 'the editor');
      await p.keyboard.press('Control+A');
      await p.keyboard.press('Delete');
      const manifest = (await import('node:fs')).readFileSync(
        new URL('../transcripts/manifests/nginx-deployment.yaml', import.meta.url), 'utf8',
      ).replace('replicas: 3', 'replicas: 4');
      await p.keyboard.insertText(manifest);
      await focusTo(() => document.activeElement?.textContent === 'Apply', 'Apply', 'Shift+Tab');
      await p.keyboard.press('Enter');
      await waitLog(p, `deployment.apps/${D} configured`);
      await waitTiles(p, running(4), '4 Running tiles', 20_000);
      const ownerBefore = (await tiles(p))[0].owner;
      await focusTo((label) => document.activeElement?.labels?.[0]?.textContent === label, 'Image for nginx', 'Tab', 'Image for nginx');
      await p.keyboard.press('Control+A');
      await p.keyboard.type('nginx:1.16.1');
      await p.keyboard.press('Enter');
      await waitLog(p, `$ kubectl set image deployment/${D} nginx=nginx:1.16.1\n`);
      await waitTiles(
        p,
        (t) => running(4)(t) && t.every((x) => x.owner === t[0].owner && x.owner !== ownerBefore),
        'the rollout to a new ReplicaSet',
        30_000,
      );
      const owners = new Set((await tiles(p)).map((x) => x.owner));
      return `owner now ${[...owners].join()}`;
    });

    await check('StatefulSet: ordinals with PVCs; partition, Set image and Scale', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?speed=20`);
      await waitTiles(p, running(3), '3 Running tiles');
      const editor = p.getByRole('textbox', { name: /^Manifest editor/ });
      await editor.fill(STS);
      await p.locator('.p-editor').getByRole('button', { name: 'Apply', exact: true }).click();
      await waitLog(p, 'statefulset.apps/web created');
      const sts = p.locator('article[data-statefulset="web"]');
      const webPods = (t) => t.filter((x) => x.owner === 'web');
      await waitTiles(p, (t) => running(2)(webPods(t)), 'web-0 and web-1 Running', 20_000);
      const pvcs = await sts.locator('[data-pvc]').evaluateAll((els) => els.map((e) => e.dataset.pvc));
      if (pvcs.join() !== 'www-web-0,www-web-1') throw new Error(`claims ${pvcs}`);
      await sts.getByLabel('Partition').fill('1');
      await sts.getByRole('button', { name: 'Set partition' }).click();
      await waitLog(p, `$ kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":1}}}}'\n`);
      await waitLog(p, 'statefulset.apps/web patched');
      await sts.getByLabel('Image for nginx').fill('nginx:1.16.1');
      await sts.getByRole('button', { name: 'Set image' }).click();
      await waitLog(p, '$ kubectl set image statefulset/web nginx=nginx:1.16.1\n');
      await p.waitForFunction(() => {
        const o = (n) => document.querySelector(`article[data-statefulset="web"] [data-ordinal="${n}"] .podrev`);
        return o(1)?.classList.contains('updated') && !o(0)?.classList.contains('updated');
      }, null, { timeout: 20_000 });
      await sts.getByLabel('Replicas').fill('3');
      await sts.getByLabel('Replicas').press('Enter'); // the form submits as the Scale button does
      await waitLog(p, '$ kubectl scale statefulset/web --replicas=3\n');
      await waitTiles(p, (t) => running(3)(webPods(t)) && t.some((x) => x.pod === 'web-2'), 'web-2 Running', 20_000);
    });

    await check('DaemonSet: the docs\' fluentd-elasticsearch card, a pod per node; Restart', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?speed=60`);
      await waitTiles(p, running(3), '3 Running tiles');
      await run(p, 'kubectl apply -f https://k8s.io/examples/controllers/daemonset.yaml');
      await waitLog(p, 'daemonset.apps/fluentd-elasticsearch created');
      const ds = p.getByRole('article', { name: 'DaemonSet fluentd-elasticsearch' });
      if ((await ds.getAttribute('data-daemonset')) !== 'fluentd-elasticsearch') throw new Error('no data-daemonset');
      const dsPods = (t) => t.filter((x) => x.owner === 'fluentd-elasticsearch');
      // the control plane's taint is tolerated: 4 nodes, 4 pods
      const before = await waitTiles(p, (t) => running(4)(dsPods(t)), '4 fluentd-elasticsearch pods Running', 20_000);
      const nodes = await ds.locator('[data-ds-node]').evaluateAll((els) => els.map((e) => e.dataset.dsNode));
      if (nodes.join() !== 'control-plane,node-1,node-2,node-3') throw new Error(`pods by node: ${nodes}`);
      if ((await ds.locator('[data-pod]').count()) !== 4) throw new Error('the card does not hold 4 tiles');
      const head = (await ds.locator('header').textContent()) ?? '';
      if (!/desired 4.*current 4.*ready 4.*up-to-date 4.*available 4/.test(head)) throw new Error(`header: ${head}`);
      const image = await ds.getByLabel('Image for fluentd-elasticsearch').inputValue();
      if (image !== 'quay.io/fluentd_elasticsearch/fluentd:v5.0.1') throw new Error(`image field: ${image}`);
      await ds.getByRole('button', { name: 'Restart' }).click();
      await waitLog(p, '$ kubectl rollout restart daemonset/fluentd-elasticsearch -n kube-system\n');
      await waitLog(p, 'daemonset.apps/fluentd-elasticsearch restarted');
      const old = new Set(dsPods(before).map((x) => x.pod));
      await waitTiles(
        p,
        (t) => running(4)(dsPods(t)) && dsPods(t).every((x) => !old.has(x.pod)),
        'every node\'s pod replaced',
        30_000,
      );
      if ((await p.locator('section[aria-label="Other pods"] [data-owner="fluentd-elasticsearch"]').count()) !== 0) {
        throw new Error('DaemonSet pods listed among Other pods');
      }
    });

    await check('Job and CronJob: the docs\' pi Job completes on its card; a CronJob\'s Suspend', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?speed=60`);
      await waitTiles(p, running(3), '3 Running tiles');
      await run(p, 'kubectl apply -f https://k8s.io/examples/controllers/job.yaml');
      await waitLog(p, 'job.batch/pi created');
      await run(p, 'sim advance 2m');
      const job = p.getByRole('article', { name: 'Job pi' });
      if ((await job.getAttribute('data-job')) !== 'pi') throw new Error('no data-job');
      await job.locator('[title="STATUS"]', { hasText: 'Complete' }).waitFor({ timeout: 20_000 });
      await job.locator('[data-pod][data-status="Completed"]').first().waitFor({ timeout: 10_000 });
      const completions = (await job.locator('[title="COMPLETIONS"]').textContent()) ?? '';
      if (!completions.includes('1/1')) throw new Error(`COMPLETIONS: ${completions}`);
      if ((await p.locator('section[aria-label="Other pods"] [data-owner="pi"]').count()) !== 0) {
        throw new Error('Job pods listed among Other pods');
      }
      await run(p, 'kubectl create cronjob hello --image=busybox --schedule="* * * * *" -- date');
      await waitLog(p, 'cronjob.batch/hello created');
      const cj = p.getByRole('article', { name: 'CronJob hello' });
      if ((await cj.getAttribute('data-cronjob')) !== 'hello') throw new Error('no data-cronjob');
      await cj.getByRole('button', { name: 'Suspend' }).click();
      await waitLog(p, `$ kubectl patch cronjob hello -p '{"spec":{"suspend":true}}'\n`);
      await waitLog(p, 'cronjob.batch/hello patched');
      await cj.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 5_000 });
    });

    // ---- clock and nodes ---------------------------------------------------------------------
    await check('?paused=1 starts paused; Step, Play, speed, Pause and Reset', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?paused=1`);
      const t0 = await virtualTime(p);
      await p.waitForTimeout(800);
      if ((await virtualTime(p)) !== t0 || t0 !== '0.0s') throw new Error(`paused clock moved: ${t0} → ${await virtualTime(p)}`);
      if ((await tiles(p)).some((x) => x.status === 'Running')) throw new Error('pods ran while paused');
      await p.getByRole('button', { name: 'Step' }).click();
      await waitLog(p, '$ sim advance 1s\n');
      if ((await virtualTime(p)) !== '1.0s') throw new Error(`Step: ${await virtualTime(p)}`);
      await p.getByRole('group', { name: 'Speed' }).getByRole('button', { name: '20×' }).click();
      if ((await p.getByRole('button', { name: '20×' }).getAttribute('aria-pressed')) !== 'true') throw new Error('20× not pressed');
      await p.getByRole('button', { name: 'Play clock' }).click();
      await waitTiles(p, running(3), '3 Running tiles at 20×', 10_000);
      await p.getByRole('button', { name: 'Pause clock' }).click();
      const a = await virtualTime(p);
      await p.waitForTimeout(500);
      if ((await virtualTime(p)) !== a) throw new Error('Pause did not stop the clock');
      await run(p, 'kubectl scale deployment/nginx-deployment --replicas=1');
      await p.getByRole('button', { name: 'Reset' }).click();
      await p.waitForFunction(() => !(document.querySelector('[role="log"]')?.textContent ?? '').includes('--replicas=1'), null, { timeout: 3_000 });
      if ((await virtualTime(p)) !== '0.0s') throw new Error(`Reset: clock ${await virtualTime(p)}`);
      return `clock ${a} when paused`;
    });

    await check('node menu: Fail node → NotReady after 40 s, Recover node → Ready', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?speed=60`);
      await waitTiles(p, running(3), '3 Running tiles');
      const node = p.locator('li.node[data-node-name="node-1"]');
      await node.getByText('Actions').click();
      await node.getByRole('button', { name: 'Fail node' }).click();
      await waitLog(p, '$ sim node fail node-1\n');
      // The menu closed and gave the focus back to its summary (its item changed under it).
      const menu = node.locator('details.menu');
      const focusOnSummary = () => p.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Actions for node-1');
      if (await menu.evaluate((d) => d.open)) throw new Error('the menu stayed open after its action');
      if (!(await focusOnSummary())) throw new Error('the focus did not return to the menu');
      await p.waitForFunction(() => document.querySelector('li.node[data-node-name="node-1"]')?.dataset.nodeStatus === 'NotReady', null, { timeout: 10_000 });
      // Keyboard: Enter opens, Escape closes (focus kept), then Enter, Tab, Enter recovers.
      await p.keyboard.press('Enter');
      if (!(await menu.evaluate((d) => d.open))) throw new Error('Enter did not open the menu');
      await p.keyboard.press('Escape');
      if ((await menu.evaluate((d) => d.open)) || !(await focusOnSummary())) throw new Error('Escape did not close the menu');
      await p.keyboard.press('Enter');
      await p.keyboard.press('Tab');
      const item = await p.evaluate(() => document.activeElement?.textContent);
      if (item !== 'Recover node') throw new Error(`Tab from the menu reached "${item}"`);
      await p.keyboard.press('Enter');
      await waitLog(p, '$ sim node recover node-1\n');
      await p.waitForFunction(() => document.querySelector('li.node[data-node-name="node-1"]')?.dataset.nodeStatus === 'Ready', null, { timeout: 10_000 });
    });

    await check('node menu: Drain evicts the node\'s pods within their PodDisruptionBudget, which the card shows; Uncordon', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?speed=20`);
      await waitTiles(p, running(3), '3 Running tiles');
      await run(p, 'kubectl create pdb nginx-pdb --selector=app=nginx --min-available=2');
      await waitLog(p, 'poddisruptionbudget.policy/nginx-pdb created\n');
      const badge = p.locator('article[data-deployment="nginx-deployment"] .badge.budget');
      await badge.filter({ hasText: 'pdb/nginx-pdb · allowed disruptions 1' }).waitFor({ timeout: 10_000 });
      const onNode = async () => p.evaluate(() => document.querySelectorAll('li.node[data-node-name="node-1"] li.dot').length);
      if ((await onNode()) === 0) throw new Error('no pod on node-1 to drain');
      const node = p.locator('li.node[data-node-name="node-1"]');
      await node.getByText('Actions').click();
      await node.getByRole('button', { name: 'Drain' }).click();
      await waitLog(p, '$ kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data\nnode/node-1 cordoned\n');
      await waitLog(p, 'node/node-1 drained\n', 10_000);
      await p.waitForFunction(() => document.querySelector('li.node[data-node-name="node-1"]')?.dataset.nodeStatus === 'Ready,SchedulingDisabled', null, { timeout: 10_000 });
      await waitTiles(p, running(3), '3 Running tiles again');
      if ((await onNode()) !== 0) throw new Error('pods still shown on the drained node');
      await node.getByText('Actions').click();
      await node.getByRole('button', { name: 'Uncordon' }).click();
      await waitLog(p, '$ kubectl uncordon node-1\nnode/node-1 uncordoned\n');
      await p.waitForFunction(() => document.querySelector('li.node[data-node-name="node-1"]')?.dataset.nodeStatus === 'Ready', null, { timeout: 10_000 });
    });

    await check('a corrupt saved session is reported and discarded, not fatal', async () => {
      const b = await newBrowser();
      await b.context.addInitScript(() => {
        if (!sessionStorage.getItem('seeded')) {
          sessionStorage.setItem('seeded', '1');
          localStorage.setItem('kubeplay.session', '{"v":1,"seed":');
        }
      });
      const p = await open(b, `${base}?speed=20`);
      const notice = await p.getByRole('alert').filter({ hasText: 'could not be restored' }).textContent({ timeout: 3_000 });
      await waitTiles(p, running(3), '3 Running tiles');
      const stored = await p.evaluate(() => JSON.parse(localStorage.getItem('kubeplay.session')));
      if (stored.v !== 1 || !Array.isArray(stored.cmds)) throw new Error(`stored: ${JSON.stringify(stored).slice(0, 200)}`);
      await p.getByRole('button', { name: 'Dismiss' }).click();
      if ((await p.locator('.notice').count()) !== 0) throw new Error('notice not dismissed');
      return notice.trim();
    });

    // ---- contrast ----------------------------------------------------------------------------
    await check('contrast: board, editor and timeline text ≥ 4.5:1 in light and dark', async () => {
      const b = await newBrowser();
      const p = await open(b, `${base}?paused=1`);
      await run(p, 'sim advance 30s');
      await run(p, `kubectl set image deployment/${D} nginx=nginx:1.16.1`);
      await run(p, 'sim advance 60s');
      const victim = (await tiles(p))[0].pod;
      await p.getByRole('button', { name: `Delete pod ${victim}` }).click();
      await waitTiles(p, (t) => t.some((x) => x.status === 'Terminating'), 'a Terminating tile', 5_000);
      await p.locator('.p-editor textarea').fill('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: three\n');
      await p.locator('.p-editor').getByRole('button', { name: 'Apply' }).click();
      await p.locator('.gutter .err').waitFor({ timeout: 3_000 });
      const worst = [];
      for (const scheme of ['light', 'dark']) {
        await p.emulateMedia({ colorScheme: scheme });
        await p.waitForTimeout(700); // colour transitions
        const low = await p.evaluate(() => {
          const rgba = (c) => {
            const v = (c.match(/rgba?\(([^)]+)\)/)?.[1] ?? '0,0,0,0').split(/[\s,/]+/).filter(Boolean).map(Number);
            return [v[0], v[1], v[2], v[3] ?? 1];
          };
          const over = (f, b) => [0, 1, 2].map((i) => f[i] * f[3] + b[i] * (1 - f[3])).concat(1);
          const lum = (c) => {
            const [r, g, b] = c.slice(0, 3).map((x) => {
              x /= 255;
              return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const ratio = (a, b) => {
            const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
            return (x + 0.05) / (y + 0.05);
          };
          const out = [];
          const sel = '.pod .status, .pod .pname, .pod .meta, .rs-head > *, .stat, .badge, .node-head > *, '
            + '.gutter > div, .problems .loc, .event > *, .legend li, .plot .tick, .readout, .tab button[role="tab"]';
          for (const el of document.querySelectorAll(sel)) {
            if (!el.textContent.trim() || !el.getClientRects().length) continue;
            const cs = getComputedStyle(el);
            let fg = rgba(el instanceof SVGElement ? cs.fill : cs.color);
            let alpha = 1;
            const layers = [];
            for (let e = el; e; e = e.parentElement) {
              const s = getComputedStyle(e);
              alpha *= +s.opacity;
              const bg = rgba(s.backgroundColor);
              if (bg[3] > 0) layers.push(bg);
              if (bg[3] === 1) break;
            }
            let bg = [255, 255, 255, 1];
            for (const l of layers.reverse()) bg = over(l, bg);
            fg = over([fg[0], fg[1], fg[2], fg[3] * alpha], bg);
            const r = ratio(fg, bg);
            if (r < 4.5) out.push(`${el.className.baseVal ?? el.className} "${el.textContent.trim().slice(0, 20)}" ${r.toFixed(2)}`);
          }
          return [...new Set(out)];
        });
        worst.push(...low.map((x) => `${scheme}: ${x}`));
      }
      if (worst.length) throw new Error(`text below 4.5:1:\n${worst.join('\n')}`);
    });

    // ---- screenshots -------------------------------------------------------------------------
    await check('screenshots at 1280×800 (dark) and 800×500 (light, dark)', async () => {
      const shots = [];
      for (const [w, h, scheme, pane] of [
        [1280, 800, 'dark', null],
        [800, 500, 'light', null],
        [800, 500, 'dark', 'Timeline'],
      ]) {
        const b = await newBrowser({ width: w, height: h, colorScheme: scheme });
        const p = await open(b, `${base}?speed=5`);
        await waitTiles(p, running(3), '3 Running tiles');
        await card(p, D).getByLabel('Image for nginx').fill('nginx:1.16.1');
        await card(p, D).getByRole('button', { name: 'Set image' }).click();
        if (pane) await p.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: pane }).click();
        await waitTiles(p, (t) => new Set(t.map((x) => x.owner)).size === 2, 'a rollout in progress');
        const file = screenshotPath(`playground-${w}x${h}-${scheme}${pane ? `-${pane.toLowerCase()}` : ''}.png`);
        await p.screenshot({ path: file });
        // Nothing overflows the viewport horizontally.
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) throw new Error(`${w}×${h}: page is ${overflow}px wider than the viewport`);
        shots.push(file.split('/').pop());
        await b.close();
        browsers.splice(browsers.indexOf(b), 1);
      }
      return shots.join(', ');
    });

    await check('no page errors or console errors', async () => {
      const errors = browsers.flatMap((b) => b.errors);
      if (errors.length > 0) throw new Error(errors.join('\n'));
    });
  } catch (e) {
    fail(e.stack ?? e.message ?? e);
  } finally {
    for (const b of browsers) await b.close();
    server.closeAllConnections?.();
    server.close();
  }
  return summary();
}

process.exit(await main());
