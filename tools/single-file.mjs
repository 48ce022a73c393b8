// Writes the one-file build: dist/'s page with its stylesheet, its JavaScript
// and its three wasm modules (the app, and the planner and YAML reader it
// loads on demand) inside, so it works opened from disk (file://). The page's scripts and
// style are allowed by their SHA-256 under a Content-Security-Policy that
// allows nothing else: no other origin, no fetch, no inline code but these.
// Usage: node tools/single-file.mjs DIST OUT.html (`cargo xtask dist --single-file`).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) {
  console.error('usage: node tools/single-file.mjs DIST OUT.html');
  process.exit(2);
}
const read = (rel) => fs.readFileSync(path.join(dist, rel));
let html = read('index.html').toString('utf8');

const loader = html.match(/import init, \* as bindings from '\.\/([^']+\.js)';\s*const wasm = await init\(\{ module_or_path: '\.\/([^']+\.wasm)' \}\);/);
const css = html.match(/<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*>/);
if (!loader || !css) {
  console.error('single-file.mjs: dist/index.html is not the page trunk writes (no loader or stylesheet found)');
  process.exit(1);
}

/** A wasm-bindgen `--target web` module as a function body returning its exports. */
function scoped(source) {
  const names = [];
  let body = source.replace(/^export (function|class) (\w+)/gm, (_, kind, name) => {
    names.push(`${name}: ${name}`);
    return `${kind} ${name}`;
  });
  body = body.replace(/^export \{([^}]*)\};?\s*$/m, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, as] = item.split(/\s+as\s+/);
      names.push(`${as ?? local}: ${local}`);
    }
    return '';
  });
  if (/^\s*(import|export)\b/m.test(body)) {
    console.error('single-file.mjs: a module imports or exports in a way this build does not inline');
    process.exit(1);
  }
  return `(() => {\n${body}\nreturn { ${names.join(', ')} };\n})()`;
}

const b64 = (rel) => read(rel).toString('base64');
const script = `
const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const app = ${scoped(read(loader[1]).toString('utf8'))};
const yaml = ${scoped(read('yaml/skewplan-yaml.js').toString('utf8'))};
const engine = ${scoped(read('engine/skewplan-engine.js').toString('utf8'))};
const APP_WASM = '${b64(loader[2])}';
const YAML_WASM = '${b64('yaml/skewplan-yaml_bg.wasm')}';
const ENGINE_WASM = '${b64('engine/skewplan-engine_bg.wasm')}';
globalThis.skewplanLoadYaml = () => (globalThis.skewplanYamlLoad ??= yaml.default({ module_or_path: bytes(YAML_WASM) })
  .then(() => { globalThis.skewplanYaml = yaml; }));
globalThis.skewplanLoadEngine = () => (globalThis.skewplanEngineLoad ??= engine.default({ module_or_path: bytes(ENGINE_WASM) })
  .then(() => { globalThis.skewplanEngine = engine; }));
const wasm = await app.default({ module_or_path: bytes(APP_WASM) });
const { default: _init, initSync: _sync, ...bindings } = app;
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
`;
const style = read(css[1]).toString('utf8');
const sha = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const policy = [
  "default-src 'none'",
  `script-src ${sha(script)} 'wasm-unsafe-eval'`,
  `style-src ${sha(style)}`,
  'img-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

// Everything that loads a file goes; what it loaded comes inline.
html = html
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '')
  .replace(/<script type="module"[^>]*>[\s\S]*?<\/script>\s*/g, '')
  .replace(/<link rel="(stylesheet|modulepreload|preload)"[^>]*>/g, '')
  .replace(/<!--[\s\S]*?-->\s*/g, '')
  .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`)
  .replace('</head>', `<style>${style}</style>\n<script type="module">${script}</script>\n</head>`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
console.log(`${out}: ${html.length} bytes`);
