// End to end: the built app in headless Chromium, driven like a person would.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { serve, open, DIST, servedApp } from './harness.mjs';

const SHOTS = path.resolve(import.meta.dirname, 'screenshots');
const app = servedApp();

before(async () => {
  await fs.mkdir(SHOTS, { recursive: true });
});

async function ready(page) {
  await page.waitForSelector('#example-select');
}

async function pickExample(page, provider) {
  const value = await page.$eval(`#example-select option[data-provider="${provider}"]`, (o) => o.value);
  await page.selectOption('#example-select', value);
  await page.waitForSelector('.steps .step, .blocked');
}

const FIRST_STEP = {
  aks: 'upgrade-control-plane',
  // The same AKS cluster as `az aks show` and `az aks nodepool list -o table` print it.
  'aks-table': 'upgrade-control-plane',
  // aks-engine recommends --control-plane-only hops (then update and roll the pools).
  'aks-engine': 'upgrade-control-plane',
  'cluster-api': 'upgrade-control-plane',
  'kubectl-nodes': 'upgrade-control-plane',
  eks: 'upgrade-control-plane',
  // Terraform: the control plane's kubernetes_version first, as the azurerm provider applies it.
  terraform: 'upgrade-control-plane',
};

test('each provider example gives a plan with the expected first step', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  for (const [provider, action] of Object.entries(FIRST_STEP)) {
    await pickExample(page, provider);
    const first = await page.getAttribute('.steps .step', 'data-action');
    assert.equal(first, action, `${provider}: first step`);
    assert.ok(await page.isVisible('.chart svg'), `${provider}: chart`);
  }
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

const PLANTED = 'PLANTED-secret-5c1b';
const CLUSTER = JSON.stringify({
  name: 'prod', resourceGroup: 'rg-prod', location: 'westeurope',
  kubernetesVersion: '1.34.9', currentKubernetesVersion: '1.34.9', provisioningState: 'Succeeded', maxAgentPools: 100,
  servicePrincipalProfile: { clientId: 'msi', secret: PLANTED },
  agentPoolProfiles: [
    { name: 'system', mode: 'System', count: 3, vmSize: 'Standard_D4s_v5', type: 'VirtualMachineScaleSets',
      orchestratorVersion: '1.34.9', currentOrchestratorVersion: '1.34.9', provisioningState: 'Succeeded' },
    { name: 'apps', mode: 'User', count: 5, vmSize: 'Standard_D8s_v5', type: 'VirtualMachineScaleSets',
      orchestratorVersion: '1.33.13', currentOrchestratorVersion: '1.33.13', provisioningState: 'Succeeded' },
  ],
}, null, 2);

test('paste, change target and strategy: the plan follows', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  await page.fill('#cluster-input', CLUSTER);
  await page.waitForSelector('.steps .step');
  assert.match(await page.textContent('.summary'), /1\.34\.9 → 1\.36\.2/);
  const stepsBefore = await page.$$eval('.steps .step', (s) => s.length);

  await page.fill('#target', '1.35.6');
  await page.press('#target', 'Tab');
  await page.waitForFunction(() => document.querySelector('.summary')?.textContent.includes('→ 1.35.6'));
  await page.check('#strategy-lockstep');
  await page.waitForFunction(() => document.querySelector('.summary')?.textContent.includes('lockstep'));
  const stepsAfter = await page.$$eval('.steps .step', (s) => s.length);
  assert.notEqual(stepsAfter, stepsBefore);
  assert.deepEqual(page.foreign, []);
  await page.close();
});

test('the paste hint names every kind; a table of another kind says which output to paste', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  const hint = await page.textContent('#cluster-input-hint');
  for (const kind of ['az aks show', 'az aks nodepool list', 'az aks get-upgrades', 'az aks get-versions', '-o table',
    'apimodel.json', 'ARM template', 'Cluster API', 'Konvoy', 'kubectl get nodes', '-o wide', 'aws eks describe-cluster',
    'gcloud container clusters describe', 'command line']) {
    assert.ok(hint.includes(kind), `the hint names ${kind}: ${hint}`);
  }
  await page.fill('#cluster-input', '$ kubectl get pods\nNAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          3d\n');
  await page.waitForSelector('#input-status.error');
  assert.match(await page.textContent('#input-status'), /kubectl get pods.*paste `kubectl get nodes -o wide`/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a broken paste shows the error with its line and keeps the text', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  const broken = CLUSTER.replace('"rg-prod",', '"rg-prod"');
  await page.fill('#cluster-input', broken);
  await page.waitForSelector('#input-status.error');
  const where = await page.textContent('#input-status .where');
  assert.match(where, /^Line \d+, column \d+/);
  assert.match(await page.textContent('#input-status'), /JSON syntax error at line \d+, column \d+/);
  assert.equal(await page.inputValue('#cluster-input'), broken);
  await page.close();
});

