/**
 * Loading one EHR CSV export, inside the file's transaction (opened by the ingest orchestrator):
 * read (streaming) → plan the columns from the header (+ vendor mapping) → validate each row → bulk-load valid rows
 * into the raw table and record rejects → quarantine when more than half the rows of a file of at least
 * REJECT_RATE_MIN_ROWS rows, or every row, are rejected → merge by primary key
 * (`merge.ts`) → findings.
 */
import { CSV_REJECTS } from '../../src/db/raw-schema.ts';
import { QuarantineError, type LoadContext, type ParseOutcome } from '../types.ts';
import { buildPlan, type ColumnPlan } from './column-plan.ts';
import type { CsvDetection } from './detect.ts';
import { mergeFile } from './merge.ts';
import { MAX_RECORD_BYTES, readCsv } from './read-csv.ts';
import { reason, reasonCode } from './reasons.ts';
import { entityByName } from './schemas.ts';
import { ehrTableOf } from './tables.ts';
import { RowValidator } from './validate-row.ts';

/**
 * A file of at least this many data rows is quarantined whole (CSV_REJECT_RATE) when more than half of them are
 * rejected: it is probably not what it claims to be. A smaller file (a hand-made update of a few rows) keeps its good
 * rows, and its bad ones go to raw.csv_rejects like any other; one whose every row is rejected is quarantined (so it
 * can be retried with `--retry-quarantined` after a mapping fix).
 */
export const REJECT_RATE_MIN_ROWS = 10;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function loadCsv(filePath: string, detection: CsvDetection, ctx: LoadContext): Promise<ParseOutcome> {
  const kind = `csv_${detection.entity}`;
  try {
    return await load(filePath, detection, ctx);
  } catch (err) {
    if (err instanceof QuarantineError && !err.position.kind) {
      throw new QuarantineError(err.code, err.message, { ...err.position, kind });
    }
    throw err;
  }
}

