// Keyboard only: the whole flow (paste, workloads, target, strategy,
// downloads, share, copy) driven with Tab, Shift+Tab, arrow keys, Enter,
// Space and typing; no mouse, no click() and no focus() after the page has
// loaded (a file chooser opened with Space gets its files). Every stop must
// show its focus, and the order of the stops (role and accessible name, as
// Chromium computes them for assistive technology) is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { open, servedApp } from './harness.mjs';

const AKS = await fs.readFile(path.resolve(import.meta.dirname, '../../static/examples/aks-cluster.json'), 'utf8');

const app = servedApp(({ browser, site }) =>
  browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.base).origin }),
);

/** Whether the focused element's focus can be seen: 'ok' or what is wrong. */
function focusSeen() {
  const el = document.activeElement;
  if (!el || el === document.body) return 'nothing has focus';
  if (!el.matches(':focus-visible')) return 'not :focus-visible';
  const own = el.getBoundingClientRect();
  // A visually hidden control (the file input) shows its focus on its label.
  const shown = own.width < 2 || own.height < 2 ? el.closest('label') : el;
  if (!shown) return 'visually hidden, and no label shows the focus';
  const style = getComputedStyle(shown);
  if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) {
    return `outline ${style.outlineStyle} ${style.outlineWidth}`;
  }
  const r = shown.getBoundingClientRect();
  if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) return 'off screen';
  return 'ok';
}

/**
 * Drives a page with its keyboard and records every place the focus moves
 * to as `role "name"` (a command block by its first three words).
 */
class Keyboard {
  constructor(page) {
    this.page = page;
    this.stops = [];
  }

  async start() {
    this.cdp = await this.page.context().newCDPSession(this.page);
    return this;
  }

  /** Role and accessible name of the focused element, from Chromium's accessibility tree. */
  async focused() {
    const { result } = await this.cdp.send('Runtime.evaluate', { expression: 'document.activeElement' });
    const { nodes } = await this.cdp.send('Accessibility.getPartialAXTree', {
      objectId: result.objectId, fetchRelatives: false,
    });
    await this.cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    const role = nodes[0]?.role?.value ?? '?';
    const name = nodes[0]?.name?.value ?? '';
    return `${role} "${role === 'generic' ? `${name.split(' ').slice(0, 3).join(' ')} …` : name}"`;
  }

  /** Presses `key`, which moves the focus; records and returns where it went. */
  async move(key) {
    await this.page.keyboard.press(key);
    const here = await this.focused();
    assert.equal(await this.page.evaluate(focusSeen), 'ok', `the focus on ${here} can't be seen`);
    this.stops.push(here);
    return here;
  }

  tab() { return this.move('Tab'); }

  /** Presses `key` on the focused control, which must keep the focus. */
  async press(key) {
    const before = await this.focused();
    await this.page.keyboard.press(key);
    await this.stays(before);
  }

  /** The focus is still on `where` (after whatever re-rendered). */
  async stays(where) {
    assert.equal(await this.focused(), where, 'the focus moved');
    assert.equal(await this.page.evaluate(focusSeen), 'ok', `the focus on ${where} can't be seen`);
  }

  /** Tabs on until the focus reaches `stop` (at most `limit` presses). */
  async tabTo(stop, limit = 60) {
    for (let i = 0; i < limit; i++) {
      if ((await this.tab()) === stop) return;
    }
    assert.fail(`Tab never reached ${stop}: ${this.stops.join(', ')}`);
  }

  value() { return this.page.evaluate(() => document.activeElement.value); }

  text() { return this.page.evaluate(() => document.activeElement.textContent); }
}

/** Presses `key` on a download button; the file's name and text. */
async function download(page, key) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press(key)]);
  return { name: file.suggestedFilename(), text: await fs.readFile(await file.path(), 'utf8') };
}

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

/** The clipboard once it holds `text`, or after 5 s what it holds then (copying is asynchronous). */
async function clipboardOnce(page, text) {
  for (let i = 0; i < 50 && (await clipboard(page)) !== text; i++) await page.waitForTimeout(100);
  return clipboard(page);
}
const summaryHas = (page, text) =>
  page.waitForFunction((t) => document.querySelector('.summary')?.textContent.includes(t), text);
/**
 * A synthetic workload: a Deployment on an API every version serves, as
 * JSON (`kubectl get -o json`), so this test does not wait on the YAML reader.
 */
