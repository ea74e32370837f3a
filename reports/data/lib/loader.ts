/**
 * What every data loader shares: open the warehouse read-only (REVCYCLE_DB, set by `revcycle site`), run a few
 * SELECTs from the marts, print one JSON document to stdout, log to stderr, exit non-zero on failure.
 *
 * Whatever a loader prints is published to every viewer of the site (stack-notes §4.4), so loaders only select
 * marts — aggregates, plus pseudonymous worklists (claim ids, visit ids, patient_key) in the internal profile — and
 * the benchmark profile passes every aggregate through the small-cell suppression of src/site/suppress.ts.
 *
 * `ctx.db` is Kysely over the generated mart types (src/db/marts-types.ts): a loader names tables and columns the type
 * checker knows, so `npm test` (tsc) fails when a mart drops or renames a column a page reads. `ctx.query` is raw SQL
 * for the rest (config.params, and aggregates the builder cannot say, such as GROUPING SETS).
 */
import type { Kysely } from 'kysely';
import { martsDb } from '../../../src/db/kysely.ts';
import type { MartsDatabase } from '../../../src/db/marts-types.ts';
import { openWarehouse } from '../../../src/db/warehouse.ts';
import { queryPlain, type PlainRow } from '../../../src/db/results.ts';
import { readSiteEnv, type SiteEnv } from '../../../src/site/site-env.ts';
import { suppressRows, type CellRule, type GroupRule, type SuppressOptions } from '../../../src/site/suppress.ts';

export type { PlainRow };

export interface LoaderContext extends SiteEnv {
  benchmark: boolean;
  /** Typed queries on the marts (rows converted as by `query`). */
  db: Kysely<MartsDatabase>;
  /** Rows of a SELECT, JSON-safe (numbers for DECIMAL/BIGINT, 'YYYY-MM-DD' dates). */
  query(sql: string): Promise<PlainRow[]>;
  /** Benchmark profile: small-cell suppression; internal profile: the rows unchanged. */
  /** `periodDims`: for a periodised mart, its other grain columns (weeks and months add up to 'all' within them). */
  /** `sameValue`: columns holding one value for a group of rows (hidden on one, hidden on all). */
  suppress(rows: PlainRow[], rules: CellRule[], groups?: GroupRule[], periodDims?: string[], sameValue?: SuppressOptions['sameValue']): PlainRow[];
  /** Benchmark profile: clinic ids replaced by "Clinic A", "Clinic B", … ('*' stays); internal profile: unchanged. */
  relabel(rows: PlainRow[], column?: string): PlainRow[];
  /** Label of a clinic id as the site shows it. */
  clinicLabel(clinicId: string): string;
  clinics: Array<{ clinic_id: string; clinic_name: string }>;
}

function letters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Run one loader: `fn` returns the document to publish. */
export function loader(name: string, fn: (ctx: LoaderContext) => Promise<unknown>): void {
  const started = performance.now();
  run(fn)
    .then((doc) => {
      process.stdout.write(JSON.stringify(doc));
      process.stderr.write(`[${name}] ok in ${Math.round(performance.now() - started)} ms\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`[${name}] failed: ${String((err as Error)?.message ?? err).split('\n')[0]}\n`);
      process.exitCode = 1;
    });
}

async function run(fn: (ctx: LoaderContext) => Promise<unknown>): Promise<unknown> {
  const env = readSiteEnv();
  const wh = await openWarehouse({ path: env.dbPath, mode: 'ro', purpose: 'site data loader', timeoutMs: 60_000 });
  try {
    const query = async (sql: string) => (await queryPlain(wh.con, sql)).rows;
    const db = martsDb(wh);
    const clinics = (await db.selectFrom('marts.clinics').select(['clinic_id', 'clinic_name']).orderBy('clinic_id').execute()).map((r) => ({
      clinic_id: String(r.clinic_id),
      clinic_name: String(r.clinic_name ?? r.clinic_id),
    }));
    const benchmark = env.profile === 'benchmark';
    const labels = new Map<string, string>(
      clinics.map((c, i) => [c.clinic_id, benchmark ? `Clinic ${letters(i)}` : c.clinic_name]),
    );
    const clinicLabel = (id: string) => (id === '*' ? 'All clinics' : (labels.get(id) ?? (benchmark ? 'Other clinic' : id)));
    const ctx: LoaderContext = {
      ...env,
      benchmark,
      clinics,
      db,
      query,
      clinicLabel,
      suppress: (rows, rules, groups, periodDims, sameValue) =>
        benchmark ? suppressRows(rows, { smallCell: env.smallCell, rules, groups, periodDims, sameValue }) : rows,
      // '*' (all clinics) stays '*', as in the marts.
      relabel: (rows, column = 'clinic_id') =>
        benchmark
          ? rows.map((r) => ({ ...r, [column]: r[column] == null || r[column] === '*' ? r[column] : clinicLabel(String(r[column])) }))
          : rows,
    };
    return await fn(ctx);
  } finally {
    await wh.close();
  }
}

/** The period grains a page uses: `.where('period_grain', 'in', grains('month', 'all'))`. */
export function grains(...g: Array<'week' | 'month' | 'all'>): Array<'week' | 'month' | 'all'> {
  return g;
}
