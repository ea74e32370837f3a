/**
 * The model runner behind `revcycle build [--as-of DATE]`.
 *
 * Discovers the SQL models in `models/` (one model per file: `staging/`, `intermediate/`, `marts/`, `audits/`), loads
 * the seeds (`models/seeds/*.csv`) and the build parameters (as-of date, cost model, alert thresholds, targets from
 * config), orders the models by the tables they reference, builds them, and publishes them in ONE transaction:
 * readers never see a half-built set of marts, and a failing model leaves the previous marts untouched. While the
 * build runs, seeds, parameters, staging views, intermediates and audits are temporary objects of the build's
 * connection, and each mart is built beside its published table (`marts.<name>__next`); an intermediate is dropped
 * once its last reader is built, so a large build holds only what is still to be read (docs/performance.md). The
 * publishing transaction writes seeds, parameters, staging views and audits to their schemas and renames each new
 * mart over the old one. Audits are models too (schema `audits`): each returns violating rows, which feed
 * `marts.data_quality`. Every run is recorded in `meta.build_runs`.
 *
 * The as-of date is `--as-of`, else the latest event date present in the data (never the wall clock), so the same
 * raw data and as-of always give the same marts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { sqlString, type Warehouse } from '../db/warehouse.ts';

export const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');

/** Schemas the runner owns and recreates on every build (marts are replaced table by table). */
const OWNED_SCHEMAS = ['seeds', 'config', 'staging', 'intermediate', 'audits'] as const;
const LAYERS = ['staging', 'intermediate', 'marts', 'audits'] as const;
type Layer = (typeof LAYERS)[number];

export interface Model {
  name: string;
  schema: Layer;
  file: string;
  sql: string;
  materialized: 'table' | 'view';
  /** Header comment: what it is, its grain, the rule it implements. */
  header: string;
  refs: string[];
}

export class ModelError extends Error {
  constructor(
    readonly model: string,
    message: string,
  ) {
    super(`model ${model} failed: ${message}`);
  }
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.sql') ? [path.join(dir, d.name)] : []))
    .sort();
}

const REF = /\b(staging|intermediate|marts|audits|seeds|config)\.([a-z_][a-z0-9_]*)\b/gi;

export function parseModel(file: string, schema: Layer): Model {
  const text = fs.readFileSync(file, 'utf8');
  const headerLines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('--')) break;
    headerLines.push(line.replace(/^--\s?/, ''));
  }
  const header = headerLines.join('\n');
  const mat = /^materialized:\s*(table|view)\s*$/m.exec(header)?.[1] as 'table' | 'view' | undefined;
  const name = path.basename(file, '.sql');
  const body = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('--'))
    .join('\n');
  const refs = [...new Set([...body.matchAll(REF)].map((m) => `${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`))];
  const sql = text.trim().replace(/;\s*$/, '');
  return { name, schema, file, sql, materialized: mat ?? (schema === 'staging' ? 'view' : 'table'), header, refs };
}

export function discoverModels(dir = MODELS_DIR): Model[] {
  const models = LAYERS.flatMap((layer) => walk(path.join(dir, layer)).map((f) => parseModel(f, layer)));
  const seen = new Map<string, string>();
  for (const m of models) {
    const key = `${m.schema}.${m.name}`;
    if (seen.has(key)) throw new ModelError(key, `defined twice (${seen.get(key)} and ${m.file})`);
    seen.set(key, m.file);
  }
  return models;
}

const modelKey = (m: Model) => `${m.schema}.${m.name}`;

/**
 * The models each model reads, by key. audits.findings is the union of every audit: whoever reads it reads all of
 * them. A model never reads itself.
 */
function readsOf(models: Model[]): Map<string, string[]> {
  const keys = new Set(models.map(modelKey));
  const audits = models.filter((m) => m.schema === 'audits').map(modelKey);
  return new Map(
    models.map((m) => [
      modelKey(m),
      [...new Set(m.refs.flatMap((r) => (r === 'audits.findings' ? audits : keys.has(r) ? [r] : [])))].filter((r) => r !== modelKey(m)),
    ]),
  );
}