const deployment = (name) =>
  JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' } });
const workloadsRead = (page, n) =>
  page.waitForFunction((t) => document.querySelector('.workloads .summary')?.textContent.includes(t), `${n} object(s) read`);
const commands = (page) => page.$$eval('.steps .step .commands pre', (pres) => pres.map((p) => p.textContent));

const FLOW = [
  'link "Skip to the planner"',
  'combobox "Try an example"',
  'button "Open a file…"',
  'button "Clear the cluster input"',
  'textbox "Paste cluster output"',
  'button "Open files…"',
  'button "Clear the workloads"',
  'textbox "Paste workload manifests"',
  'region "Cluster components"',
  'textbox "Target version"',
  'combobox "Policy"',
  'radio "fewest-reimages"',
  'radio "lockstep"',
  'textbox "Max surge (every pool)"',
  'spinbutton "Minutes per node"',
  'checkbox "Refresh node images of pools already at the target"',
  'DisclosureTriangle "More: machine changes and a version list"',
  'textbox "Machine size changes, one per line: pool=size"',
  'DisclosureTriangle "More: machine changes and a version list"',
  'region "Strategies compared"',
  'button "Download script"',
  'button "Download runbook"',
  'button "Download JSON"',
  'button "Copy share link"',
  'textbox "Share link (secrets removed)"',
  'generic "az aks get-upgrades …"',
  'button "Copy the checks to run first"',
  'generic "az aks upgrade …"',
  'button "Copy command 1 of step 1"',
  'generic "az aks upgrade …"',
];

