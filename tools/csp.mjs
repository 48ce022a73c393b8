// Trunk post-build hook: adds a strict Content-Security-Policy to index.html.
// Scripts are allowed from the page's own origin plus the one inline module
// trunk writes (by its SHA-256), so the policy needs no 'unsafe-inline'.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('csp.mjs: set TRUNK_STAGING_DIR or pass the dist folder');
  process.exit(2);
}
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');
const hashes = [];
for (const m of html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    ${meta}`);
fs.writeFileSync(file, html);

// The service worker for offline use, over the files as they now are.
const { writeServiceWorker } = await import('./offline.mjs');
writeServiceWorker(dir);
