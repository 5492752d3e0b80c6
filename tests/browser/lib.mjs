// Shared by the browser tests: a static file server for a built site, and Debian's Chromium
// driven by playwright-core.
import { createServer } from 'node:http';
import { cpSync, createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { stat, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

/**
 * Serves `rootDir` on 127.0.0.1 at a free port: files with their content types, `index.html` for
 * folders (a folder asked for without its trailing slash is redirected to it, as a real host does),
 * 404 for anything else, nothing outside `rootDir`. Returns `{ url, close }`.
 */
export async function startServer(rootDir) {
  const root = await realpath(resolve(rootDir));
  const server = createServer((req, res) => {
    serve(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections?.();
      }),
  };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found\n');
}

async function serve(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return notFound(res);
  }
  if (pathname.includes('\0')) return notFound(res);
  let file = resolve(root, '.' + pathname);
  if (file !== root && !file.startsWith(root + sep)) return notFound(res);
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: pathname + '/' });
      res.end();
      return;
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return notFound(res);
  // A symbolic link must not lead out of the root either.
  const real = await realpath(file);
  if (real !== root && !real.startsWith(root + sep)) return notFound(res);
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(real).pipe(res);
}

/** Debian's Chromium, headless, with nothing of its own talking to the network. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// The helpsite binary to build fixture sites with: HELPSITE_BIN, else the newer of the release and debug builds, so a
// stale one left from earlier work is not used.
export function helpsiteBinary() {
  if (process.env.HELPSITE_BIN) return process.env.HELPSITE_BIN;
  const built = ['target/release/helpsite', 'target/debug/helpsite']
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!built.length) throw new Error('no helpsite binary: run cargo build first, or set HELPSITE_BIN');
  return built[0];
}

// A site built from `contentDirs` (each copied over the last into content/) in a fresh temporary folder, with the
// helpsite binary: its folder (the output is in site/) and what the build printed.
export function buildFixtureSite(prefix, contentDirs) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const dir of contentDirs) cpSync(dir, join(root, 'content'), { recursive: true });
  const out = spawnSync(helpsiteBinary(), ['build', '--root', root, '--output-dir', join(root, 'site')], {
    encoding: 'utf8',
  });
  return { root, out };
}

// A page that records console errors, uncaught exceptions and Content-Security-Policy violations in `problems`.
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return { page, problems };
}
