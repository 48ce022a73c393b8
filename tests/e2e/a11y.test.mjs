// Accessibility: axe-core's WCAG 2.1 A/AA rules on the page, empty and with a
// plan, in light and dark schemes. axe runs through the DevTools protocol, so
// the page's own CSP stays as strict as it ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { open, servedApp } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = await fs.readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const app = servedApp();

async function violations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`no WCAG 2.1 A/AA violation, empty and with a plan (${scheme})`, async () => {
    const page = await open(app.browser, app.site.base);
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForSelector('#example-select');
    assert.deepEqual(await violations(page), [], 'empty page');
    const value = await page.$eval('#example-select option[data-provider="aks"]', (o) => o.value);
    await page.selectOption('#example-select', value);
    await page.waitForSelector('.steps .step');
    assert.deepEqual(await violations(page), [], 'page with a plan');
    assert.deepEqual(page.errors, []);
    // The audit is live: an image without a text alternative is reported.
    await page.evaluate(() => document.querySelector('main, body').append(document.createElement('img')));
    assert.ok((await violations(page)).some((v) => v.startsWith('image-alt')), 'axe reports a planted violation');
    await page.close();
  });
}