test('the whole flow works from the keyboard alone, with the focus always visible', async () => {
  const page = await open(app.browser, app.site.base);
  await page.waitForSelector('#example-select');
  const keys = await new Keyboard(page).start();

  // Paste: Tab past the skip link and the input tools to the paste area.
  await keys.tabTo('textbox "Paste cluster output"', 5);
  await page.keyboard.insertText(AKS);
  await page.waitForSelector('.steps .step');
  await keys.stays('textbox "Paste cluster output"');
  assert.match(await page.textContent('.summary'), /^1\.34\.9 → 1\.36\.2: .*\(fewest-reimages\)/);

  // Workloads: Space on the file button opens the chooser (several files at
  // once) and the focus stays; the section's own Clear empties it; typing in
  // its paste area keeps the focus, and Ctrl+A, Backspace empties it again.
  // (The wait starts before the Tab: Playwright turns on catching the
  // chooser asynchronously, and a press straight after could beat it.)
  const chosen = page.waitForEvent('filechooser');
  assert.equal(await keys.tab(), 'button "Open files…"');
  await page.keyboard.press(' ');
  const chooser = await chosen;
  assert.equal(chooser.isMultiple(), true);
  await chooser.setFiles([
    { name: 'web.json', mimeType: 'application/json', buffer: Buffer.from(deployment('web')) },
    { name: 'api.json', mimeType: 'application/json', buffer: Buffer.from(deployment('api')) },
  ]);
  await page.waitForSelector('#workloads-files-added');
  assert.match(await page.textContent('#workloads-files-added'), /^2 file\(s\) added/);
  await workloadsRead(page, 2);
  await keys.stays('button "Open files…"');
  assert.equal(await keys.tab(), 'button "Clear the workloads"');
  await keys.press('Enter');
  await page.waitForSelector('#workloads-files-added', { state: 'detached' });
  await page.waitForSelector('.workloads', { state: 'detached' });
  await keys.stays('button "Clear the workloads"');
  assert.equal(await page.inputValue('#cluster-input'), AKS, "the workloads' Clear left the cluster alone");
  assert.equal(await keys.tab(), 'textbox "Paste workload manifests"');
  await page.keyboard.type(deployment('web'));
  await workloadsRead(page, 1);
  await keys.stays('textbox "Paste workload manifests"');
  await page.keyboard.press('Control+A');
  await keys.press('Backspace');
  assert.equal(await keys.value(), '');
  await page.waitForSelector('.workloads', { state: 'detached' });

  // Target: type a version; Enter applies it.
  await keys.tab();
  assert.equal(await keys.tab(), 'textbox "Target version"');
  await page.keyboard.type('1.35.6');
  await keys.press('Enter');
  await summaryHas(page, '1.34.9 → 1.35.6');
  await keys.stays('textbox "Target version"');

  // Strategy: the radio group is one stop; an arrow key chooses the next strategy.
  await keys.tab();
  assert.equal(await keys.tab(), 'radio "fewest-reimages"');
  assert.equal(await keys.move('ArrowDown'), 'radio "lockstep"');
  await summaryHas(page, '(lockstep)');
  assert.equal(await page.isChecked('#strategy-lockstep'), true);
  await keys.stays('radio "lockstep"');

  // "More" opens and closes with Enter, and what it shows is reachable.
  await keys.tabTo('DisclosureTriangle "More: machine changes and a version list"', 4);
  await keys.press('Enter');
  await keys.tab();
  await keys.move('Shift+Tab');
  await keys.press('Enter');
  assert.equal(await page.$eval('details', (d) => d.open), false);

  // Downloads: Enter and Space both press a button.
  await keys.tabTo('button "Download script"', 2);
  const script = await download(page, 'Enter');
  await keys.stays('button "Download script"');
  assert.equal(script.name, 'skewplan-upgrade.sh');
  assert.match(script.text, /^#!\/usr\/bin\/env bash\n/);
  assert.match(script.text, /--control-plane-only --kubernetes-version 1\.35\.6/);
  assert.equal(await keys.tab(), 'button "Download runbook"');
  const runbook = await download(page, ' ');
  assert.equal(runbook.name, 'skewplan-runbook.md');
  assert.match(runbook.text, /^# Upgrade runbook: aks-shop-prod/);
  assert.equal(await keys.tab(), 'button "Download JSON"');
  const json = await download(page, 'Enter');
  assert.equal(json.name, 'skewplan-plan.json');
  const plan = JSON.parse(json.text);
  assert.deepEqual([plan.schema, plan.target, plan.strategy], ['skewplan.plan/v1', '1.35.6', 'lockstep']);

  // Share: the link is copied, shown in a field after the button, and reachable.
  assert.equal(await keys.tab(), 'button "Copy share link"');
  await keys.press('Enter');
  await page.waitForSelector('#share-url');
  await keys.stays('button "Copy share link"');
  assert.equal(await keys.tab(), 'textbox "Share link (secrets removed)"');
  const link = await keys.value();
  assert.ok(link.startsWith(app.site.base) && link.includes('#s='), link);
  assert.equal(await clipboardOnce(page, link), link);

  // Copy: the checks to run first (Space), then step 1's command (Enter).
  await keys.tab();
  const checks = await keys.text();
  assert.equal(await keys.tab(), 'button "Copy the checks to run first"');
  await keys.press(' ');
  await page.waitForFunction(() => document.activeElement.textContent === 'Copied');
  assert.equal(await clipboard(page), checks);
  await keys.tab();
  const command = await keys.text();
  assert.match(command, /^az aks upgrade .* --control-plane-only --kubernetes-version 1\.35\.6 --yes$/);
  assert.equal(await keys.tab(), 'button "Copy command 1 of step 1"');
  await keys.press('Enter');
  await page.waitForFunction(() => document.activeElement.textContent === 'Copied');
  assert.equal(await clipboard(page), command);
  // Shift+Tab walks back.
  await keys.move('Shift+Tab');
  assert.equal(await keys.text(), command);

  assert.deepEqual(keys.stops, FLOW);
  const steps = await commands(page);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.foreign, []);
  await page.close();

  // The share link opens the same state in a new page.
  const restored = await open(app.browser, link);
  await restored.waitForSelector('.steps .step');
  assert.match(await restored.textContent('.summary'), /^1\.34\.9 → 1\.35\.6: .*\(lockstep\)/);
  assert.equal(await restored.inputValue('#target'), '1.35.6');
  assert.equal(await restored.isChecked('#strategy-lockstep'), true);
  assert.match(await restored.inputValue('#cluster-input'), /"name": "aks-shop-prod"/);
  assert.deepEqual(await commands(restored), steps);
  assert.deepEqual(restored.errors, []);
  await restored.close();
});

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The examples list (src/examples.rs) in order: label, the format it is read as, its file. */
const EXAMPLES = [
  ['AKS cluster (az aks show)', 'aks-cluster', 'static/examples/aks-cluster.json'],
  ['AKS tables (az aks … -o table)', 'aks-cluster', 'static/examples/aks-tables.txt'],
  ['aks-engine API model', 'aks-engine-apimodel',
    'tests/fixtures/real/aks-engine/examples_kubernetes-releases_kubernetes1.21.json'],
  ['Cluster API objects (YAML)', 'cluster-api',
    'tests/fixtures/real/cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml'],
  ['AKS in Terraform (terraform show)', 'terraform-plan', 'static/examples/terraform-plan.json'],
  ['Node list (kubectl get nodes -o json)', 'kubectl-nodes', 'static/examples/kubectl-nodes.json'],
  ['EKS cluster (aws eks describe-cluster)', 'eks-cluster',
    'tests/fixtures/real/eks-gke/eks_describe-cluster_output_1.26.json'],
];

const format = (page) => page.getAttribute('#input-status .format', 'data-format');

test('arrow keys step through the examples, Clear empties the paste area, a step file downloads', async () => {
  const page = await open(app.browser, app.site.base);
  await page.waitForSelector('#example-select');
  const keys = await new Keyboard(page).start();
  await keys.tabTo('combobox "Try an example"', 2);
  await keys.press('ArrowDown');
  await page.waitForSelector('.steps .step');
  assert.equal(await format(page), 'aks-cluster');

  // Clear with Space; the example list is back at "Choose…" once left.
  await keys.tabTo('button "Clear the cluster input"', 2);
  await keys.press(' ');
  await page.waitForFunction(() => document.querySelector('#cluster-input').value === '');
  assert.equal(await page.$('.steps'), null);
  await keys.move('Shift+Tab');
  assert.equal(await keys.move('Shift+Tab'), 'combobox "Try an example"');
  assert.equal(await keys.value(), '');

  // Each arrow press loads the next example, down to the last; ArrowUp
  // walks back to the Cluster API one (YAML: the reader module loads).
  assert.deepEqual(
    await page.$$eval('#example-select option', (os) => os.map((o) => o.textContent)),
    ['Choose…', ...EXAMPLES.map(([label]) => label)]);
  // (A textarea's value has LF line breaks; the EKS fixture has CRLF.)
  const texts = await Promise.all(EXAMPLES.map(async ([, , file]) =>
    (await fs.readFile(path.resolve(ROOT, file), 'utf8')).replaceAll('\r\n', '\n')));
  const walk = [0, 1, 2, 3, 4, 5, 6].map((i) => ['ArrowDown', i]).concat([5, 4, 3].map((i) => ['ArrowUp', i]));
  for (const [key, i] of walk) {
    await keys.press(key);
    // Two neighbours are both read as aks-cluster: the text tells them apart.
    await page.waitForFunction(
      ([text, f]) => document.querySelector('#cluster-input').value === text
        && document.querySelector('#input-status .format')?.dataset.format === f,
      [texts[i], EXAMPLES[i][1]], { timeout: 5000 });
    assert.equal(await keys.value(), String(i), EXAMPLES[i][0]);
  }
  await page.waitForSelector('.steps .step');

  // A Cluster API step offers its patch file.
  const name = await page.$eval('.step button.download', (b) => b.textContent);
  assert.match(name, /^Download step-\d\d-.+-kubernetes-version-patch\.yaml$/);
  await keys.tabTo(`button "${name}"`, 80);
  assert.equal(await page.$eval('#example-select', (s) => s.value), '', 'the list went back to "Choose…"');
  const patch = await download(page, 'Enter');
  assert.equal(`Download ${patch.name}`, name);
  assert.match(patch.text, /^apiVersion: /);
  assert.match(patch.text, /\n {2}version: /);

  // No trap: Tab goes on to the end of the page, leaves it, and comes round
  // to the skip link again.
  keys.stops = [];
  let left = false;
  for (let i = 0; i < 300 && !(left && keys.stops.at(-1) === 'link "Skip to the planner"'); i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement === document.body)) {
      left = true;
    } else {
      keys.stops.push(await keys.focused());
      assert.equal(await page.evaluate(focusSeen), 'ok', `the focus on ${keys.stops.at(-1)} can't be seen`);
    }
  }
  assert.ok(left, `Tab never left the page: ${keys.stops.join(', ')}`);
  assert.equal(keys.stops.at(-1), 'link "Skip to the planner"');
  assert.deepEqual(page.errors, []);
  await page.close();
});