/** Order models so each comes after the models it references; a cycle is an error naming the models. */
export function orderModels(models: Model[]): Model[] {
  const byKey = new Map(models.map((m) => [modelKey(m), m]));
  const reads = readsOf(models);
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]) => {
    const key = `${m.schema}.${m.name}`;
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new ModelError(key, `reference cycle: ${[...trail, key].join(' → ')}`);
    state.set(key, 'visiting');
    for (const dep of reads.get(key)!) visit(byKey.get(dep)!, [...trail, key]);
    state.set(key, 'done');
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => LAYERS.indexOf(a.schema) - LAYERS.indexOf(b.schema) || a.name.localeCompare(b.name))) {
    visit(m, []);
  }
  return out;
}

export interface BuildOptions {
  config: Config;
  /** YYYY-MM-DD; default: the latest event date in the data. */
  asOf?: string;
  /**
   * Keep the intermediate models as tables in schema `intermediate` (for inspection and tests). By default they are
   * temporary tables of the build's connection: never written to the warehouse file, each dropped once the last
   * model that reads it is built.
   */
  persistIntermediate?: boolean;
  /** DuckDB memory limit during the build (default: config `build.memoryLimit`): large builds spill to disk instead of growing. */
  memoryLimit?: string;
  modelsDir?: string;
  onModel?: (m: Model, index: number, total: number, ms: number) => void;
}

export interface BuildResult {
  runId: number;
  asOf: string;
  durationMs: number;
  models: number;
  auditFindings: number;
  rowCounts: Record<string, number>;
  timings: Array<{ model: string; ms: number }>;
}

/**
 * The latest event date present in the raw data (what happened, not what is scheduled): visits completed, 837s
 * submitted and their line dates, X12 groups, 835 payment dates, 277CA statuses, payments received and posted, denial
 * actions, authorisation requests and decisions, credentialing applications, and charge entry and documentation
 * times (as the clinic's calendar date: a time with an offset is moved into the clinic's time zone, as int_visits
 * does). Not appointments, authorisation windows, effective or termination dates, nor fee schedules: those may be
 * in the future. With none of those, the latest date of any kind (visits whatever their status, appointments,
 * authorisation windows, credentialing and fee schedule dates); with no dated data at all, today's date (every mart
 * is then empty of events).
 */
export async function defaultAsOf(wh: Warehouse, timezone = 'UTC'): Promise<string> {
  // as int_visits reads an entry time: a date alone is that calendar day; a time with an offset (Z, +hh, +hh:mm; seconds
  // added where the file gives HH:MM) is moved into the clinic's zone; a local time keeps its date
  const local = (col: string) => `(CASE
      WHEN ${col} IS NULL THEN NULL
      WHEN regexp_matches(${col}, '^\\d{4}-\\d\\d-\\d\\d$') THEN try_cast(${col} AS DATE)
      WHEN regexp_matches(${col}, '(Z|[+-]\\d\\d(:?\\d\\d)?)$')
        THEN (try_cast(regexp_replace(${col}, '^(\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d)([Z+-])', '\\1:00\\2') AS TIMESTAMPTZ)
              AT TIME ZONE coalesce(nullif(c.timezone, ''), ${sqlString(timezone)}))::DATE
      ELSE try_cast(left(${col}, 10) AS DATE) END)`;
  const r = await wh.one<{ d: Date | null }>(`SELECT greatest(
      (SELECT max(visit_date) FROM raw.ehr_visits WHERE status = 'completed'),
      (SELECT max(bht04) FROM raw.x12_837_headers),
      (SELECT max(gs04) FROM raw.x12_sets),
      (SELECT max(payment_date) FROM raw.x12_835_remittances),
      (SELECT max(service_date_to) FROM raw.x12_837_lines),
      (SELECT max(status_date) FROM raw.x12_277_statuses),
      (SELECT max(greatest(received_on, posted_on)) FROM raw.ehr_payments),
      (SELECT max(action_on) FROM raw.ehr_denial_actions),
      (SELECT max(greatest(requested_on, decided_on)) FROM raw.ehr_authorizations),
      (SELECT max(applied_on) FROM raw.ehr_credentialing),
      (SELECT max(greatest(${local('v.charge_entered_at')}, ${local('v.documented_at')}))
         FROM raw.ehr_visits v LEFT JOIN raw.ehr_clinics c ON c.clinic_id = v.clinic_id)
    ) AS d`);
  if (r?.d) return r.d.toISOString().slice(0, 10);
  // No event at all (say only cancelled and no-show visits, or only reference data): the latest date of any kind.
  const any = await wh.one<{ d: Date | null }>(`SELECT greatest(
      (SELECT max(visit_date) FROM raw.ehr_visits),
      (SELECT max(scheduled_date) FROM raw.ehr_appointments),
      (SELECT max(greatest(start_date, end_date)) FROM raw.ehr_authorizations),
      (SELECT max(greatest(effective_on, terminated_on)) FROM raw.ehr_credentialing),
      (SELECT max(greatest(effective_from, effective_to)) FROM raw.ehr_fee_schedule)
    ) AS d`);
  return (any?.d ?? new Date()).toISOString().slice(0, 10);
}

