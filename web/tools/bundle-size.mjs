// Prints the size of the app's initial JavaScript (what index.html loads before any lazy
// page): raw and gzip-compressed, as a browser would transfer it.
//   node tools/bundle-size.mjs [dist/browser]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? 'dist/browser');
const html = await readFile(path.join(dir, 'index.html'), 'utf8');
const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
let raw = 0;
let gzip = 0;
for (const file of new Set(files)) {
  const body = await readFile(path.join(dir, file));
  raw += body.length;
  gzip += gzipSync(body, { level: 9 }).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`initial JavaScript: ${files.length} files, ${kb(raw)}, ${kb(gzip)} gzip`);