test('the planner loads on first need; when it cannot be fetched the page says so, keeps the text, and recovers', async () => {
  const page = await open(app.browser, app.site.base);
  // Earlier tests planned, so a service worker serves this origin from its
  // cache (beyond the reach of page.route): start without it.
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  });
  await page.reload();
  await ready(page);
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)
    .filter((u) => u.includes('/engine/')));
  assert.deepEqual(await fetched(), [], 'the first load is the interface alone');
  await page.route('**/engine/**', (route) => route.abort());
  await page.fill('#cluster-input', CLUSTER);
  const notice = 'section[aria-labelledby="input-heading"] .status.error';
  await page.waitForSelector(notice);
  assert.match(await page.textContent(notice), /The planner could not be loaded/);
  assert.equal(await page.inputValue('#cluster-input'), CLUSTER);
  assert.equal(await page.$('.steps .step'), null);
  // With the network back, the next try loads it and plans.
  await page.unroute('**/engine/**');
  page.errors.length = 0;
  await page.fill('#cluster-input', `${CLUSTER}\n`);
  await page.waitForSelector('.steps .step');
  assert.equal(await page.$(notice), null);
  assert.ok((await fetched()).length > 0);
  await page.close();
});

test('an opened file is read without its byte-order mark, or says where it is not UTF-8', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CLUSTER)]);
  await page.setInputFiles('#file-input', { name: 'cluster.json', mimeType: 'application/json', buffer: withBom });
  await page.waitForSelector('.steps .step');
  assert.equal(await page.inputValue('#cluster-input'), CLUSTER);

  const notUtf8 = Buffer.from('{\n  "name": "pr\xffod"\n}', 'latin1');
  await page.setInputFiles('#file-input', { name: 'bad.json', mimeType: 'application/json', buffer: notUtf8 });
  const notice = 'section[aria-labelledby="input-heading"] .status.error';
  await page.waitForSelector(notice);
  assert.match(await page.textContent(notice), /not UTF-8 text: invalid byte at offset 15 \(line 2, column 14\)/);
  assert.equal(await page.inputValue('#cluster-input'), CLUSTER, 'the text is kept');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('copy puts the command on the clipboard', async () => {
  const page = await open(app.browser, app.site.base);
  await app.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.site.base).origin });
  await ready(page);
  await pickExample(page, 'aks');
  const command = await page.textContent('.steps .step .commands pre');
  await page.click('.steps .step .commands button.copy');
  await page.waitForFunction(() => document.querySelector('.steps .step .commands button.copy')?.textContent === 'Copied');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, command);
  assert.match(clip, /^az aks upgrade /);
  await page.close();
});

async function downloadOf(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await fs.readFile(file, 'utf8') };
}

test('every download produces its file', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  await page.fill('#cluster-input', CLUSTER);
  await page.waitForSelector('.steps .step');
  const script = await downloadOf(page, () => page.click('text=Download script'));
  assert.equal(script.name, 'skewplan-upgrade.sh');
  assert.match(script.text, /^#!\/usr\/bin\/env bash/);
  assert.match(script.text, /set -euo pipefail/);
  const runbook = await downloadOf(page, () => page.click('text=Download runbook'));
  assert.equal(runbook.name, 'skewplan-runbook.md');
  assert.match(runbook.text, /^# Upgrade runbook: prod/);
  const json = await downloadOf(page, () => page.click('text=Download JSON'));
  assert.equal(json.name, 'skewplan-plan.json');
  assert.equal(JSON.parse(json.text).schema, 'skewplan.plan/v1');
  // AKS steps are az commands only; a Cluster API step downloads its patch file.
  assert.equal(await page.locator('.step button.download').count(), 0);
  await pickExample(page, 'cluster-api');
  const patch = await downloadOf(page, () => page.click('.step button.download >> nth=0'));
  assert.match(patch.name, /^step-\d\d-.+-kubernetes-version-patch\.yaml$/);
  assert.match(patch.text, /^apiVersion: /);
  assert.match(patch.text, /\n {2}version: /);
  for (const f of [script, runbook, json, patch]) {
    assert.ok(!f.text.includes(PLANTED), `${f.name} leaks the planted secret`);
  }
  await page.close();
});

test('the share link restores the page and carries no secret', async () => {
  const page = await open(app.browser, app.site.base);
  await app.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.site.base).origin });
  await ready(page);
  await page.fill('#cluster-input', CLUSTER);
  await page.waitForSelector('.steps .step');
  await page.check('#strategy-control-plane-first');
  await page.waitForFunction(() => document.querySelector('.summary')?.textContent.includes('control-plane-first'));
  await page.click('button.share');
  await page.waitForSelector('#share-url');
  const link = await page.inputValue('#share-url');
  assert.ok(link.startsWith(app.site.base) && link.includes('#s='), link);
  assert.ok(!link.includes(PLANTED));
  await page.close();

  const restored = await open(app.browser, link);
  await restored.waitForSelector('.steps .step');
  assert.match(await restored.textContent('.summary'), /control-plane-first/);
  const input = await restored.inputValue('#cluster-input');
  assert.match(input, /"name": "prod"/);
  assert.ok(!input.includes(PLANTED), 'the restored input has no secret');
  assert.match(input, /"secret": "REDACTED"/);
  await restored.close();
});