async function load(filePath: string, detection: CsvDetection, ctx: LoadContext): Promise<ParseOutcome> {
  const entity = entityByName(detection.entity);
  if (!entity) throw new QuarantineError('UNKNOWN_FORMAT', `unknown CSV entity ${detection.entity}`, { lineNumber: 1 });
  const mapping = detection.mappingName ? ctx.config.csvMappings.find((m) => m.name === detection.mappingName) : undefined;
  if (detection.mappingName && !mapping) {
    throw new QuarantineError('CSV_STRUCTURAL', `csv mapping ${detection.mappingName} is not in the config`, { lineNumber: 1 });
  }
  const table = ehrTableOf(entity.name);
  // Only notes may hold tabs, line breaks or quotes that the loader's TSV must escape (ids and text are one line,
  // everything else has a fixed shape); skipping the escaping is a measurable share of the time on large files.
  const rows = ctx.loader.sink(table, { escape: entity.columns.some((c) => c.meta.kind === 'note') });
  const rejectSink = ctx.loader.sink(CSV_REJECTS, { escape: true });

  let plan: ColumnPlan | undefined;
  /** Entity column → its position in the file (for telling a short row's missing columns from bad values). */
  const columnIndex = new Map<string, number>();
  let validator: RowValidator | undefined;
  let dataRows = 0;
  let rejectedRows = 0;
  let firstRejectLine: number | undefined;
  const byCode = new Map<string, number>();
  // `rows`: how many data rows the reject stands for (a broken quote can swallow several), so the counts by reason
  // add up to the rejected rows.
  const reject = (line: number, column: string, why: string, rows = 1) => {
    rejectSink.push([ctx.fileSha256, ctx.fileName, entity.name, line, column || null, why]);
    const code = reasonCode(why);
    byCode.set(code, (byCode.get(code) ?? 0) + rows);
    firstRejectLine ??= line;
  };

  const stats = await readCsv(filePath, {
    delimiter: mapping?.delimiter ?? ',',
    encoding: mapping?.encoding ?? 'utf-8',
    onHeader(fields) {
      plan = buildPlan(entity, fields, mapping);
      for (const src of plan.sources) if (src.index >= 0) columnIndex.set(src.column.name, src.index);
      validator = new RowValidator(plan, ctx.pseudonymizer, ctx.fileSha256);
    },
    onRecord(fields, line, span) {
      const width = plan!.width;
      // A row that stops before the last columns has them empty (a hand-written or spreadsheet export leaves trailing
      // empty optional fields out). If a column it left out then rejects it, it is rejected for its field count.
      const found = fields.length;
      if (found < width && span === 1) fields = [...fields, ...Array<string>(width - found).fill('')];
      if (fields.length !== width && !(fields.length > width && fields.slice(width).every((f) => f.trim() === ''))) {
        dataRows += span;
        rejectedRows += span;
        reject(
          line,
          '',
          span > 1
            ? reason('UNTERMINATED_QUOTE', `a quoted field opened on this line runs over ${span} lines and breaks the row (expected ${width} fields, found ${fields.length})`)
            : reason('COLUMN_COUNT', `wrong number of fields: expected ${width}, found ${fields.length}`),
          span,
        );
        return;
      }
      dataRows++;
      const r = validator!.validate(fields, line);
      if (r.ok) {
        rows.push(r.cells);
      } else {
        rejectedRows++;
        // A problem in a column the short row did not have: it was cut short, not just missing empty optional fields.
        if (found < width && r.problems.some((p) => (columnIndex.get(p.column) ?? -1) >= found)) {
          reject(line, '', reason('COLUMN_COUNT', `wrong number of fields: expected ${width}, found ${found}`));
        } else for (const p of r.problems) reject(line, p.column, p.reason);
      }
    },
    onUnreadable(from, to, oversized) {
      const n = to - from + 1;
      dataRows += n;
      rejectedRows += n;
      const what = oversized
        ? `the row starting on this line is longer than ${MAX_RECORD_BYTES / 2 ** 20} MB (a quote closed far too late?)`
        : 'a quoted field opened on this line is never closed';
      reject(from, '', reason('UNTERMINATED_QUOTE', `${what}: lines ${from}–${to} could not be read`), n);
    },
    async onBatch(bytes) {
      ctx.progress(bytes);
      await ctx.loader.drain();
    },
  });

  const counts = [...byCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  if ((dataRows >= REJECT_RATE_MIN_ROWS && rejectedRows * 2 > dataRows) || (rejectedRows > 0 && rejectedRows === dataRows)) {
    throw new QuarantineError(
      'CSV_REJECT_RATE',
      `${rejectedRows} of ${plural(dataRows, 'data row')} rejected (${counts}): more than half, so the file is held whole`,
      { lineNumber: firstRejectLine },
    );
  }
  await ctx.loader.finish();
  // Optional columns the file does not carry at all keep the values earlier files gave them (merge.ts).
  const absent = plan ? plan.sources.filter((s) => s.index < 0 && s.constant === undefined && !s.column.required).map((s) => s.column.storedAs) : [];
  const merged = await mergeFile(ctx.wh, table, entity, ctx.fileSha256, (f) => ctx.finding(f), absent);
  if (rejectedRows) {
    ctx.finding({
      check_name: 'csv_rejects',
      severity: 'warn',
      entity: entity.name,
      key: ctx.fileName,
      message: `${rejectedRows} of ${plural(dataRows, 'row')} rejected and not loaded (${counts}); details in raw.csv_rejects`,
    });
  }

  const note = [
    `${plural(merged.loaded, 'row')} (${merged.loaded - merged.replaced} new, ${merged.replaced} replaced)`,
    rejectedRows ? `${rejectedRows} rejected` : '',
    merged.duplicateKeys ? `${plural(merged.duplicateKeys, 'repeated key')} (later line wins)` : '',
    stats.blankLines ? `${plural(stats.blankLines, 'blank line')} skipped` : '',
    plan!.ignored.length ? `ignored unknown ${plan!.ignored.length === 1 ? 'column' : 'columns'}: ${plan!.ignored.join(', ')}` : '',
    mapping ? `mapping ${mapping.name}` : detection.via === 'header' ? 'recognised by header' : '',
  ].filter(Boolean);
  return { kind: `csv_${entity.name}`, businessKey: entity.name, note: note.join('; '), rows: merged.loaded };
}
