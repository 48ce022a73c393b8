// Browser benchmark on the built app (headless Chromium): parse + check and
// parse + check + plan for a 1,000-pool cluster against the browser's own
// JSON.parse of the same text, and the time from navigation to a rendered
// plan. Prints medians. Run by `cargo xtask bench`.
import { serve, launch, open } from '../e2e/harness.mjs';

function clusterJson(pools, behindEvery) {
  const list = [];
  for (let i = 0; i < pools; i++) {
    const v = i % behindEvery === 0 ? '1.30.14' : '1.31.13';
    list.push({
      name: `p${i}`, mode: i === 0 ? 'System' : 'User', count: 3 + (i % 7), vmSize: 'Standard_D4s_v5',
      type: 'VirtualMachineScaleSets', osType: 'Linux', orchestratorVersion: v, currentOrchestratorVersion: v,
      provisioningState: 'Succeeded', powerState: { code: 'Running' },
      nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202510.03.0', upgradeSettings: { maxSurge: '33%' },
    });
  }
  return JSON.stringify({
    id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/bench',
    name: 'bench', resourceGroup: 'rg', location: 'westeurope', kubernetesVersion: '1.31.13', currentKubernetesVersion: '1.31.13',
    provisioningState: 'Succeeded', powerState: { code: 'Running' }, maxAgentPools: 100000, agentPoolProfiles: list,
  }, null, 2);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

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
  const results = {};
  for (const [pools, behind] of [[1000, 3], [1000, 100]]) {
    const text = clusterJson(pools, behind);
    results[`${pools} pools, 1 in ${behind} behind`] = await page.evaluate(([text, runs]) => {
      const api = window.wasmBindings;
      const time = (f) => { const xs = []; for (let i = 0; i < runs; i++) { const t = performance.now(); f(); xs.push(performance.now() - t); } xs.sort((a, b) => a - b); return xs[Math.floor(xs.length / 2)]; };
      const json = time(() => JSON.parse(text));
      const check = time(() => JSON.parse(api.check(text, undefined)));
      const plan = time(() => api.plan(text, { target: '1.33.5' }).length);
      return { bytes: text.length, json, check, plan };
    }, [text, 7]);
  }
  console.log(`navigation: app ready ${median(nav.map((x) => x[0]))} ms, plan rendered for the AKS example ${median(nav.map((x) => x[1]))} ms (median of 5)`);
  console.log('input                       bytes   JSON.parse ms   parse+check ms   ratio   parse+check+plan+render ms   ratio');
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(26)} ${String(r.bytes).padStart(7)} ${r.json.toFixed(1).padStart(15)} ${r.check.toFixed(1).padStart(16)} ${(r.check / r.json).toFixed(1).padStart(7)} ${r.plan.toFixed(1).padStart(28)} ${(r.plan / r.json).toFixed(1).padStart(7)}`);
  }
  await page.close();
} finally {
  await browser.close();
  site.server.close();
}
