/**
 * One line per ingested file: the rows are said once, whether the loader's note carries them (CSV) or not (X12).
 */
import { expect, it } from 'vitest';
import { ingestLine } from '../../src/cli/commands.ts';

const base = { file: 'f', sha256: 'x', status: 'loaded' as const, findings: 0 };

it('says the rows of an X12 file, and a CSV file\'s rows once even when a repeated key makes them fewer than read', () => {
  expect(ingestLine({ ...base, kind: 'x12_835', rows: 12, findings: 1 })).toBe('loaded       x12_835          f (12 rows, 1 finding)');
  expect(ingestLine({ ...base, kind: 'csv_clinics', rows: 3, reason: '3 rows (3 new, 0 replaced)' })).toBe('loaded       csv_clinics      f (3 rows (3 new, 0 replaced))');
  expect(ingestLine({ ...base, kind: 'csv_clinics', rows: 3, findings: 1, reason: '2 rows (2 new, 0 replaced); 1 repeated key (later line wins)' }))
    .toBe('loaded       csv_clinics      f (1 finding, 2 rows (2 new, 0 replaced); 1 repeated key (later line wins))');
  expect(ingestLine({ ...base, kind: 'csv_visits', rows: 1, reason: '1 row (1 new, 0 replaced)' })).toBe('loaded       csv_visits       f (1 row (1 new, 0 replaced))');
});
