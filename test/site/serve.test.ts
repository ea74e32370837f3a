import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRequest, serveSite, type ServedSite } from '../../src/site/serve.ts';

let dir: string;
let served: ServedSite;
beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-serve-')));
  fs.writeFileSync(path.join(dir, 'index.html'), '<h1>home</h1>');
  fs.writeFileSync(path.join(dir, 'denials.html'), '<h1>denials</h1>');
  fs.mkdirSync(path.join(dir, '_file'));
  fs.writeFileSync(path.join(dir, '_file', 'a.json'), '[]');
  fs.writeFileSync(path.join(os.tmpdir(), 'revcycle-serve-secret.txt'), 'secret');
  served = await serveSite(dir, { port: 0 });
});
afterAll(async () => {
  await served.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('static server', () => {
  it('binds to 127.0.0.1 and serves clean URLs with no-store', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const home = await fetch(served.url);
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-store');
    expect(await home.text()).toContain('home');
    const page = await fetch(`${served.url}denials`);
    expect(await page.text()).toContain('denials');
    const json = await fetch(`${served.url}_file/a.json`);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('answers 404 for missing files and never leaves the folder', async () => {
    expect((await fetch(`${served.url}nope`)).status).toBe(404);
    expect(resolveRequest(dir, '/../revcycle-serve-secret.txt')).toBeUndefined();
    expect(resolveRequest(dir, '/%2e%2e/revcycle-serve-secret.txt')).toBeUndefined();
    expect(resolveRequest(dir, '/_file/a.json')).toBe(path.join(dir, '_file', 'a.json'));
    expect((await fetch(`${served.url}denials`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a folder without index.html', async () => {
    await expect(serveSite(path.join(dir, '_file'))).rejects.toThrow(/no index\.html/);
  });
});