test('?embed shows only the planner', async () => {
  const page = await open(app.browser, `${app.site.base}?embed`);
  await ready(page);
  assert.equal(await page.$('header.app-header'), null);
  assert.ok(await page.isVisible('#cluster-input'));
  await pickExample(page, 'cluster-api');
  assert.ok(await page.isVisible('.steps .step'));
  await page.close();
});

test('the JavaScript API returns plan and check JSON', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  const result = await page.evaluate(async (text) => {
    const api = window.wasmBindings;
    // The planner is a module of its own, loaded on first need.
    const early = JSON.parse(api.plan(text, undefined));
    await api.load_planner();
    return { early, plan: api.plan(text, { target: '1.35.6', strategy: 'lockstep' }), check: api.check(text), bad: api.plan('{', undefined) };
  }, CLUSTER);
  assert.equal(result.early.kind.kind, 'planner-not-loaded', 'nothing was planned yet: the planner had not loaded');
  assert.match(result.early.error, /load_planner\(\)/);
  const plan = JSON.parse(result.plan);
  assert.equal(plan.schema, 'skewplan.plan/v1');
  assert.equal(plan.target, '1.35.6');
  assert.equal(plan.strategy, 'lockstep');
  assert.equal(plan.steps[0].action, 'upgrade-control-plane');
  assert.ok(!result.plan.includes(PLANTED));
  const check = JSON.parse(result.check);
  assert.equal(check.schema, 'skewplan.check/v1');
  assert.match(JSON.parse(result.bad).error, /JSON syntax error at line 1/);
  await page.close();
});

test('no request leaves the origin and the CSP allows only self', async () => {
  const page = await open(app.browser, app.site.base);
  await ready(page);
  await pickExample(page, 'aks');
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:/);
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The page judges the embedded version data's age by the browser's date:
// tests pin it, so nothing here changes with the calendar.
const FRESH = new Date('2026-08-01T12:00:00');
const STALE = new Date('2026-12-01T12:00:00');

test('a plan from version data older than 90 days says so once, and asks for az aks get-upgrades', async () => {
  for (const [now, shown] of [[STALE, 1], [FRESH, 0]]) {
    const page = await open(app.browser, app.site.base);
    await page.clock.setFixedTime(now);
    await page.reload();
    await ready(page);
    await page.fill('#cluster-input', CLUSTER);
    await page.waitForSelector('.steps .step');
    const warnings = await page.$$eval('.finding', (fs) =>
      fs.map((f) => f.textContent).filter((t) => t.includes('plan.version-data-stale')));
    assert.equal(warnings.length, shown, `${now.toISOString()}: ${warnings}`);
    if (shown) {
      assert.match(warnings[0], /describes 2026-07-17, 137 days before today \(2026-12-01\)/);
      assert.match(warnings[0], /az aks get-upgrades -o json/);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, 'stale-version-data-1280-light.png'), fullPage: true });
    }
    const api = await page.evaluate((text) => JSON.parse(window.wasmBindings.plan(text, { today: '2026-10-15' })), CLUSTER);
    assert.ok(!api.findings.some((f) => f.rule === 'plan.version-data-stale'), 'the API option `today` wins');
    await page.close();
  }
});

test('screenshots at 1280 and 390 px, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const width of [1280, 390]) {
      const page = await app.browser.newPage();
      await page.clock.setFixedTime(FRESH);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await page.goto(app.site.base);
      await ready(page);
      await pickExample(page, 'aks');
      const file = path.join(SHOTS, `plan-${width}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${width}px ${scheme}: the page is ${overflow}px wider than the screen`);
      await page.close();
    }
  }
});

