/**
 * How files are read and recognised: header-based recognition, BOM + CRLF, quoted delimiters and line breaks,
 * blank lines, broken quoting, binary and non-UTF-8 content, header problems, the reject-rate threshold, repeated
 * keys within a file, unknown columns and payers, and a file large enough to go through the loader's spill path —
 * each read both on the main thread and by the worker thread that reads large files.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csvReading } from '../../pipelines/ehr/read-csv.ts';
import { tempWarehouse, writeFixture, type TempWarehouse } from '../helpers/warehouse.ts';
import { fixture, pk } from './cases.ts';
import { ehrRows, findings, ledger, rejectList } from './helpers.ts';

const VISITS_HEADER = 'visit_id,clinic_id,patient_id,provider_npi,visit_date,visit_type,status,payer_id,claim_id,documented_at,charge_entered_at,minutes';
const visit = (id: string, extra = '') => `${id},RIV01,MRN0000101,1234567893,2025-03-03,treatment,completed,MCR,,,,40${extra}`;

let tw: TempWarehouse;
afterEach(() => tw?.cleanup());

async function ingestText(name: string, content: string | Buffer, config: Record<string, unknown> = {}) {
  tw?.cleanup();
  tw = tempWarehouse(config);
  const file = writeFixture(tw.dir, `in/${name}`, content);
  const [r] = await tw.ingest([file]);
  return r!;
}

// Every case runs twice: read on the main thread, and read by the worker thread used for large files.
describe.each([
  ['read in-thread', Number.POSITIVE_INFINITY],
  ['read by the worker thread', 0],
] as const)('%s', (_mode, workerMinBytes) => {
  const saved = csvReading.workerMinBytes;
  let readsBefore = 0;
  beforeAll(() => {
    csvReading.workerMinBytes = workerMinBytes;
    readsBefore = csvReading.workerReads;
  });
  afterAll(() => {
    expect(csvReading.workerReads > readsBefore).toBe(workerMinBytes === 0);
    csvReading.workerMinBytes = saved;
  });

  describe('recognition', () => {
    it('recognises a file by its header when the name has no entity prefix', async () => {
      const r = await ingestText('export-2025-03.csv', [VISITS_HEADER, visit('V1'), visit('V2')].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', kind: 'csv_visits', rows: 2 });
      expect(r.reason).toContain('recognised by header');
    });

    it('tells payers from payments and finds fee_schedule and denial_actions by prefix', async () => {
      tw = tempWarehouse();
      const results = await tw.ingest([
        fixture('payers', 'payers.csv'),
        fixture('payments', 'payments.csv'),
        fixture('fee_schedule', 'fee_schedule.csv'),
        fixture('denial_actions', 'denial_actions.csv'),
      ]);
      expect(results.map((r) => [r.kind, r.status])).toEqual([
        ['csv_payers', 'loaded'],
        ['csv_payments', 'loaded'],
        ['csv_fee_schedule', 'loaded'],
        ['csv_denial_actions', 'loaded'],
      ]);
    });

    it('quarantines a CSV that is neither named nor headed like an entity as UNKNOWN_FORMAT', async () => {
      const r = await ingestText('report.csv', 'foo,bar\n1,2\n');
      expect(r).toMatchObject({ status: 'quarantined', code: 'UNKNOWN_FORMAT' });
    });

    it('quarantines an unnamed visits export without status as a broken visits file, not as a providers file', async () => {
      // provider_npi and clinic_id are all providers requires, but the header is a visits header missing status.
      const r = await ingestText('export1.csv', 'visit_id,clinic_id,patient_id,provider_npi,visit_date,visit_type,payer_id\nV1,RIV01,MRN0000101,1234567893,2025-03-03,evaluation,MCR\n');
      expect(r).toMatchObject({ status: 'quarantined', kind: 'csv_visits' });
      expect(r.reason).toMatch(/status/);
      expect(await ehrRows(tw, 'providers', 'provider_npi')).toEqual([]);
    });

    it('reads enum values in any letter case as the canonical lower-case value; unknown values are still rejected', async () => {
      const r = await ingestText(
        'visits_case.csv',
        [VISITS_HEADER, 'V1,RIV01,MRN0000101,1234567893,2025-03-03,Treatment,COMPLETED,MCR,,,,40', 'V2,RIV01,MRN0000101,1234567893,2025-03-04,treatment,Done,MCR,,,,40'].join('\n'),
      );
      expect(r).toMatchObject({ status: 'loaded', rows: 1 });
      const [row] = await ehrRows(tw, 'visits', 'visit_id');
      expect(row).toMatchObject({ visit_id: 'V1', visit_type: 'treatment', status: 'completed' });
      expect(await rejectList(tw)).toEqual([[3, 'status', 'NOT_ALLOWED']]);
    });

    it('reads a header in any order and letter case, and ignores (and notes) unknown columns', async () => {
      const r = await ingestText(
        'visits_reordered.csv',
        ['Status,Visit_ID,CLINIC_ID,patient_id,provider_npi,visit_date,visit_type,Patient Name,internal_flag', 'completed,V1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,"Doe, Jane",x'].join('\n'),
      );
      expect(r).toMatchObject({ status: 'loaded', rows: 1 });
      expect(r.reason).toContain('ignored unknown columns: Patient Name, internal_flag');
      const [row] = await ehrRows(tw, 'visits', 'visit_id');
      expect(row).toMatchObject({ visit_id: 'V1', status: 'completed', clinic_id: 'RIV01', patient_key: pk('MRN0000101') });
    });
  });

  describe('dialect', () => {
    it('reads UTF-8 with a BOM and CRLF line ends', async () => {
      const text = `\ufeff${[VISITS_HEADER, visit('V1'), 'V2,RIV01,MRN0000102,1234567893,2025-03-04,evaluation,completed,,,,,'].join('\r\n')}\r\n`;
      const r = await ingestText('visits_bom.csv', Buffer.from(text, 'utf8'));
      expect(r).toMatchObject({ status: 'loaded', kind: 'csv_visits', rows: 2 });
      expect(await ehrRows(tw, 'visits', 'visit_id')).toMatchObject([
        { visit_id: 'V1', minutes: 40, line_number: 2 },
        { visit_id: 'V2', minutes: null, payer_id: null, line_number: 3 },
      ]);
    });

    it('keeps quoted commas, quotes and line breaks in a note, and counts lines after it', async () => {
      const text = [
        'claim_id,action,action_on,amount,note',
        'CLM-1,appeal,2025-04-02,,"Sent records, PT notes"',
        'CLM-2,patient_outreach,2025-04-03,,"Line one\r\nline two, with ""quotes""\r\nline three"',
        'CLM-3,write_off,2025-04-04,12.50,',
        'CLM-4,escalate,2025-04-05,,',
      ].join('\r\n');
      const r = await ingestText('denial_actions_notes.csv', text);
      expect(r).toMatchObject({ status: 'loaded', rows: 3 });
      expect(await ehrRows(tw, 'denial_actions', 'claim_id')).toEqual([
        { claim_id: 'CLM-1', action: 'appeal', action_on: '2025-04-02', amount: null, note: 'Sent records, PT notes', line_number: 2 },
        { claim_id: 'CLM-2', action: 'patient_outreach', action_on: '2025-04-03', amount: null, note: 'Line one\r\nline two, with "quotes"\r\nline three', line_number: 3 },
        { claim_id: 'CLM-3', action: 'write_off', action_on: '2025-04-04', amount: 12.5, note: null, line_number: 6 },
      ]);
      expect(await rejectList(tw)).toEqual([[7, 'action', 'NOT_ALLOWED']]);
    });

    it('skips blank lines (counting them) and tolerates a trailing delimiter', async () => {
      const text = [VISITS_HEADER, '', visit('V1', ','), '   ', ',,,,,,,,,,,', visit('V2'), 'V3,RIV01,MRN0000103,1234567893,2025-02-30,treatment,completed,,,,,', ''].join('\n');
      const r = await ingestText('visits_blank.csv', text);
      expect(r).toMatchObject({ status: 'loaded', rows: 2 });
      expect(r.reason).toContain('3 blank lines skipped');
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => [x.visit_id, x.line_number])).toEqual([
        ['V1', 3],
        ['V2', 6],
      ]);
      expect(await rejectList(tw)).toEqual([[7, 'visit_date', 'BAD_DATE']]);
    });

    it('rejects a row with too few or too many fields', async () => {
      const rows = [visit('V1'), 'V2,RIV01,MRN0000102', visit('V3', ',extra,fields'), visit('V4'), visit('V5')];
      await ingestText('visits_count.csv', [VISITS_HEADER, ...rows].join('\n'));
      expect(await rejectList(tw)).toEqual([
        [3, '', 'COLUMN_COUNT'],
        [4, '', 'COLUMN_COUNT'],
      ]);
      const [reason] = await tw.query('SELECT reason FROM raw.csv_rejects WHERE line_number = 3');
      expect(reason!.reason).toBe('COLUMN_COUNT: wrong number of fields: expected 12, found 3');
    });

    it('reads what spreadsheets and pandas write: 45.0 for a whole number, a date alone for a timestamp', async () => {
      const r = await ingestText('visits_pandas.csv', [VISITS_HEADER, 'V1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,completed,MCR,,2025-03-03,2025-03-04,45.0', 'V2,RIV01,MRN0000101,1234567893,2025-03-03,treatment,completed,MCR,,,,45.5'].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', rows: 1 });
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => [x.visit_id, x.documented_at, x.charge_entered_at, x.minutes])).toEqual([['V1', '2025-03-03', '2025-03-04', 45]]);
      expect(await rejectList(tw)).toEqual([[3, 'minutes', 'BAD_INTEGER']]);
    });

    it('reads a row that leaves out trailing empty optional fields, and a header with a trailing comma', async () => {
      // V1 stops after status (payer_id … minutes left out: a cash-pay visit); V2 stops after payer_id. The header ends
      // with a comma the rows do not have.
      const r = await ingestText('visits_short.csv', [`${VISITS_HEADER},`, 'V1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,completed', 'V2,RIV01,MRN0000102,1234567893,2025-03-04,treatment,completed,MCR', visit('V3')].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', rows: 3 });
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => [x.visit_id, x.payer_id, x.minutes])).toEqual([['V1', null, null], ['V2', 'MCR', null], ['V3', 'MCR', 40]]);
      expect(await rejectList(tw)).toEqual([]);
    });

    it('a short row keeps the reason of a bad value it has; one missing a required column it left out is a field-count reject', async () => {
      await ingestText('visits_short_bad.csv', [VISITS_HEADER, visit('V1'), 'V2,RIV01,MRN0000102,1234567893,2025-13-03,treatment,completed', 'V3,RIV01,MRN0000103,1234567893,2025-03-03', visit('V4')].join('\n'));
      // V2 left out only optional columns: its own bad date is the reason. V3 stops before visit_type and status.
      expect(await rejectList(tw)).toEqual([[3, 'visit_date', 'BAD_DATE'], [4, '', 'COLUMN_COUNT']]);
    });

    it('an unnamed last header column that holds values is ignored as before, not a reason to reject the rows', async () => {
      const r = await ingestText('clinics_unnamed.csv', 'clinic_id,clinic_name,billing_npi,\nC1,One,1234567893,row1\nC2,Two,1245319599,row2\n');
      expect(r).toMatchObject({ status: 'loaded', rows: 2 });
      expect(r.reason).toContain('ignored unknown column: (unnamed)');
    });
  });

  describe('broken quoting', () => {
    it('rejects an unterminated quote at the end of the file; the rows before it load', async () => {
      const rows = [visit('V1'), visit('V2'), visit('V3'), 'V4,RIV01,"MRN0000104,1234567893,2025-03-03,treatment,completed,,,,,'];
      const r = await ingestText('visits_open_quote.csv', [VISITS_HEADER, ...rows, 'V5,RIV01,MRN0000105,1234567893,2025-03-03,treatment,completed,,,,,'].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', rows: 3 });
      expect(await rejectList(tw)).toEqual([[5, '', 'UNTERMINATED_QUOTE']]);
      const [x] = await tw.query('SELECT reason FROM raw.csv_rejects');
      expect(x!.reason).toContain('lines 5–6 could not be read');
    });

    it('quarantines a file whose unterminated quote swallows most of it (CSV_REJECT_RATE)', async () => {
      const rows = [visit('V1'), 'V2,RIV01,"MRN0000102,1234567893,2025-03-03,treatment,completed,,,,,', ...Array.from({ length: 8 }, (_, i) => visit(`V${i + 3}`))];
      const r = await ingestText('visits_open_quote_early.csv', [VISITS_HEADER, ...rows].join('\n'));
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_REJECT_RATE', rows: 0 });
      expect(r.reason).toContain('9 of 10 data rows rejected (UNTERMINATED_QUOTE 9)');
      expect(r.reason).toContain('line 3');
      expect((await tw.tableCounts())['raw.csv_rejects']).toBe(0);
    });

    it('rejects a row broken by a quote that closes lines later, with the lines it swallowed', async () => {
      const rows = [visit('V1'), visit('V2'), 'V3,RIV01,"MRN0000103,1234567893,2025-03-03,treatment,completed,,,,,', 'V4,RIV01,MRN0000104",1234567893,2025-03-03', ...Array.from({ length: 6 }, (_, i) => visit(`V${i + 5}`))];
      const r = await ingestText('visits_late_quote.csv', [VISITS_HEADER, ...rows].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', rows: 8 });
      expect(await rejectList(tw)).toEqual([[4, '', 'UNTERMINATED_QUOTE']]);
      expect((await ehrRows(tw, 'visits', 'visit_id')).find((x) => x.visit_id === 'V5')).toMatchObject({ line_number: 6 });
    });

    it('stops at a row longer than 4 MB (a quote closed far too late), reporting the rest as unreadable', async () => {
      const huge = `V3,RIV01,"${'x'.repeat(5 * 2 ** 20)}",1234567893,2025-03-03,treatment,completed,,,,,`;
      const rows = [visit('V1'), visit('V2'), huge, visit('V4'), ...Array.from({ length: 6 }, (_, i) => visit(`V${i + 5}`))];
      // Eight of the ten data lines (V3 to the end) cannot be read: over half, so the file is held.
      const r = await ingestText('visits_huge_row.csv', [VISITS_HEADER, ...rows].join('\n'));
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_REJECT_RATE' });
      expect(r.reason).toContain('8 of 10 data rows rejected (UNTERMINATED_QUOTE 8)');
      const tail = await ingestText('visits_huge_tail.csv', [VISITS_HEADER, ...Array.from({ length: 8 }, (_, i) => visit(`V${i + 1}`)), huge].join('\n'));
      expect(tail).toMatchObject({ status: 'loaded', rows: 8 });
      const [x] = await tw.query('SELECT line_number, reason FROM raw.csv_rejects');
      expect(x).toEqual({ line_number: 10, reason: 'UNTERMINATED_QUOTE: the row starting on this line is longer than 4 MB (a quote closed far too late?): lines 10–10 could not be read' });
    });

    it('rejects a tab or line break in an identifier, keeps quotes in it, and keeps tabs in a note', async () => {
      const rows = [visit('V1'), '"V2\tx",RIV01,MRN2,1234567893,2025-03-03,treatment,completed,,,,,', '"V3\nx",RIV01,MRN3,1234567893,2025-03-03,treatment,completed,,,,,', visit('"V4 ""quoted"""'), visit('V5')];
      await ingestText('visits_tab.csv', [VISITS_HEADER, ...rows].join('\n'));
      expect(await rejectList(tw)).toEqual([
        [3, 'visit_id', 'BAD_FORMAT'],
        [4, 'visit_id', 'BAD_FORMAT'],
      ]);
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => [x.visit_id, x.line_number])).toEqual([
        ['V1', 2],
        ['V4 "quoted"', 6],
        ['V5', 7],
      ]);
      await ingestText('denial_actions_tab.csv', 'claim_id,action,action_on,amount,note\nCLM-1,appeal,2025-04-02,,"a\tb ""c"""\n');
      expect(await ehrRows(tw, 'denial_actions', 'claim_id')).toMatchObject([{ note: 'a\tb "c"' }]);
    });

    it('keeps a stray quote inside an unquoted field as text', async () => {
      const r = await ingestText('denial_actions_stray.csv', 'claim_id,action,action_on,amount,note\nCLM-1,appeal,2025-04-02,,patient is 5" taller\n');
      expect(r).toMatchObject({ status: 'loaded', rows: 1 });
      expect(await ehrRows(tw, 'denial_actions', 'claim_id')).toMatchObject([{ note: 'patient is 5" taller' }]);
    });
  });

  describe('structurally wrong files', () => {
    it('quarantines binary content, naming the line', async () => {
      const r = await ingestText('visits_binary.csv', Buffer.concat([Buffer.from(`${VISITS_HEADER}\n${visit('V1')}\n`), Buffer.from([0x56, 0x32, 0x00, 0x01, 0x02])]));
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_STRUCTURAL', kind: 'csv_visits' });
      expect(r.reason).toContain('binary content');
      expect(r.reason).toContain('line 3');
    });

    it('quarantines content that is not UTF-8, naming the line', async () => {
      const latin1 = Buffer.from(`${VISITS_HEADER}\n${visit('V1')}\n${visit('V2')}\nV3,RIV01,MRN\xe90103,1234567893,2025-03-03,treatment,completed,,,,,\n`, 'latin1');
      const r = await ingestText('visits_latin1.csv', latin1);
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_STRUCTURAL' });
      expect(r.reason).toContain('not valid UTF-8');
      expect(r.reason).toContain('line 4');
      expect((await tw.tableCounts())['raw.ehr_visits']).toBe(0);
    });

    it('quarantines a file whose header names a column twice', async () => {
      const r = await ingestText('visits_dup_header.csv', `${VISITS_HEADER},visit_date\n${visit('V1', ',2025-03-03')}\n`);
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_STRUCTURAL' });
      expect(r.reason).toContain('column "visit_date" appears 2 times in the header');
    });

    it('quarantines a file with an empty header row', async () => {
      const r = await ingestText('visits_no_header.csv', ',,,\n');
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_STRUCTURAL' });
      expect(r.reason).toContain('no header row');
    });

    it('loads a header-only file as zero rows', async () => {
      const r = await ingestText('visits_empty.csv', `${VISITS_HEADER}\n`);
      expect(r).toMatchObject({ status: 'loaded', rows: 0 });
    });
  });

  describe('reject rate', () => {
    const bad = (id: string) => `${id},RIV01,MRN0000101,1234567893,2025-13-03,treatment,completed,,,,,`;

    const goodRows = (n: number) => Array.from({ length: n }, (_, i) => visit(`G${i + 1}`));
    const badRows = (n: number) => Array.from({ length: n }, (_, i) => bad(`B${i + 1}`));

    it('quarantines a file of 10 rows or more when more than half of its rows are rejected; nothing is kept', async () => {
      const r = await ingestText('visits_mostly_bad.csv', [VISITS_HEADER, ...goodRows(4), ...badRows(6)].join('\n'));
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_REJECT_RATE', rows: 0 });
      expect(r.reason).toBe('CSV_REJECT_RATE: 6 of 10 data rows rejected (BAD_DATE 6): more than half, so the file is held whole (line 6)');
      const counts = await tw.tableCounts();
      expect([counts['raw.ehr_visits'], counts['raw.csv_rejects'], counts['raw.load_findings']]).toEqual([0, 0, 0]);
    });

    it('loads a file with exactly half of its rows rejected', async () => {
      const r = await ingestText('visits_half_bad.csv', [VISITS_HEADER, ...goodRows(5), ...badRows(5)].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', rows: 5 });
    });

    it('keeps the good rows of a small file (under 10 rows) whatever its reject rate, and lists every reject', async () => {
      // 1 good, 2 bad: the rate rule (more than half) is for files of 10 rows or more.
      const r = await ingestText('visits_small_update.csv', [VISITS_HEADER, visit('V1'), bad('V2'), bad('V3')].join('\n'));
      expect(r).toMatchObject({ status: 'loaded', rows: 1 });
      expect(await rejectList(tw)).toEqual([[3, 'visit_date', 'BAD_DATE'], [4, 'visit_date', 'BAD_DATE']]);
      const [f] = await findings(tw, 'csv_rejects');
      expect(f).toMatchObject({ severity: 'warn', entity: 'visits' });
    });

    it('quarantines a small file whose every row is rejected (it can then be retried after a fix)', async () => {
      const r = await ingestText('visits_all_bad.csv', [VISITS_HEADER, bad('V1'), bad('V2')].join('\n'));
      expect(r).toMatchObject({ status: 'quarantined', code: 'CSV_REJECT_RATE', rows: 0 });
      expect(r.reason).toContain('2 of 2 data rows rejected (BAD_DATE 2)');
    });
  });

  describe('merging', () => {
    it('keeps the later line of a key repeated within a file, with a csv_duplicate_key finding', async () => {
      const text = [VISITS_HEADER, visit('V1'), visit('V2'), 'V1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,cancelled,MCR,,,,', visit('V3'), 'V1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,no_show,MCR,,,,'].join('\n');
      const r = await ingestText('visits_repeat.csv', text);
      expect(r.reason).toContain('3 rows (3 new, 0 replaced)');
      expect(r.reason).toContain('1 repeated key (later line wins)');
      // Five lines read, three rows kept: the result and the ledger count the rows the file holds.
      expect(r.rows).toBe(3);
      expect(await tw.query(`SELECT rows FROM raw.files WHERE sha256 = '${r.sha256}'`)).toEqual([{ rows: 3 }]);
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => [x.visit_id, x.status, x.line_number])).toEqual([
        ['V1', 'no_show', 6],
        ['V2', 'completed', 3],
        ['V3', 'completed', 5],
      ]);
      const [f] = await findings(tw, 'csv_duplicate_key');
      expect(f).toMatchObject({ severity: 'warn', entity: 'visits', key: 'V1' });
      expect(f!.message).toBe('1 visits key (visit_id) appears on more than one line of the file; the later line wins (e.g. visit_id V1 on lines 2, 4, 6)');
    });

    it('applies files in ingest order within one ingest call', async () => {
      tw = tempWarehouse();
      await tw.ingest([fixture('visits', 'visits.csv'), fixture('visits', 'visits-update.csv')]);
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => x.minutes)).toEqual([50, 40, null, null]);
    });

    it('reads procedure codes and modifiers in upper case: a later fee_schedule file\'s 97110,gp replaces 97110,GP', async () => {
      tw = tempWarehouse();
      const dir = path.join(tw.dir, 'fees');
      const header = 'payer_id,cpt,modifier,allowed_amount,effective_from';
      const first = writeFixture(dir, 'fee_schedule_1.csv', Buffer.from(`${header}\nMCR,97110,GP,60.00,2025-01-01\n`));
      const second = writeFixture(dir, 'fee_schedule_2.csv', Buffer.from(`${header}\nMCR,97110,gp,70.00,2025-01-01\nMCR,g0283,,12.00,2025-01-01\n`));
      await tw.ingest([first, second]);
      expect(await tw.query('SELECT cpt, modifier, allowed_amount FROM raw.ehr_fee_schedule ORDER BY cpt')).toEqual([
        { cpt: '97110', modifier: 'GP', allowed_amount: 70 },
        { cpt: 'G0283', modifier: null, allowed_amount: 12 },
      ]);
    });

    it('keeps the earlier values of optional columns a later file does not have; an empty cell still clears', async () => {
      tw = tempWarehouse();
      const dir = path.join(tw.dir, 'partial');
      const first = writeFixture(dir, 'visits_1.csv', Buffer.from(
        `${VISITS_HEADER}\nV1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,completed,MCR,C1,,,40\n` +
          'V2,RIV01,MRN0000101,1234567893,2025-03-05,treatment,completed,MCR,C2,,,45\n',
      ));
      // Only the required columns: V1 turns no_show; its payer, claim and minutes are not restated, so they stay.
      const second = writeFixture(dir, 'visits_2.csv', Buffer.from(
        'visit_id,clinic_id,patient_id,provider_npi,visit_date,visit_type,status\nV1,RIV01,MRN0000101,1234567893,2025-03-03,treatment,no_show\n',
      ));
      // claim_id present but empty for V2: that clears it (the visit was unbilled); minutes absent: kept.
      const third = writeFixture(dir, 'visits_3.csv', Buffer.from(
        'visit_id,clinic_id,patient_id,provider_npi,visit_date,visit_type,status,payer_id,claim_id\nV2,RIV01,MRN0000101,1234567893,2025-03-05,treatment,completed,MCR,\n',
      ));
      await tw.ingest([first, second, third]);
      expect((await ehrRows(tw, 'visits', 'visit_id')).map((x) => [x.visit_id, x.status, x.payer_id, x.claim_id, x.minutes])).toEqual([
        ['V1', 'no_show', 'MCR', 'C1', 40],
        ['V2', 'completed', 'MCR', null, 45],
      ]);
      // A payers file without in_network / auth_exempt_visits does not reset them to their defaults.
      const header = 'payer_id,payer_name,financial_class,x12_payer_id,requires_auth';
      const p1 = writeFixture(dir, 'payers_1.csv', Buffer.from(`${header},in_network,auth_exempt_visits\nACME,Acme,commercial,ACM01,true,false,0\n`));
      const p2 = writeFixture(dir, 'payers_2.csv', Buffer.from(`${header}\nACME,Acme Health,commercial,ACM01,false\n`));
      await tw.ingest([p1, p2]);
      expect(await tw.query('SELECT payer_name, requires_auth, in_network, auth_exempt_visits FROM raw.ehr_payers')).toEqual([
        { payer_name: 'Acme Health', requires_auth: false, in_network: false, auth_exempt_visits: 0 },
      ]);
    });

    it('names a repeated date key as YYYY-MM-DD in the csv_duplicate_key finding', async () => {
      const header = 'payer_id,cpt,modifier,allowed_amount,effective_from';
      await ingestText('fee_schedule_rep.csv', `${header}\nMCR,97110,,30.00,2025-01-01\nMCR,97110,,31.00,2025-01-01\n`);
      const [f] = await findings(tw, 'csv_duplicate_key');
      expect(f).toMatchObject({ entity: 'fee_schedule', key: 'MCR|97110||2025-01-01' });
      expect(f!.message).toContain('effective_from 2025-01-01 on lines 2, 3');
    });

    it('loads a visit whose payer is in no payers file (a model-level finding, not a reject)', async () => {
      tw = tempWarehouse();
      const results = await tw.ingest([fixture('payers', 'payers.csv'), fixture('visits', 'visits.csv')]);
      expect(results.map((r) => r.status)).toEqual(['loaded', 'loaded']);
      expect(await tw.query("SELECT visit_id, payer_id FROM raw.ehr_visits WHERE payer_id NOT IN (SELECT payer_id FROM raw.ehr_payers)")).toEqual([
        { visit_id: 'V1004', payer_id: 'ZZZ-UNKNOWN' },
      ]);
      expect(await rejectList(tw)).toEqual([]);
    });
  });

  describe('a large file', () => {
    it('streams 150,000 rows through the loader spill path with exact line numbers', async () => {
      const n = 150_000;
      const lines = [VISITS_HEADER];
      for (let i = 1; i <= n; i++) {
        const id = `V${String(i).padStart(7, '0')}`;
        if (i === 140_001) lines.push(`${id},RIV01,MRN${i % 5000},1234567893,2025-02-29,treatment,completed,MCR,,,,30`);
        else lines.push(`${id},RIV0${i % 3},MRN${i % 5000},1234567893,2025-03-${String((i % 28) + 1).padStart(2, '0')},treatment,completed,MCR,C${i},,,${i % 60}`);
      }
      lines.push(`V0000007,RIV01,MRN7,1234567893,2025-03-09,discharge,completed,MCR,,,,30`);
      const r = await ingestText('visits_large.csv', `${lines.join('\n')}\n`);
      // n + 1 data lines, 1 rejected, V0000007 twice (the later line kept): n - 1 rows stay.
      expect(r).toMatchObject({ status: 'loaded', rows: n - 1 });
      expect(r.reason).toContain(`${n - 1} rows (${n - 1} new, 0 replaced); 1 rejected; 1 repeated key`);
      expect(await rejectList(tw)).toEqual([[140_002, 'visit_date', 'BAD_DATE']]);
      expect(await tw.query("SELECT visit_type, line_number FROM raw.ehr_visits WHERE visit_id = 'V0000007'")).toEqual([{ visit_type: 'discharge', line_number: n + 2 }]);
      expect(await tw.query("SELECT line_number, minutes FROM raw.ehr_visits WHERE visit_id = 'V0123456'")).toEqual([{ line_number: 123_457, minutes: 123_456 % 60 }]);
      const [ledgerRow] = [await ledger(tw, r.sha256)];
      expect(ledgerRow).toMatchObject({ status: 'loaded', rows: n - 1 });
    });
  });

  it('carries records through the worker exactly even when the file holds the separator control characters', async () => {
    const r = await ingestText('denial_actions_ctl.csv', 'claim_id,action,action_on,amount,note\nCLM-1,appeal,2025-04-02,,"x\x1ey\x1fz"\nCLM-2,appeal,2025-04-03,,plain\n');
    expect(r).toMatchObject({ status: 'loaded', rows: 2 });
    expect((await ehrRows(tw, 'denial_actions', 'claim_id')).map((x) => [x.note, x.line_number])).toEqual([
      ['x\x1ey\x1fz', 2],
      ['plain', 3],
    ]);
  });
});
