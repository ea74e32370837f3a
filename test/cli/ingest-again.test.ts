/**
 * The same bytes offered again are a no-op reported `duplicate` (DESIGN.md §4), whatever the first outcome was: a
 * quarantined file offered again stays quarantined under its first name, is not checked again and does not fail the
 * run. `--retry-quarantined` checks it again (after a config change or an upgrade).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { claim835, file835, line835, remit835, render } from '../x12/builder.ts';

const dir = makeTempDir('ingest-again');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a quarantined file offered again', () => {
  // B-S fails (SVC02 100 − CAS 20 = 80, SVC03 75): loaded with a finding by default, quarantined under strictBalancing.
  const text = render(file835(remit835({ amount: '80', trn02: 'AGAIN', claims: [claim835('PCNA*1*100*80**12*P', { lines: [line835('HC:97110*100*75**1', { cas: ['CAS*CO*45*20'] })] })] })));
  const file = path.join(dir, 'first-name.edi');
  const copy = path.join(dir, 'other-name.edi');
  fs.writeFileSync(file, text, 'latin1');
  fs.writeFileSync(copy, text, 'latin1');
  const strict = path.join(dir, 'strict.json');
  fs.writeFileSync(strict, JSON.stringify({ strictBalancing: true }));
  const db = path.join(dir, 'data', 'warehouse.duckdb');
  const ledger = () => cliQuery(db, `select file_name, status, error_code, received_at, loaded_at from raw.files`);

  it('is quarantined the first time (exit 1)', () => {
    const r = runCli(['ingest', file, '--db', db, '--config', strict]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^quarantined\s+x12_835\s+.*first-name\.edi: /m);
  });

  it('is then a no-op reported duplicate under any name (exit 0), and its ledger row keeps its first name and times', () => {
    const before = ledger();
    expect(before).toMatchObject([{ file_name: 'first-name.edi', status: 'quarantined', error_code: 'BALANCE-B-S' }]);
    for (const f of [file, copy]) {
      const r = runCli(['ingest', f, '--db', db, '--config', strict]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^duplicate\\s+x12_835\\s+.*${path.basename(f)}: same bytes already quarantined as first-name\\.edi$`, 'm'));
      expect(r.stdout).toMatch(/1 file: 0 loaded, 1 duplicate, 0 quarantined/);
    }
    expect(ledger()).toEqual(before);
  });

  it('is checked again with --retry-quarantined: under the default config it loads', () => {
    const r = runCli(['ingest', copy, '--db', db, '--retry-quarantined']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^loaded\s+x12_835\s+.*other-name\.edi/m);
    expect(ledger()).toMatchObject([{ file_name: 'other-name.edi', status: 'loaded', error_code: null }]);
    expect(cliQuery(db, `select count(*)::INTEGER as n from raw.x12_835_claims`)).toEqual([{ n: 1 }]);
  });
});
