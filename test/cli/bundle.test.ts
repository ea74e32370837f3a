/**
 * bin/revcycle.js runs the CLI from an esbuild bundle of src/ and pipelines/ cached in node_modules/.cache/revcycle/
 * (keyed by the sources' contents), and from the TypeScript sources through tsx when REVCYCLE_NO_BUNDLE=1. Both
 * must behave the same; paths that modules compute from their own location (models/, workers) must still resolve,
 * and --verbose stack traces must name the TypeScript sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempWarehouse } from '../helpers/warehouse.ts';

const CACHE = path.resolve(import.meta.dirname, '../../node_modules/.cache/revcycle');
const tw = tempWarehouse();
afterAll(() => tw.cleanup());

describe('the bundled CLI', async () => {
  await tw.withRw(async () => undefined);
  const db = tw.paths.db;

  it('is built once into the cache, one bundle and its source map', () => {
    expect(runCli(['--version']).code).toBe(0);
    const files = fs.readdirSync(CACHE).filter((f) => f.startsWith('cli-') && !f.endsWith('.tmp'));
    expect(files.filter((f) => f.endsWith('.mjs'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.mjs.map'))).toHaveLength(1);
  });

  it('answers as the TypeScript sources do', () => {
    for (const args of [['--help'], ['query', 'select 1 as n', '--format', 'json', '--db', db], ['status', '--db', db]]) {
      const bundled = runCli(args);
      const sources = runCli(args, { REVCYCLE_NO_BUNDLE: '1' });
      expect(bundled.code).toBe(sources.code);
      expect(bundled.stdout).toBe(sources.stdout);
    }
  });

  it('finds files next to its modules (models/ for build)', () => {
    const r = runCli(['build', '--db', db, '--as-of', '2025-01-31']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/built \d+ models/);
  });

  it('prints --verbose stack traces against the TypeScript sources', () => {
    const r = runCli(['query', 'select nonsense', '--db', db, '--verbose']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/src\/cli\/\w+\.ts:\d+:\d+/);
    expect(r.stderr).not.toMatch(/\.cache\/revcycle/);
  });
});
