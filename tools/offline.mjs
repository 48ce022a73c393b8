// Writes sw.js into a built dist/: a service worker that caches the app's own
// files so the page works with the network off after one visit. The cache is
// named after a hash of every file it holds, so a new release (any changed
// byte) installs a new cache and deletes the old one. Called by csp.mjs
// after the Content-Security-Policy is in index.html.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/** The app's files under `dir` (relative, `/`-separated), sw.js and the type definitions excepted. */
function appFiles(dir, sub = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...appFiles(dir, rel));
    else if (rel !== 'sw.js' && !rel.endsWith('.d.ts')) out.push(rel);
  }
  return out.sort();
}

export function writeServiceWorker(dir) {
  const files = appFiles(dir);
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  const version = hash.digest('hex').slice(0, 16);
  const sw = `// Skewplan's service worker (written by tools/offline.mjs): the app's own
// files, cached on the first visit, so the page works offline afterwards.
const CACHE = 'skewplan-${version}';
const FILES = ${JSON.stringify(['./', ...files])};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

// A new release's cache replaces the others.
self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('skewplan-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The page itself from the network when there is one (a new release shows at
// once), else from the cache; its files (named by content) from the cache.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (request.mode === 'navigate') {
      try {
        return await fetch(request);
      } catch (err) {
        const page = await cache.match('./');
        if (page) return page;
        throw err;
      }
    }
    return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
  })());
});
`;
  fs.writeFileSync(path.join(dir, 'sw.js'), sw);
  return version;
}