async function loadSeeds(wh: Warehouse, dir: string): Promise<string[]> {
  const seedDir = path.join(dir, 'seeds');
  const names: string[] = [];
  if (!fs.existsSync(seedDir)) return names;
  for (const f of fs.readdirSync(seedDir).filter((n) => n.endsWith('.csv')).sort()) {
    const name = path.basename(f, '.csv');
    await wh.run(
      `CREATE TEMP TABLE ${buildName('seeds', name)} AS SELECT * FROM read_csv(${sqlString(path.join(seedDir, f))}, header = true, all_varchar = true, quote = '"', escape = '"')`,
    );
    names.push(name);
  }
  return names;
}

/** Build parameters as tables in schema `config` (published with the marts), so models stay plain SQL. */
async function loadParams(wh: Warehouse, config: Config, asOf: string): Promise<string[]> {
  const c = config;
  await wh.run(`CREATE TEMP TABLE ${buildName('config', 'params')} AS SELECT
      DATE ${sqlString(asOf)} AS as_of,
      ${sqlString(c.timezone)} AS timezone,
      ${c.costModel.costPerVisit}::DECIMAL(18,4) AS cost_per_visit,
      ${c.costModel.denialReworkCost}::DECIMAL(18,4) AS denial_rework_cost,
      ${c.costModel.cashRatePerVisit}::DECIMAL(18,4) AS cash_rate_per_visit,
      ${c.alerts.authLowVisits}::INTEGER AS auth_low_visits,
      ${c.alerts.reauthLeadDays}::INTEGER AS reauth_lead_days,
      ${c.alerts.denialRoutingSlaDays}::INTEGER AS denial_routing_sla_days,
      ${c.site.smallCell}::INTEGER AS small_cell`);
  const admin = Object.entries(c.costModel.adminCostPerClaim);
  await wh.run(
    `CREATE TEMP TABLE ${buildName('config', 'admin_cost_per_claim')} AS SELECT * FROM (VALUES ${admin
      .map(([k, v]) => `(${sqlString(k)}, ${Number(v)}::DECIMAL(18,4))`)
      .join(', ')}) t(financial_class, cost)`,
  );
  const overrides = Object.entries(c.targets);
  await wh.run(
    overrides.length
      ? `CREATE TEMP TABLE ${buildName('config', 'target_overrides')} AS SELECT * FROM (VALUES ${overrides
          .map(
            ([k, v]) =>
              `(${sqlString(k)}, ${v.target ?? 'NULL'}::DOUBLE, ${v.green ?? 'NULL'}::DOUBLE, ${v.red ?? 'NULL'}::DOUBLE, ${v.source ? sqlString(v.source) : 'NULL'}::VARCHAR)`,
          )
          .join(', ')}) t(kpi, target, green, red, source)`
      : `CREATE TEMP TABLE ${buildName('config', 'target_overrides')} (kpi VARCHAR, target DOUBLE, green DOUBLE, red DOUBLE, source VARCHAR)`,
  );
  return ['params', 'admin_cost_per_claim', 'target_overrides'];
}

