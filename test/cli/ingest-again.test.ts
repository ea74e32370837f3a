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

describe('the same bytes under another name (DESIGN.md §6.12: marts.files has one row per file ever offered)', () => {
  const text = render(file835(remit835({ amount: '80', trn02: 'COPIES', claims: [claim835('PCNC*1*100*80**12*P', { lines: [line835('HC:97110*100*80**1', { cas: ['CAS*CO*45*20'] })] })] })));
  const sub = path.join(dir, 'copies');
  fs.mkdirSync(path.join(sub, 'again'), { recursive: true });
  const first = path.join(sub, 'remit.edi');
  const copy = path.join(sub, 'remit-copy.edi');
  const sameName = path.join(sub, 'again', 'remit.edi');
  for (const f of [first, copy, sameName]) fs.writeFileSync(f, text, 'latin1');
  const db = path.join(sub, 'data', 'warehouse.duckdb');
  const files = () =>
    cliQuery(db, `select file_name, kind, status, reason, rows, error_code, received_at is not null as received, loaded_at is not null as marked,
      duplicate_of = (select sha256 from raw.files) as of_first from marts.files order by load_seq nulls last, file_name`);

  it('is a duplicate row of its own in marts.files, once per name, without changing the first file or its data', () => {
    // One ingest with the file and a copy: the copy is a duplicate of a file of the same batch.
    expect(runCli(['ingest', first, copy, '--db', db]).code).toBe(0);
    const loaded = { file_name: 'remit.edi', kind: 'x12_835', status: 'loaded', reason: null, rows: expect.any(Number), error_code: null, received: true, marked: true, of_first: null };
    const duplicate = { file_name: 'remit-copy.edi', kind: 'x12_835', status: 'duplicate', reason: 'same bytes already loaded as remit.edi', rows: 0, error_code: 'DUP_FILE', received: true, marked: true, of_first: true };
    expect(files()).toEqual([loaded, duplicate]);
    const claims = cliQuery(db, `select count(*)::INTEGER as n from raw.x12_835_claims`);
    // Offered again, under either name or from another folder under the first name: nothing changes (idempotent).
    for (const args of [[first, copy], [copy], [sameName]]) {
      const r = runCli(['ingest', ...args, '--db', db]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/ 0 loaded, \d duplicate, 0 quarantined/);
      expect(files()).toEqual([loaded, duplicate]);
    }
    expect(cliQuery(db, `select count(*)::INTEGER as n from raw.x12_835_claims`)).toEqual(claims);
    // A third name, offered alone: a third row.
    const third = path.join(sub, 'remit-third.edi');
    fs.writeFileSync(third, text, 'latin1');
    expect(runCli(['ingest', third, '--db', db]).code).toBe(0);
    expect(files()).toEqual([loaded, duplicate, { ...duplicate, file_name: 'remit-third.edi' }]);
  });
});
