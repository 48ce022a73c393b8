// Shared end-to-end harness: a static server over dist/ on a random loopback
// port, and Debian's Chromium driven by playwright-core with every request
// that leaves the origin recorded (and refused).
import { before, after } from 'node:test';
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export const DIST = process.env.SKEWPLAN_DIST ?? path.resolve(import.meta.dirname, '../../dist');

/** Serves `dir` under `prefix` (e.g. "/" or "/tools/skewplan/"); resolves to the base URL. */
export async function serve(dir = DIST, prefix = '/') {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(path.resolve(dir))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, base: `http://127.0.0.1:${port}${prefix}` };
}

/** Launches headless Chromium with a fresh profile and no background traffic. */
export async function launch() {
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'skewplan-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  return context;
}

/**
 * Opens `url` in a new page; every request to another origin is aborted and
 * recorded in `page.foreign`, console errors in `page.errors`.
 */
export async function open(context, url) {
  const page = await context.newPage();
  const origin = new URL(url).origin;
  page.foreign = [];
  page.errors = [];
  await page.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith('data:') || target.startsWith('blob:')) {
      return route.continue();
    }
    page.foreign.push(target);
    return route.abort();
  });
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  await page.goto(url);
  return page;
}

/** The served dist/ and one browser for a test file: started before its
 * tests (then `prepare(app)`, if given), closed after them. */
export function servedApp(prepare) {
  const app = {};
  before(async () => {
    app.site = await serve();
    app.browser = await launch();
    await prepare?.(app);
  });
  after(async () => {
    await app.browser?.close();
    app.site?.server.close();
  });
  return app;
}
