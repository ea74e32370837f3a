/**
 * `revcycle query` is read-only (DESIGN.md §3): it answers SELECTs as JSON numbers, and refuses to write to the
 * warehouse, to files (COPY … TO) or to other databases (ATTACH), with exit 1 and one line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.ts';
import { tempWarehouse } from '../helpers/warehouse.ts';

const tw = tempWarehouse();
afterAll(() => tw.cleanup());

describe('revcycle query', async () => {
  await tw.withRw(async () => undefined); // create and migrate an empty warehouse
  const db = tw.paths.db;

  it('answers a SELECT with JSON numbers', () => {
    const r = runCli(['query', "select 1 as n, 12.50::DECIMAL(18,2) as amount, 'x' as s", '--format', 'json', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ n: 1, amount: 12.5, s: 'x' }]);
  });

  it('stops quietly when its reader closes the pipe (`revcycle query … | head`): exit 0, no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'query', 'select * from range(300000)', '--format', 'csv', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // the reader goes away after the first chunk
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('keeps every column when two share a name (renamed as DuckDB names a table\'s columns: a, a_1)', () => {
    const sql = 'select 1 as a, 2 as a, 3 as a_1';
    expect(JSON.parse(runCli(['query', sql, '--format', 'json', '--db', db]).stdout)).toEqual([{ a: 1, a_1: 2, a_1_1: 3 }]);
    expect(runCli(['query', sql, '--format', 'csv', '--db', db]).stdout).toBe('a,a_1,a_1_1\n1,2,3\n');
    expect(runCli(['query', sql, '--db', db]).stdout.split('\n')[2]).toMatch(/^1\s+2\s+3$/);
  });

  it.each([
    ['a write to the warehouse', 'delete from raw.files', /read-only/],
    ['a COPY to a file', `copy (select 1) to '${path.join(tw.dir, 'leak.csv')}'`, /disabled|external access/i],
    ['an ATTACH of another database', `attach '${path.join(tw.dir, 'other.duckdb')}' as other`, /disabled|external access/i],
    ['turning external access back on', 'set enable_external_access = true', /locked|lock_configuration|cannot/i],
  ])('refuses %s (exit 1, one line)', (_what, sql, message) => {
    const r = runCli(['query', sql, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(path.join(tw.dir, 'leak.csv'))).toBe(false);
    expect(fs.existsSync(path.join(tw.dir, 'other.duckdb'))).toBe(false);
  });
});
