/**
 * A small static file server for the built site (node:http), bound to 127.0.0.1 by default.
 *
 * It serves Framework's clean URLs (`/denials` → `denials.html`), never leaves the folder (no `..`, no symlinks out),
 * and sends `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`: the site carries pseudonymous worklists
 * in the internal profile, so browsers should not keep copies (domain-reference §9.3). Put an authenticating reverse
 * proxy in front of it before anyone else can reach it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ServeOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface ServedSite {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The file a URL path maps to, or undefined when there is none (or it would leave `root`). */
export function resolveRequest(root: string, urlPath: string): string | undefined {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (p.includes('\0')) return undefined;
  const candidates = p.endsWith('/') ? [`${p}index.html`] : [p, `${p}.html`, `${p}/index.html`];
  for (const c of candidates) {
    const file = path.resolve(root, `.${path.posix.normalize(`/${c}`)}`);
    if (file !== root && !file.startsWith(root + path.sep)) return undefined;
    try {
      const real = fs.realpathSync(file);
      if (real !== root && !real.startsWith(root + path.sep)) return undefined;
      if (fs.statSync(real).isFile()) return real;
    } catch {
      /* try the next candidate */
    }
  }
  return undefined;
}

export async function serveSite(dir: string, opts: ServeOptions = {}): Promise<ServedSite> {
  const root = fs.realpathSync(path.resolve(dir));
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${root} has no index.html: build the site first (revcycle site)`);
  }
  const host = opts.host ?? '127.0.0.1';
  const server = http.createServer((req, res) => {
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveRequest(root, req.url ?? '/');
    if (!file) {
      const notFound = path.join(root, '404.html');
      const body = fs.existsSync(notFound) ? fs.readFileSync(notFound) : Buffer.from('Not found\n');
      res.writeHead(404, { ...headers, 'Content-Type': fs.existsSync(notFound) ? TYPES['.html']! : TYPES['.txt']! });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const size = fs.statSync(file).size;
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': size });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 3000, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
