// Offline use: the one-file build opened from disk (file://), and the served
// page after one visit with the network gone. Both plan the AKS example and
// read a YAML paste (the Cluster API example, read by the YAML module).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch } from './harness.mjs';

const SINGLE = process.env.SKEWPLAN_SINGLE ?? path.resolve(import.meta.dirname, '../../dist-single/skewplan.html');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A page that records every request and every error. */
async function watched(context) {
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`${m.text()} (${m.location().url})`); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) page.errors.push(`${r.status()} ${r.url()}`); });
  return page;
}

async function firstStep(page, provider) {
  const value = await page.$eval(`#example-select option[data-provider="${provider}"]`, (o) => o.value);
  await page.selectOption('#example-select', value);
  await page.waitForSelector('.steps .step');
  return page.getAttribute('.steps .step', 'data-action');
}

test('the one-file build plans from file://, YAML included, and asks for nothing else', async () => {
  assert.ok(fs.existsSync(SINGLE), `${SINGLE} is missing: run \`cargo xtask dist --single-file\``);
  const html = fs.readFileSync(SINGLE, 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|https?:|\*/);
  assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)="(?!data:)/, 'nothing is loaded from a file or URL');
  const page = await watched(browser);
  await page.goto(pathToFileURL(SINGLE).href);
  await page.waitForSelector('#example-select');
  assert.equal(await firstStep(page, 'aks'), 'upgrade-control-plane');
  assert.equal(await firstStep(page, 'cluster-api'), 'upgrade-control-plane');
  assert.deepEqual(page.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('after one visit the served page plans with the network off, YAML included', async () => {
  const site = await serve();
  const page = await watched(browser);
  await page.goto(site.base);
  await page.waitForSelector('#example-select');
  // Until something is planned, only the interface has loaded.
  assert.deepEqual(page.requests.filter((u) => /\/(engine|yaml)\/|sw\.js/.test(u)), []);
  // Planning loads the planner, which registers the service worker; it is
  // active once it has cached every file.
  assert.equal(await firstStep(page, 'aks'), 'upgrade-control-plane');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await browser.setOffline(true);
  site.server.closeAllConnections?.();
  await new Promise((resolve) => site.server.close(resolve));
  try {
    await page.reload();
    await page.waitForSelector('#example-select');
    assert.equal(await firstStep(page, 'aks'), 'upgrade-control-plane');
    assert.equal(await firstStep(page, 'cluster-api'), 'upgrade-control-plane');
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.setOffline(false);
    await page.close();
  }
});
