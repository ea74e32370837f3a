/**
 * A file large enough that the loader spills while parsing (several inserts per table, DuckDB on fewer threads and
 * under a memory limit while they run): every row arrives, with its lineage, and the totals equal those counted
 * independently from the file's text; DuckDB's settings are back as they were once the load is done.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ingestor, type IngestResult } from '../../pipelines/ingest.ts';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { write835 } from '../bench/synthetic-x12.ts';
import { TEST_KEY, tempWarehouse, type TempWarehouse } from '../helpers/warehouse.ts';

/** Totals read from the text with plain splits (an oracle independent of the parser). */
function oracle(text: string) {
  const cents = (v: string) => Math.round(Number(v || '0') * 100);
  const t = { sets: 0, claims: 0, lines: 0, adjustments: 0, clp04: 0, cas: 0, plb: 0 };
  for (const raw of text.split('~')) {
    const e = raw.trim().split('*');
    switch (e[0]) {
      case 'ST':
        t.sets++;
        break;
      case 'CLP':
        t.claims++;
        t.clp04 += cents(e[4]!);
        break;
      case 'SVC':
        t.lines++;
        break;
      case 'CAS':
        for (let i = 2; i < e.length; i += 3) {
          if (!e[i]) continue;
          t.adjustments++;
          t.cas += cents(e[i + 1]!);
        }
        break;
      case 'PLB':
        t.plb++;
        break;
    }
  }
  return t;
}

describe('a large 835 (spills while parsing)', () => {
  let tw: TempWarehouse;
  let file: string;
  let result: IngestResult;
  let settings: { before: Record<string, unknown>; after: Record<string, unknown> };

  beforeAll(async () => {
    tw = tempWarehouse();
    file = path.join(tw.dir, 'big.835');
    write835(file, 24e6);
    settings = await tw.withRw(async (wh) => {
      const read = () => wh.one("SELECT current_setting('threads')::INTEGER AS threads, current_setting('memory_limit') AS memory_limit");
      const before = (await read())!;
      [result] = (await new Ingestor(wh, { config: tw.config, paths: tw.paths, pseudonymizer: new Pseudonymizer(TEST_KEY) }).ingestAll([file])) as [IngestResult];
      return { before, after: (await read())! };
    });
  }, 300_000);
  afterAll(() => tw?.cleanup());

  it('loads every row, and the totals are those of the text', async () => {
    expect(result.status).toBe('loaded');
    const want = oracle(fs.readFileSync(file, 'latin1'));
    const [got] = await tw.query(`SELECT
      (SELECT count(*) FROM raw.x12_sets) AS sets,
      (SELECT count(*) FROM raw.x12_835_claims) AS claims,
      (SELECT count(*) FROM raw.x12_835_lines) AS lines,
      (SELECT count(*) FROM raw.x12_835_adjustments) AS adjustments,
      (SELECT round(sum(clp04) * 100)::BIGINT FROM raw.x12_835_claims) AS clp04,
      (SELECT round(sum(amount) * 100)::BIGINT FROM raw.x12_835_adjustments) AS cas,
      (SELECT count(*) FROM raw.x12_835_provider_adjustments) AS plb,
      (SELECT count(*) FROM raw.load_findings) AS findings`);
    expect(got).toEqual({ ...want, findings: 0 });
    expect(want.lines).toBeGreaterThan(100_000);
  });

  it('every row carries the lineage of its own set', async () => {
    const [r] = await tw.query(`SELECT
      (SELECT count(*) FROM raw.x12_835_lines l JOIN raw.x12_sets s USING (file_sha256, set_index)
        WHERE l.st02 = s.st02 AND l.isa13 = s.isa13 AND l.gs06 = s.gs06 AND l.st02 = lpad((l.set_index + 1)::VARCHAR, 6, '0')) AS lines_ok,
      (SELECT count(*) FROM raw.x12_835_lines) AS lines,
      (SELECT count(*) FROM raw.x12_835_adjustments a JOIN raw.x12_835_claims c
        ON c.file_sha256 = a.file_sha256 AND c.set_index = a.set_index AND c.seg_ordinal = a.claim_seg_ordinal AND c.st02 = a.st02) AS adjustments_ok,
      (SELECT count(*) FROM raw.x12_835_adjustments) AS adjustments,
      (SELECT count(*) FROM raw.x12_835_claims WHERE member_key IS NULL OR file_sha256 IS NULL) AS claims_missing`);
    expect(r!.lines_ok).toBe(r!.lines);
    expect(r!.adjustments_ok).toBe(r!.adjustments);
    expect(r!.claims_missing).toBe(0);
  });

  it('DuckDB threads and memory limit are restored after the load', () => {
    expect(settings.after).toEqual(settings.before);
  });
});
