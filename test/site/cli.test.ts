// `revcycle site` and `revcycle demo`: argument errors are one line with the usage, and the demo never wipes a
// folder it did not create. (The builds themselves are exercised by build.test.ts through buildSite.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

function capture() {
  const err: string[] = [];
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  return { err, out };
}
afterEach(() => vi.restoreAllMocks());

describe('revcycle site / demo arguments', () => {
  it('site: a bad profile or port is a usage error', async () => {
    const io = capture();
    expect(await main(['site', '--profile', 'public'])).toBe(2);
    expect(await main(['site', '--port', 'http'])).toBe(2);
    vi.restoreAllMocks();
    // One line per error: the reason, then the usage in parentheses.
    expect(io.err.join('').split('\n')).toEqual([
      expect.stringMatching(/^revcycle site: --profile must be internal or benchmark \(got public\) \(usage: revcycle site .*\)$/),
      expect.stringMatching(/^revcycle site: --port must be an integer.* \(usage: revcycle site .*\)$/),
      '',
    ]);
  });

  it('site: names the missing warehouse', async () => {
    const io = capture();
    const code = await main(['site', '--db', path.join(os.tmpdir(), 'revcycle-none', 'w.duckdb'), '--out', path.join(os.tmpdir(), 'revcycle-none-dist')]);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(io.err.join('')).toMatch(/^revcycle site: no warehouse at .*revcycle-none/);
  });

  it('site: marts built by an older version (a mart missing) say to run build, not a loader SQL error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-old-marts-'));
    try {
      const db = path.join(dir, 'w.duckdb');
      // A warehouse with raw tables and built marts, then one mart dropped as if an older build had made them.
      fs.mkdirSync(path.join(dir, 'in'));
      fs.writeFileSync(path.join(dir, 'in', 'payers.csv'), 'payer_id,payer_name,financial_class,x12_payer_id,requires_auth\nacme,Acme,commercial,P1,false\n');
      capture(); // silence the ingest and build output
      expect(await main(['ingest', path.join(dir, 'in'), '--db', db])).toBe(0);
      expect(await main(['build', '--db', db])).toBe(0);
      vi.restoreAllMocks();
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const inst = await DuckDBInstance.create(db);
      const con = await inst.connect();
      await con.run('DROP TABLE marts.recoupments');
      con.closeSync();
      inst.closeSync();
      const io = capture();
      const code = await main(['site', '--db', db, '--out', path.join(dir, 'dist')]);
      vi.restoreAllMocks();
      expect(code).toBe(1);
      expect(io.err.join('')).toMatch(/built by an older version of revcycle \(no marts\.recoupments\): run `revcycle build` first/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('demo: refuses a non-empty folder that is not a demo folder, and leaves it alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-demo-'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    try {
      const io = capture();
      const code = await main(['demo', '--dir', dir]);
      vi.restoreAllMocks();
      expect(code).toBe(2);
      expect(io.err.join('')).toMatch(/is not empty and is not a revcycle demo folder/);
      expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('both commands are listed in --help', async () => {
    const io = capture();
    await main(['--help']);
    vi.restoreAllMocks();
    expect(io.out.join('')).toMatch(/\n {2}site {7}build the dashboard site/);
    expect(io.out.join('')).toMatch(/\n {2}demo {7}simulate a clinic group/);
  });
});
