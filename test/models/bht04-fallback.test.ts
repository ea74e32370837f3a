/**
 * An 837 set without BHT04 (required by the guide, but DESIGN §6.1 names its fallback): the claims load with a
 * bht04_missing warning and submitted_on = GS04. Real X12 text through `revcycle ingest`, `build` and `query`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { bill837, GUIDE_837P, render } from '../x12/builder.ts';

const dir = makeTempDir('bht04');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'w.duckdb');

it('loads an 837 set without BHT04, warns, and dates its claims by GS04', () => {
  fs.mkdirSync(path.join(dir, 'in'));
  // GS04 2025-06-10; the claim's only line is dated 06-09 → days_to_submit 1.
  const body = bill837({ bht04: '', claims: [{ clm01: 'NOBHT', charge: '100', lines: [{ sv1: 'HC:97110:GP*100*UN*1***1', date: 'D8*20250609' }] }] });
  fs.writeFileSync(path.join(dir, 'in', 'no_bht04.837'), render({ isa13: '31', groups: [{ gs01: 'HC', gs06: '31', gs04: '20250610', gs08: GUIDE_837P, sets: [
    { st01: '837', st02: '0001', guide: GUIDE_837P, body },
  ] }] }));
  const ingest = runCli(['ingest', path.join(dir, 'in'), '--db', db]);
  expect(ingest.code, ingest.stdout + ingest.stderr).toBe(0);
  expect(ingest.stdout).toMatch(/loaded/);
  expect(runCli(['build', '--as-of', '2025-06-30', '--db', db]).code).toBe(0);
  expect(cliQuery(db, `select claim_id, submitted_on, first_service_date, days_to_submit from marts.claims`)).toEqual([
    { claim_id: 'NOBHT', submitted_on: '2025-06-10', first_service_date: '2025-06-09', days_to_submit: 1 },
  ]);
  expect(cliQuery(db, `select "check", severity, message from marts.data_quality where "check" = 'bht04_missing'`)).toEqual([
    { check: 'bht04_missing', severity: 'warn', message: "BHT segment 2: BHT04 (transaction set creation date) is missing; the claims' submission date falls back to GS04" },
  ]);
});
