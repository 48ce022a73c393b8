// End to end: the page with both inputs, a cluster and its workloads, marks
// the hop the workloads block on the steps and on the chart; with the
// manifest migrated it plans through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { serve, launch, open } from './harness.mjs';

let site;
let browser;

before(async () => {
  site = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.server.close();
});

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/real');
const INGRESS = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n';
const PDB_TABLE = 'NAMESPACE  NAME  MIN AVAILABLE  MAX UNAVAILABLE  ALLOWED DISRUPTIONS  AGE\nshop  db  N/A  0  0  3d\n';

test('a cluster at 1.21 with an extensions/v1beta1 Ingress, planned to 1.23, is blocked at the hop to 1.22', async () => {
  const capi = await fs.readFile(path.join(FIXTURES, 'cluster-api/capi_docker_simple-cluster_v1beta1_v1.27.3.yaml'), 'utf8');
  const page = await open(browser, site.base);
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