/** Suffix of a mart while it is built, beside the published table it replaces at the end of the build. */
export const NEXT_SUFFIX = '__next';

/**
 * Where a model reference points while the build runs: every seed, parameter table, staging view, intermediate and
 * audit is a temporary object of the build's connection (`<schema>__<name>`, never written to the warehouse file);
 * a mart is built beside its published table as `marts.<name>__next`.
 */
function buildName(schema: string, name: string): string {
  return schema === 'marts' ? `marts.${name}${NEXT_SUFFIX}` : `${schema}__${name}`;
}

function rewriteRefs(sql: string): string {
  return sql.replace(REF, (_m, schema: string, name: string) => buildName(schema.toLowerCase(), name.toLowerCase()));
}

function createSql(m: Model): string {
  const sql = rewriteRefs(m.sql);
  if (m.schema === 'marts') {
    if (m.materialized === 'view') throw new ModelError(`marts.${m.name}`, 'a mart is a table (materialized: view is for staging and intermediate models)');
    return `CREATE OR REPLACE TABLE ${buildName('marts', m.name)} AS\n${sql}`;
  }
  if (m.schema === 'audits' && m.materialized === 'view') throw new ModelError(`audits.${m.name}`, 'an audit is a table (materialized: view is for staging and intermediate models)');
  return `CREATE OR REPLACE TEMP ${m.materialized === 'view' ? 'VIEW' : 'TABLE'} ${buildName(m.schema, m.name)} AS\n${sql}`;
}

/** Audit models return violating rows with columns severity, entity, key, message (file_sha256 optional). */
function auditUnionSql(audits: Model[]): string {
  const target = `TEMP TABLE ${buildName('audits', 'findings')}`;
  if (audits.length === 0) {
    return `CREATE OR REPLACE ${target} (check_name VARCHAR, severity VARCHAR, file_sha256 VARCHAR, entity VARCHAR, key VARCHAR, message VARCHAR)`;
  }
  return `CREATE OR REPLACE ${target} AS\n${audits
    .map(
      (a) =>
        `SELECT ${sqlString(a.name)} AS check_name, severity::VARCHAR AS severity, file_sha256::VARCHAR AS file_sha256, entity::VARCHAR AS entity, key::VARCHAR AS key, message::VARCHAR AS message FROM ${buildName('audits', a.name)}`,
    )
    .join('\nUNION ALL\n')}`;
}

const errorLine = (err: unknown) => ((err as Error).message ?? String(err)).split('\n')[0]!;

/** Drop what a build left: its temporary objects, and marts built beside their tables (`marts.*__next`, also after a crash). */
async function dropBuildObjects(wh: Warehouse): Promise<void> {
  const objs = await wh.all<{ name: string; kind: string; temporary: boolean }>(
    `SELECT table_name AS name, 'TABLE' AS kind, temporary FROM duckdb_tables()
       WHERE temporary OR (schema_name = 'marts' AND suffix(table_name, ${sqlString(NEXT_SUFFIX)}))
     UNION ALL
     SELECT view_name, 'VIEW', temporary FROM duckdb_views() WHERE temporary`,
  );
  for (const o of objs) {
    if (o.temporary && !['seeds', 'config', ...LAYERS].some((p) => o.name.startsWith(`${p}__`))) continue;
    await wh.run(`DROP ${o.kind} IF EXISTS ${o.temporary ? 'temp.main' : 'marts'}."${o.name}"`).catch(() => undefined);
  }
}

async function restoreSettings(wh: Warehouse, settings: Array<{ name: string; value: string }>): Promise<void> {
  for (const st of settings) {
    const restore = st.name === 'memory_limit' ? wh.restoreMemoryLimit(st.value) : wh.run(`SET ${st.name} = ${sqlString(st.value)}`);
    await restore.catch(() => undefined);
  }
}

/**
 * The order the models are built in: a model comes after every model it references and, among the models whose
 * references are all built, the one that lets the build drop the most (rows × columns of the temporary intermediates
 * it is the last reader of) comes first; ties keep the reference order of `orderModels`. The order changes nothing
 * in the results, only how much the build holds at once.
 */
