// The app shell loads from dist/, shows the product and its input, and makes
// no request beyond its own files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, servedApp } from './harness.mjs';

const app = servedApp();

test('the page shows the product name, its purpose and a labelled input', async () => {
  const page = await open(app.browser, app.site.base);
  await page.waitForSelector('h1');
  assert.equal(await page.textContent('h1'), 'Skewplan');
  assert.match(await page.textContent('.tagline'), /version skew valid at every step/);
  const input = page.getByLabel('Paste cluster output');
  assert.equal(await input.count(), 1);
  await input.fill('{"name": "typed"}');
  assert.equal(await input.inputValue(), '{"name": "typed"}');
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.errors, []);
  await page.close();
});