test('the build for a sub-path works under /tools/skewplan/', async () => {
  const dir = process.env.SKEWPLAN_DIST_SUBPATH ?? path.resolve(DIST, '../dist-subpath');
  const html = await fs.readFile(path.join(dir, 'index.html'), 'utf8');
  assert.match(html, /\/tools\/skewplan\/skewplan-web-/);
  const sub = await serve(dir, '/tools/skewplan/');
  try {
    const page = await open(app.browser, sub.base);
    await ready(page);
    await pickExample(page, 'aks-engine');
    assert.equal(await page.getAttribute('.steps .step', 'data-action'), 'upgrade-control-plane');
    assert.deepEqual(page.foreign, []);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    sub.server.close();
  }
});

// Workloads: the page with both inputs, a cluster and its workloads, marks
// the hop the workloads block on the steps and on the chart; with the manifest
// migrated it plans through.
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/real');
const INGRESS = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n';
const PDB_TABLE = 'NAMESPACE  NAME  MIN AVAILABLE  MAX UNAVAILABLE  ALLOWED DISRUPTIONS  AGE\nshop  db  N/A  0  0  3d\n';

test('a cluster at 1.21 with an extensions/v1beta1 Ingress, planned to 1.23, is blocked at the hop to 1.22', async () => {
  const capi = await fs.readFile(path.join(FIXTURES, 'cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml'), 'utf8');
  const page = await open(app.browser, app.site.base);
  await page.waitForSelector('#cluster-input');
  await page.fill('#cluster-input', capi.replaceAll('v1.27.3', 'v1.21.14'));
  await page.waitForSelector('#target');
  await page.fill('#target', '1.23');
  await page.press('#target', 'Tab');
  await page.fill('#workloads-input', INGRESS);
  await page.setInputFiles('#workloads-files', [
    { name: 'pdb.txt', mimeType: 'text/plain', buffer: Buffer.from(PDB_TABLE) },
    { name: 'cronjob.yaml', mimeType: 'text/yaml', buffer: await fs.readFile(path.join(FIXTURES, 'workloads/descheduler_v0.20.0_cronjob.yaml')) },
  ]);
  await page.waitForSelector('#workloads-files-added');
  await page.waitForSelector('.steps .blocked-hop[data-hop="1.22"]');
  assert.match(await page.textContent('.steps .blocked-hop'), /hop to 1\.22.*Ingress shop\/web \(extensions\/v1beta1 -> networking\.k8s\.io\/v1, workloads-1:1\)/s);
  assert.ok(await page.isVisible('.chart .blocked-hop[data-hop="1.22"]'), 'the chart marks the blocked hop');
  const rules = await page.$$eval('.workload-findings li', (l) => l.map((x) => x.dataset.rule));
  assert.deepEqual(rules, ['workloads.api-removed', 'workloads.api-deprecated', 'workloads.pdb-blocks-drain']);
  assert.match(await page.textContent('.blocked'), /workloads\.api-removed/);

  await page.fill('#workloads-input', INGRESS.replace('extensions/v1beta1', 'networking.k8s.io/v1'));
  await page.waitForFunction(() => !document.querySelector('.steps .blocked-hop'));
  const last = await page.$$eval('.steps .step', (s) => s.map((x) => x.textContent).join('\n'));
  assert.match(last, /1\.23\./, 'the migrated manifest plans through to 1.23');
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// A JSON cluster input with YAML workloads: the YAML reader (loaded on demand)
// is fetched for the workloads too.
test('YAML workloads with a JSON cluster input are read once the YAML reader loads', async () => {
  const nodes = await fs.readFile(path.join(FIXTURES, 'kubectl-nodes/eks_NodeList_2nodes_arm64_v1.21.2-13.json'), 'utf8');
  const page = await open(app.browser, app.site.base);
  await page.waitForSelector('#cluster-input');
  await page.fill('#cluster-input', nodes);
  await page.waitForSelector('#cp-version');
  await page.fill('#cp-version', '1.21.2');
  await page.press('#cp-version', 'Tab');
  await page.fill('#target', '1.23');
  await page.press('#target', 'Tab');
  await page.fill('#workloads-input', INGRESS);
  await page.waitForSelector('.steps .blocked-hop[data-hop="1.22"]');
  assert.match(await page.textContent('.steps .blocked-hop'), /Ingress shop\/web \(extensions\/v1beta1 -> networking\.k8s\.io\/v1/);
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