function nextModel(pending: Model[], reads: Map<string, string[]>, built: Set<string>, readersLeft: Map<string, number>, sizes: Map<string, number>): number {
  // The first pending model is always ready: `pending` keeps the reference order.
  let pick = 0;
  let best = -1;
  for (let j = 0; j < pending.length; j++) {
    const r = reads.get(modelKey(pending[j]!))!;
    if (!r.every((d) => built.has(d))) continue;
    const frees = r.reduce((a, d) => a + (readersLeft.get(d) === 1 ? (sizes.get(d) ?? 0) : 0), 0);
    if (frees > best) {
      best = frees;
      pick = j;
    }
  }
  return pick;
}

export async function build(wh: Warehouse, opts: BuildOptions): Promise<BuildResult> {
  const started = new Date();
  const t0 = performance.now();
  const dir = opts.modelsDir ?? MODELS_DIR;
  const asOf = opts.asOf ?? (await defaultAsOf(wh, opts.config.timezone));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new ModelError('(as-of)', `not a date: ${asOf}`);
  const ordered = orderModels(discoverModels(dir));
  // audits.findings (the union of every audit) is built right after the last audit; data_quality reads it.
  const audits = ordered.filter((m) => m.schema === 'audits');
  const timings: Array<{ model: string; ms: number }> = [];
  const runRow = await wh.one<{ n: number }>('SELECT coalesce(max(run_id), 0)::INTEGER + 1 AS n FROM meta.build_runs');
  const runId = runRow?.n ?? 1;
  // Marts do not depend on row order, and a bounded memory makes large builds spill instead of growing. The
  // allocator gives freed memory back to the system as the build goes (a background thread, and a flush after any
  // task that peaked above 32 MB): the memory limit does not cover what the allocator keeps (docs/performance.md).
  const saved = await wh.all<{ name: string; value: string }>(
    `SELECT name, value FROM duckdb_settings()
     WHERE name IN ('memory_limit', 'preserve_insertion_order', 'allocator_background_threads', 'allocator_flush_threshold')`,
  );
  await wh.run(`SET memory_limit = ${sqlString(opts.memoryLimit ?? opts.config.build.memoryLimit)}`);
  await wh.run('SET preserve_insertion_order = false');
  await wh.run('SET allocator_background_threads = true');
  await wh.run("SET allocator_flush_threshold = '32MB'");
  const key = modelKey;
  try {
    // 1. Build every model after the models it reads (nextModel), one statement at a time: seeds, parameters,
    //    staging views, intermediates and audits as temporary objects of this connection, marts beside their
    //    published tables. A temporary intermediate is dropped as soon as the last model that reads it is built
    //    (unless kept), so its memory goes back before the build ends. Nothing a reader sees changes in this step.
    await dropBuildObjects(wh);
    const seeds = await loadSeeds(wh, dir);
    const params = await loadParams(wh, opts.config, asOf);
    const byKey = new Map(ordered.map((m) => [key(m), m]));
    const reads = readsOf(ordered);
    const readersLeft = new Map<string, number>(ordered.map((m) => [key(m), 0]));
    for (const r of [...reads.values()].flat()) readersLeft.set(r, readersLeft.get(r)! + 1);
    const sizes = new Map<string, number>();
    const built = new Set<string>();
    const pending = [...ordered];
    let unionBuilt = false;
    while (pending.length) {
      const m = pending.splice(nextModel(pending, reads, built, readersLeft, sizes), 1)[0]!;
      if (!unionBuilt && m.refs.includes('audits.findings')) {
        try {
          await wh.run(auditUnionSql(audits));
        } catch (err) {
          throw new ModelError('audits.findings', errorLine(err));
        }
        unionBuilt = true;
      }
      const ms0 = performance.now();
      try {
        await wh.run(createSql(m));
      } catch (err) {
        throw err instanceof ModelError ? err : new ModelError(key(m), errorLine(err));
      }
      const ms = performance.now() - ms0;
      timings.push({ model: key(m), ms });
      opts.onModel?.(m, timings.length, ordered.length, ms);
      built.add(key(m));
      if (m.schema === 'intermediate' && m.materialized === 'table') {
        const r = await wh.one<{ n: bigint; c: bigint }>(
          `SELECT estimated_size AS n, column_count AS c FROM duckdb_tables() WHERE temporary AND table_name = ${sqlString(buildName(m.schema, m.name))}`,
        );
        sizes.set(key(m), Number(r?.n ?? 0) * Number(r?.c ?? 0));
      }
      for (const r of reads.get(key(m))!) {
        readersLeft.set(r, readersLeft.get(r)! - 1);
        const read = byKey.get(r)!;
        if (readersLeft.get(r) === 0 && read.schema === 'intermediate' && read.materialized === 'table' && !opts.persistIntermediate) {
          await wh.run(`DROP TABLE ${buildName(read.schema, read.name)}`);
        }
      }
    }
    if (!unionBuilt) await wh.run(auditUnionSql(audits));
    // 2. Publish in ONE transaction: readers see the previous marts or the new ones, never a mix, and a failing
    //    model (above) leaves everything as it was.
    await wh.transaction(async () => {
      for (const s of OWNED_SCHEMAS) {
        await wh.run(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await wh.run(`CREATE SCHEMA ${s}`);
      }
      for (const n of seeds) await wh.run(`CREATE TABLE seeds.${n} AS SELECT * FROM ${buildName('seeds', n)}`);
      for (const n of params) await wh.run(`CREATE TABLE config.${n} AS SELECT * FROM ${buildName('config', n)}`);
      for (const m of ordered) {
        if (m.materialized === 'view' && (m.schema === 'staging' || opts.persistIntermediate)) {
          await wh.run(`CREATE VIEW ${key(m)} AS\n${m.sql}`);
        } else if (m.schema === 'audits' || (m.schema === 'intermediate' && opts.persistIntermediate)) {
          await wh.run(`CREATE TABLE ${key(m)} AS SELECT * FROM ${buildName(m.schema, m.name)}`);
        } else if (m.schema === 'marts') {
          await wh.run(`DROP TABLE IF EXISTS marts."${m.name}"`);
          await wh.run(`ALTER TABLE marts."${m.name}${NEXT_SUFFIX}" RENAME TO "${m.name}"`);
        }
      }
      await wh.run(`CREATE TABLE audits.findings AS SELECT * FROM ${buildName('audits', 'findings')}`);
    }).catch((err: unknown) => {
      throw err instanceof ModelError ? err : new ModelError('(publish)', errorLine(err));
    });
  } catch (err) {
    await dropBuildObjects(wh);
    await restoreSettings(wh, saved);
    await wh.run(
      `INSERT INTO meta.build_runs VALUES ($1, $2::DATE, $3::TIMESTAMP, current_timestamp::TIMESTAMP, $4, 'failed', $5, NULL, $6, NULL)`,
      [runId, asOf, started.toISOString(), Math.round(performance.now() - t0), ordered.length, (err as Error).message],
    );
    throw err;
  }
  await dropBuildObjects(wh);
  await restoreSettings(wh, saved);
  const rowCounts: Record<string, number> = {};
  for (const m of ordered.filter((x) => x.schema === 'marts')) {
    const r = await wh.one<{ n: bigint }>(`SELECT count(*) AS n FROM marts.${m.name}`);
    rowCounts[`marts.${m.name}`] = Number(r?.n ?? 0);
  }
  const findings = Number((await wh.one<{ n: bigint }>('SELECT count(*) AS n FROM audits.findings'))?.n ?? 0);
  const durationMs = Math.round(performance.now() - t0);
  await wh.run(
    `INSERT INTO meta.build_runs VALUES ($1, $2::DATE, $3::TIMESTAMP, current_timestamp::TIMESTAMP, $4, 'success', $5, $6, NULL, $7)`,
    [runId, asOf, started.toISOString(), durationMs, ordered.length, findings, JSON.stringify(rowCounts)],
  );
  return { runId, asOf, durationMs, models: ordered.length, auditFindings: findings, rowCounts, timings };
}
