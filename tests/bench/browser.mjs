// Browser benchmark on the built app (headless Chromium): for clusters of 10,
// 100 and 1,000 pools, the time from a paste to the rendered plan in the page
// (parse, check, plan, render and the DOM), and the JavaScript API's check()
// and plan() (the plan JSON, with the full state after every step) against
// the browser's own JSON.parse of the same text; and the time from
// navigation to a rendered plan. Prints medians. Run by `cargo xtask bench`.
import { serve, launch, open } from '../e2e/harness.mjs';

function clusterJson(pools, behindEvery) {
  const list = [];
  for (let i = 0; i < pools; i++) {
    const v = i % behindEvery === 0 ? '1.33.13' : '1.34.9';
    list.push({
      name: `p${i}`, mode: i === 0 ? 'System' : 'User', count: 3 + (i % 7), vmSize: 'Standard_D4s_v5',
      type: 'VirtualMachineScaleSets', osType: 'Linux', orchestratorVersion: v, currentOrchestratorVersion: v,
      provisioningState: 'Succeeded', powerState: { code: 'Running' },
      nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.03.0', upgradeSettings: { maxSurge: '33%' },
    });
  }
  return JSON.stringify({
    id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/bench',
    name: 'bench', resourceGroup: 'rg', location: 'westeurope', kubernetesVersion: '1.34.9', currentKubernetesVersion: '1.34.9',
    provisioningState: 'Succeeded', powerState: { code: 'Running' }, maxAgentPools: 100000, agentPoolProfiles: list,
  }, null, 2);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Pastes `text` into the page and resolves to the milliseconds until `steps` steps are in the DOM. */
function pasteToRendered(page, text, steps) {
  return page.evaluate(([text, steps]) => new Promise((resolve) => {
    const area = document.querySelector('#cluster-input');
    const rendered = () => document.querySelectorAll('.steps .step').length === steps;
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (rendered()) {
        observer.disconnect();
        resolve(performance.now() - t0);
      }
    });
    observer.observe(document.querySelector('main'), { childList: true, subtree: true });
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
  }), [text, steps]);
}

/** Clears the input and waits until no plan is shown. */
async function clear(page) {
  await page.evaluate(() => {
    const area = document.querySelector('#cluster-input');
    area.value = '';
    area.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelectorAll('.steps .step').length === 0);
}

const RUNS = 7;
const site = await serve();
const browser = await launch();
try {
  // Navigation to a rendered plan for the first example.
  const nav = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(site.base);
    await page.waitForSelector('#example-select option[data-provider="aks"]', { state: 'attached' });
    const ready = Date.now() - t0;
    const v = await page.$eval('#example-select option[data-provider="aks"]', (o) => o.value);
    await page.selectOption('#example-select', v);
    await page.waitForSelector('.steps .step');
    nav.push([ready, Date.now() - t0]);
    await page.close();
  }
  const page = await open(browser, site.base);
  await page.waitForSelector('#example-select');
  const rows = [];
  for (const pools of [10, 100, 1000]) {
    const text = clusterJson(pools, 3);
    const api = await page.evaluate(async ([text, runs]) => {
      const api = window.wasmBindings;
      await api.load_planner();
      const time = (f) => { const xs = []; for (let i = 0; i < runs; i++) { const t = performance.now(); f(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); return xs[Math.floor(xs.length / 2)]; };
      const steps = JSON.parse(api.plan(text, { target: '1.36.2' })).steps.length;
      const json = time(() => JSON.parse(text));
      const check = time(() => JSON.parse(api.check(text, undefined)));
      const plan = time(() => api.plan(text, { target: '1.36.2' }).length);
      return { bytes: text.length, steps, json, check, plan };
    }, [text, RUNS]);
    const pastes = [];
    for (let i = 0; i <= RUNS; i++) {
      await clear(page);
      const ms = await pasteToRendered(page, text, api.steps);
      if (i > 0) pastes.push(ms); // the first run warms up
    }
    rows.push({ pools, ...api, paste: median(pastes) });
  }
  console.log(`navigation: app ready ${median(nav.map((x) => x[0]))} ms, plan rendered for the AKS example ${median(nav.map((x) => x[1]))} ms (median of 5)`);
  console.log(`\nheadless Chromium, medians of ${RUNS} runs; clusters of az aks show JSON, 1 pool in 3 a minor behind, planned to the newest version`);
  console.log('| pools | input bytes | steps | paste → rendered plan (ms) | JS API check() (ms) | JS API plan() (ms) | JSON.parse (ms) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.pools} | ${r.bytes} | ${r.steps} | ${r.paste.toFixed(1)} | ${r.check.toFixed(1)} | ${r.plan.toFixed(1)} | ${r.json.toFixed(2)} |`);
  }
  await page.close();
} finally {
  await browser.close();
  site.server.close();
}
