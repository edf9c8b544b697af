// The web app's local server: serves the built app on loopback and proxies the app's
// same-origin API paths to the emulator, as the private load balancer does on AWS
// (ADR 60). Node built-ins only.
//
//   /api/intake/*, /api/scoring/*, /api/graph/*, /api/reporting/*
//       -> IntakeApiUrl, ScoringApiUrl, GraphApiUrl, ReportingApiUrl of the outputs file,
//          read again whenever that file changes (the emulator gives an API a new id
//          when its stack is redeployed)
//   /api/cognito -> the emulator's Cognito endpoint (Amplify's userPoolEndpoint)
//   /config.json -> the runtime configuration make up writes
//   anything else -> a file of the app, or index.html (the router's paths)
//
// Environment: WEB_PORT (4200), WEB_ROOT (the built app), WEB_CONFIG, WEB_OUTPUTS,
// WEB_COGNITO (http://127.0.0.1:4566).
import http from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

const PORT = Number(process.env.WEB_PORT ?? 4200);
const ROOT = path.resolve(process.env.WEB_ROOT ?? 'web/dist/browser');
const CONFIG = path.resolve(process.env.WEB_CONFIG ?? '.local/web/config.json');
const OUTPUTS = path.resolve(process.env.WEB_OUTPUTS ?? '.local/outputs.json');
const COGNITO = process.env.WEB_COGNITO ?? 'http://127.0.0.1:4566';
const APIS = { intake: 'IntakeApiUrl', scoring: 'ScoringApiUrl', graph: 'GraphApiUrl', reporting: 'ReportingApiUrl' };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; " +
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};
// Hop-by-hop headers are not forwarded either way.
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

let outputs = { mtimeMs: -1, values: {} };
async function apiBase(name) {
  const stat = await fs.stat(OUTPUTS);
  if (stat.mtimeMs !== outputs.mtimeMs) {
    outputs = { mtimeMs: stat.mtimeMs, values: JSON.parse(await fs.readFile(OUTPUTS, 'utf8')) };
  }
  return outputs.values[APIS[name]];
}

function fail(res, status, message) {
  res.writeHead(status, { 'content-type': 'application/json', ...SECURITY_HEADERS });
  res.end(JSON.stringify({ message, errors: [] }));
}

function forward(req, res, target) {
  const url = new URL(target);
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP.has(name)) headers[name] = value;
  }
  headers.host = url.host;
  const upstream = http.request(url, { method: req.method, headers }, (answer) => {
    const out = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!HOP.has(name)) out[name] = value;
    }
    res.writeHead(answer.statusCode ?? 502, { ...out, 'cache-control': 'no-store' });
    answer.pipe(res);
  });
  upstream.setTimeout(60_000, () => upstream.destroy(new Error('upstream timed out')));
  upstream.on('error', (error) => {
    if (!res.headersSent) fail(res, 502, `The API did not answer: ${error.message}`);
    else res.destroy();
  });
  req.pipe(upstream);
}

async function proxy(req, res, pathname, search) {
  if (pathname === '/api/cognito' || pathname === '/api/cognito/') {
    return forward(req, res, `${COGNITO}/`);
  }
  const match = /^\/api\/(intake|scoring|graph|reporting)(\/.*)?$/.exec(pathname);
  if (!match) return fail(res, 404, 'No such API');
  let base;
  try {
    base = await apiBase(match[1]);
  } catch (error) {
    return fail(res, 503, `The local stack's outputs cannot be read: ${error.message}`);
  }
  if (!base) return fail(res, 503, `The ${match[1]} API is not deployed`);
  return forward(req, res, `${base}${match[2] ?? '/'}${search}`);
}

async function serveFile(req, res, pathname) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'Method not allowed');
  let file;
  let cache;
  if (pathname === '/config.json') {
    file = CONFIG;
    cache = 'no-cache';
  } else {
    const relative = path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    file = path.join(ROOT, relative);
    if (!file.startsWith(ROOT + path.sep)) return fail(res, 404, 'Not found');
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      // A path of the app's router (no file extension) gets the app; a missing file a 404.
      if (path.extname(relative)) return fail(res, 404, 'Not found');
      file = path.join(ROOT, 'index.html');
    }
    // The build names its files by content hash: those may be cached for good.
    cache = /-[A-Z0-9]{8}\.(js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
  }
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return fail(res, 404, 'Not found');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': cache,
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
  const handled = pathname.startsWith('/api/') || pathname === '/api'
    ? proxy(req, res, pathname, search)
    : serveFile(req, res, pathname);
  handled.catch((error) => {
    console.error(error);
    if (!res.headersSent) fail(res, 500, 'The web server failed');
  });
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`serving ${ROOT} and the API proxy on http://127.0.0.1:${PORT}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
