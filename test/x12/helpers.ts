/** Shared helpers of the X12 tests: ingest a fixture text through a temp warehouse, count data rows. */
import fs from 'node:fs';
import path from 'node:path';
import type { IngestResult } from '../../pipelines/ingest.ts';
import type { TempWarehouse } from '../helpers/warehouse.ts';
import { writeFixture } from '../helpers/warehouse.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/x12');

export async function ingestText(tw: TempWarehouse, name: string, text: string | Buffer): Promise<IngestResult> {
  const file = writeFixture(path.join(tw.dir, 'inbox'), name, typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  const [r] = await tw.ingest([file]);
  return r!;
}

export function fixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'latin1');
}

/** Row counts of the data tables (the ledger excluded). */
export async function dataCounts(tw: TempWarehouse): Promise<Record<string, number>> {
  const all = await tw.tableCounts();
  return Object.fromEntries(Object.entries(all).filter(([t]) => t !== 'raw.files' && t !== 'marts.files'));
}

export async function rows(tw: TempWarehouse, sql: string): Promise<Record<string, unknown>[]> {
  return (await tw.query(sql)) as Record<string, unknown>[];
}
