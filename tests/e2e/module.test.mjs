// End to end: the ES module package (`cargo xtask dist --module`) embedded in a
// plain page without an iframe, exactly as README.md shows it, served on
// loopback under a Content-Security-Policy that allows nothing foreign.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open } from './harness.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODULE = process.env.SKEWPLAN_MODULE ?? path.join(ROOT, 'dist-module/skewplan');
const CLUSTER = JSON.stringify({
  name: 'prod', resourceGroup: 'rg', kubernetesVersion: '1.34.9', currentKubernetesVersion: '1.34.9',
  provisioningState: 'Succeeded',
  agentPoolProfiles: [{
    name: 'system', mode: 'System', count: 3, orchestratorVersion: '1.34.9', currentOrchestratorVersion: '1.34.9',
    provisioningState: 'Succeeded',
  }],
});

let site;
let browser;

/** The README's example files: the fenced block after each `<!-- module-example: NAME -->`. */
async function readmeExample() {
  const readme = await fs.readFile(path.join(ROOT, 'README.md'), 'utf8');
  const files = {};
  for (const m of readme.matchAll(/<!-- module-example: (\S+) -->\n```\w*\n([\s\S]*?)```/g)) files[m[1]] = m[2];
  return files;
}

before(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'skewplan-module-'));
  const files = await readmeExample();
  assert.deepEqual(Object.keys(files).sort(), ['index.html', 'page.js'], 'README shows the page and its script');
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  await fs.cp(MODULE, path.join(dir, 'skewplan'), { recursive: true });
  site = await serve(dir, '/');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

test('the module package holds its files', async () => {
  const names = (await fs.readdir(MODULE)).sort();
  assert.deepEqual(names, ['package.json', 'skewplan.d.ts', 'skewplan.js', 'skewplan_bg.wasm']);
  const manifest = JSON.parse(await fs.readFile(path.join(MODULE, 'package.json'), 'utf8'));
  assert.equal(manifest.types, 'skewplan.d.ts');
  const types = await fs.readFile(path.join(MODULE, 'skewplan.d.ts'), 'utf8');
  assert.equal(types, await fs.readFile(path.join(ROOT, 'docs/skewplan.d.ts'), 'utf8'));
});

test('a plain page imports the module and renders a plan under a strict CSP', async () => {
  const page = await open(browser, site.base);
  await page.fill('#cluster', CLUSTER);
  // The module loads asynchronously: click until the handler is attached and answers.
  await page.waitForFunction(() => {
    document.querySelector('#go').click();
    return document.querySelector('#status').textContent !== '';
  });
  const status = await page.textContent('#status');
  assert.match(status, /^skewplan\.plan\/v1, Skewplan \d+\.\d+\.\d+: to 1\.\d+\.\d+$/);
  const steps = await page.$$eval('#steps li', (items) => items.map((i) => i.textContent));
  assert.ok(steps.length > 0, 'the plan has steps');
  assert.match(steps[0], /^upgrade-control-plane: /);
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /^default-src 'none'; /);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|https?:|\*/);
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a bad call on the page answers an error naming its field, then a good call plans', async () => {
  const page = await open(browser, site.base);
  const answers = await page.evaluate(async () => {
    const { default: init, plan, check, version } = await import('./skewplan/skewplan.js');
    await init();
    const bad = [plan(null), plan('{}', { minutes_per_node: NaN }), check(7, []), plan('{}', { colour: 1 })];
    return { bad: bad.map((a) => JSON.parse(a)), version: version() };
  });
  assert.deepEqual(answers.bad.map((a) => a.field), ['input', 'minutes_per_node', 'input', 'colour']);
  assert.equal(answers.version.plan_schema, 'skewplan.plan/v1');
  await page.fill('#cluster', CLUSTER);
  await page.click('#go');
  assert.match(await page.textContent('#status'), /^skewplan\.plan\/v1/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
