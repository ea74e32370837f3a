/**
 * docs/formats.md, rendered from the zod schemas (`schemas.ts`), the reject reasons (`reasons.ts`), the mapping
 * config schema (`mapping-schema.ts`) and the worked WebPT example (docs/examples/webpt-visits.config.json run over
 * its fixture). Written by `gen-formats-doc.ts`; `test/ehr/formats-doc.test.ts` fails when the file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { Pseudonymizer } from '../../src/pseudonym.ts';
import { buildPlan } from './column-plan.ts';
import type { EntityColumn } from './columns.ts';
import { CsvMappingSchema } from './mapping-schema.ts';
import { QUARANTINE_CODES, REJECT_CODES } from './reasons.ts';
import { ENTITIES, entityByName, type EntityDef } from './schemas.ts';
import { ehrTable, LINEAGE_COLUMNS } from './tables.ts';
import { RowValidator } from './validate-row.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FORMATS_DOC = 'docs/formats.md';
export const EXAMPLE_CONFIG = 'docs/examples/webpt-visits.config.json';
export const EXAMPLE_FIXTURE = 'test/fixtures/ehr/webpt/VisitReport_2025-03.csv';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

function allowed(c: EntityColumn): string {
  const parts = [c.meta.format];
  if (c.defaultValue !== undefined) parts.push(`default \`${String(c.defaultValue)}\``);
  return parts.join('; ');
}

function entitySection(e: EntityDef): string {
  const t = ehrTable(e);
  const rows = e.columns.map((c) => [
    c.required ? `**${c.name}**` : c.name,
    c.required ? 'required' : 'optional',
    allowed(c),
    c.storedAs === c.name ? `${c.storedAs} ${c.meta.sqlType}` : `**${c.storedAs}** ${c.meta.sqlType}`,
    c.meta.doc,
  ]);
  return [
    `### \`${e.name}\``,
    '',
    `${e.doc[0]!.toUpperCase()}${e.doc.slice(1)}. File name \`${e.prefix}*.csv\`; primary key (${e.primaryKey.join(', ')}); raw table \`raw.${t.name}\` (+ ${LINEAGE_COLUMNS.map((c) => `\`${c.name}\``).join(', ')}).`,
    '',
    table(['column', 'required', 'accepted values', 'raw column', 'meaning'], rows),
  ].join('\n');
}

type Def = { type: string; defaultValue?: unknown; innerType?: z.ZodType };

function mappingKeys(): string {
  const rows = Object.entries(CsvMappingSchema.shape).map(([key, s]) => {
    const schema = s as z.ZodType;
    const def = schema._zod.def as unknown as Def;
    const dflt = def.type === 'default' ? `\`${JSON.stringify(def.defaultValue)}\`` : def.type === 'optional' ? '—' : def.type === 'prefault' ? '`{}`' : 'required';
    return [`\`${key}\``, dflt, schema.description ?? ''];
  });
  return table(['key', 'default', 'meaning'], rows);
}

function exampleSection(): string {
  const configText = fs.readFileSync(path.join(ROOT, EXAMPLE_CONFIG), 'utf8');
  const mapping = CsvMappingSchema.parse((JSON.parse(configText) as { csvMappings: unknown[] }).csvMappings[0]);
  const fixtureText = fs.readFileSync(path.join(ROOT, EXAMPLE_FIXTURE), 'utf8');
  const records = parse(fixtureText, { bom: true }) as string[][];
  const [header, ...data] = records;
  const entity = entityByName(mapping.entity)!;
  const plan = buildPlan(entity, header!, mapping);
  const validator = new RowValidator(plan, new Pseudonymizer(Buffer.from('docs')), '…');
  const cols = ehrTable(entity).columns;
  const shown = cols.map((c, k) => [c.name, k] as const).filter(([name]) => name !== 'file_sha256');
  const loaded: string[][] = [];
  const rejected: string[] = [];
  data.forEach((rec, i) => {
    const line = i + 2;
    const r = validator.validate(rec, line);
    if (r.ok) loaded.push(shown.map(([name, k]) => (name === 'patient_key' ? 'p_…' : r.cells[k] == null ? '' : String(r.cells[k]))));
    else for (const p of r.problems) rejected.push(`- line ${line}, column \`${p.column}\`: ${p.reason}`);
  });
  const fence = '```';
  return [
    '## Worked example: a WebPT-style visit report',
    '',
    `\`${EXAMPLE_CONFIG}\` maps a WebPT-style "visit report" export onto \`visits\`. Copy its \`csvMappings\` entry into`,
    '`revcycle.config.json` and adjust the names: the clinic id (the report covers one clinic), the insurance names of',
    'your payer list, and the visit-type and status wording of your export. The report is recognised by three of its',
    'column headers, whatever the file is called. `Patient Name` and `Rendering Provider` are not mapped: they are',
    'ignored and never stored (the ledger note lists them).',
    '',
    `${fence}json`,
    configText.trimEnd(),
    fence,
    '',
    `The first lines of the export (\`${EXAMPLE_FIXTURE}\`, synthetic; CRLF line ends, names quoted because they hold a comma):`,
    '',
    `${fence}csv`,
    ...fixtureText.split(/\r?\n/).slice(0, 4),
    fence,
    '',
    `What \`raw.${ehrTable(entity).name}\` receives from the whole file (patient ids replaced by keyed hashes):`,
    '',
    table(
      shown.map(([name]) => name),
      loaded,
    ),
    '',
    'Rejected (to `raw.csv_rejects`, the row is not loaded):',
    '',
    ...rejected,
  ].join('\n');
}

export function renderFormatsDoc(): string {
  const rejects = Object.entries(REJECT_CODES).map(([code, text]) => [`\`${code}\``, text]);
  const quarantine = Object.entries(QUARANTINE_CODES).map(([code, text]) => [`\`${code}\``, text]);
  return `${[
    '# EHR / practice-management CSV formats',
    '',
    '<!-- Generated from pipelines/ehr/schemas.ts (zod), reasons.ts, mapping-schema.ts and the WebPT example by',
    '     `npx tsx pipelines/ehr/gen-formats-doc.ts`. Do not edit by hand: test/ehr/formats-doc.test.ts fails when stale. -->',
    '',
    'The canonical CSV exports of DESIGN.md §5, as `revcycle ingest` reads them. The zod schemas in',
    '`pipelines/ehr/schemas.ts` are the single definition: the tables below, the raw tables and the row validation are',
    'all derived from them.',
    '',
    '## How a file is read',
    '',
    '- **Recognition.** (1) The file name starts with an entity prefix (`visits*.csv`, `payers*.csv`, `payments*.csv`,',
    '  `fee_schedule*.csv`, `denial_actions*.csv`, …; case-insensitive, longest prefix wins) and its header has the',
    "  entity's required columns. (2) Else a vendor mapping (config `csvMappings`, below) whose `match` holds, in config",
    "  order. (3) Else the file-name prefix alone: the file is then quarantined naming the missing columns. (4) Else the",
    "  header alone: the entity whose required columns are all present and that knows most of the header's columns, if",
    "  it knows at least half of them; else an entity one required column short that knows at least half of the header's",
    '  columns and more than any complete entity, the file then being quarantined naming the column; else the complete',
    '  entity that knows most (a tie is no answer). A file recognised by none of these is quarantined as',
    '  `UNKNOWN_FORMAT`.',
    '- **Text.** UTF-8 with or without BOM (a mapping may declare Latin-1), CRLF or LF line ends, comma-separated (a',
    '  mapping may declare another delimiter), one header row. Fields may be quoted with `"`; inside quotes, commas, line',
    '  breaks and doubled quotes `""` are data. A stray quote inside an unquoted field is kept as text.',
    '- **Header.** Names are matched trimmed and case-insensitively, in any order. Optional columns may be absent.',
    '  Unknown extra columns are ignored and listed in the ledger note (`marts.files.reason`).',
    '- **Cells.** Values are trimmed; an empty cell is a missing value (the default applies, or a required column',
    '  rejects the row). Blank lines are skipped. Empty fields after the last column (a trailing comma, on the rows or',
    '  on the header) are tolerated, and a row may stop before the last columns: they are then empty (if a column it',
    '  left out then rejects it, the row is rejected for its field count).',
    '- **Merge.** Each file is loaded in one transaction with its ledger row. Its rows replace the rows with the same',
    '  primary key (the later file wins); within a file a repeated key keeps its last line (`csv_duplicate_key`',
    '  finding). An optional column the file does not have at all (not in its header, not mapped) keeps the earlier',
    '  value of each key the file restates, so a partial export (visits with only the required columns, to update',
    '  statuses) changes what it states and nothing else; a column present with an empty cell clears the value. The',
    '  same bytes again are a duplicate (no-op); a new file with identical rows adds no rows.',
    '- **Patients.** `patient_id` is never stored: the raw tables hold `patient_key`, a keyed hash (HMAC) of it.',
    '  Rejects and messages never contain a value from the file. Free text (`denial_actions.note`) stays in raw.',
    '- **References are not checked here.** A payer id, clinic id or claim id that no other file defines is loaded as',
    '  is; the models report it (e.g. `unknown_payer_id` in `marts.data_quality`).',
    '',
    '## Entities',
    '',
    'Required columns in **bold**. "raw column" is the column of the raw table (and its DuckDB type).',
    '',
    ENTITIES.map(entitySection).join('\n\n'),
    '',
    '## Rejected rows',
    '',
    'A row that fails validation is not loaded. Each failing value (or the row, for row-level problems) becomes one row',
    'of `raw.csv_rejects`: file sha256 and name, entity, `line_number` (the line the row starts on; header = line 1),',
    '`column_name` (canonical name; empty for row-level problems) and `reason` = `CODE: what is wrong and what was',
    'expected` — never the value itself. Each rejected row is one `warn` finding `csv_reject` in `marts.data_quality`',
    '(key `file:line`, the message listing each failing column and reason). Each file with rejects also gets one load',
    'finding `csv_rejects` with the counts by code, in `raw.load_findings` and the ingest output.',
    '',
    table(['code', 'meaning'], rejects),
    '',
    '## Quarantined files',
    '',
    'Nothing of a quarantined file is loaded; `marts.files` holds its status, code, reason and line, and the file is kept',
    'in the quarantine folder. Fix it (or the config) and offer it again.',
    '',
    table(['code', 'when'], quarantine),
    '',
    '## Vendor column mappings (`csvMappings`)',
    '',
    "A mapping lets a clinic load its vendor's export as it comes, without editing files. Per cell, in this order: trim;",
    '`values` translation; `booleans` spellings (boolean columns); `dateFormat` / `timestampFormat` conversion (date and',
    'date-time columns); then the canonical validation above. Required columns must be present after mapping (mapped,',
    'constant, or under their canonical name), else the file is quarantined naming the column and its vendor name.',
    '',
    mappingKeys(),
    '',
    exampleSection(),
  ].join('\n')}\n`;
}
