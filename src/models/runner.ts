/**
 * The model runner behind `revcycle build [--as-of DATE]`.
 *
 * Discovers the SQL models in `models/` (one model per file: `staging/`, `intermediate/`, `marts/`, `audits/`), loads
 * the seeds (`models/seeds/*.csv`) and the build parameters (as-of date, cost model, alert thresholds, targets from
 * config), orders the models by the tables they reference, and builds them all in ONE transaction: readers never see
 * a half-built set of marts, and a failing model leaves the previous marts untouched. Audits are models too (schema
 * `audits`): each returns violating rows, which feed `marts.data_quality`. Every run is recorded in `meta.build_runs`.
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

/** Order models so each comes after the models it references; a cycle is an error naming the models. */
export function orderModels(models: Model[]): Model[] {
  const byKey = new Map(models.map((m) => [`${m.schema}.${m.name}`, m]));
  const audits = models.filter((m) => m.schema === 'audits');
  // audits.findings is the union of every audit: whoever reads it depends on all of them.
  const depsOf = (m: Model) => m.refs.flatMap((r) => (r === 'audits.findings' ? audits : byKey.get(r) ? [byKey.get(r)!] : []));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]) => {
    const key = `${m.schema}.${m.name}`;
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new ModelError(key, `reference cycle: ${[...trail, key].join(' → ')}`);
    state.set(key, 'visiting');
    for (const dep of depsOf(m)) if (dep !== m) visit(dep, [...trail, key]);
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
   * temporary tables of the build's connection: never written to the warehouse file, dropped after the build.
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

/** The latest event date present in the raw data (what happened, not what is scheduled). */
export async function defaultAsOf(wh: Warehouse): Promise<string> {
  const r = await wh.one<{ d: Date | null }>(`SELECT greatest(
      (SELECT max(visit_date) FROM raw.ehr_visits WHERE status = 'completed'),
      (SELECT max(bht04) FROM raw.x12_837_headers),
      (SELECT max(gs04) FROM raw.x12_sets),
      (SELECT max(payment_date) FROM raw.x12_835_remittances),
      (SELECT max(service_date_to) FROM raw.x12_837_lines),
      (SELECT max(status_date) FROM raw.x12_277_statuses),
      (SELECT max(greatest(received_on, posted_on)) FROM raw.ehr_payments),
      (SELECT max(action_on) FROM raw.ehr_denial_actions),
      (SELECT max(greatest(requested_on, decided_on)) FROM raw.ehr_authorizations)
    ) AS d`);
  if (!r?.d) return new Date().toISOString().slice(0, 10);
  return r.d.toISOString().slice(0, 10);
}

async function loadSeeds(wh: Warehouse, dir: string): Promise<string[]> {
  const seedDir = path.join(dir, 'seeds');
  const names: string[] = [];
  if (!fs.existsSync(seedDir)) return names;
  for (const f of fs.readdirSync(seedDir).filter((n) => n.endsWith('.csv')).sort()) {
    const name = path.basename(f, '.csv');
    await wh.run(
      `CREATE TABLE seeds.${name} AS SELECT * FROM read_csv(${sqlString(path.join(seedDir, f))}, header = true, all_varchar = true, quote = '"', escape = '"')`,
    );
    names.push(name);
  }
  return names;
}

/** Build parameters as tables in schema `config`, so models stay plain SQL. */
async function loadParams(wh: Warehouse, config: Config, asOf: string): Promise<void> {
  const c = config;
  await wh.run(`CREATE TABLE config.params AS SELECT
      DATE ${sqlString(asOf)} AS as_of,
      ${sqlString(c.timezone)} AS timezone,
      ${c.costModel.costPerVisit}::DECIMAL(18,2) AS cost_per_visit,
      ${c.costModel.denialReworkCost}::DECIMAL(18,2) AS denial_rework_cost,
      ${c.costModel.cashRatePerVisit}::DECIMAL(18,2) AS cash_rate_per_visit,
      ${c.alerts.authLowVisits}::INTEGER AS auth_low_visits,
      ${c.alerts.reauthLeadDays}::INTEGER AS reauth_lead_days,
      ${c.alerts.denialRoutingSlaDays}::INTEGER AS denial_routing_sla_days,
      ${c.site.smallCell}::INTEGER AS small_cell`);
  const admin = Object.entries(c.costModel.adminCostPerClaim);
  await wh.run(
    `CREATE TABLE config.admin_cost_per_claim AS SELECT * FROM (VALUES ${admin
      .map(([k, v]) => `(${sqlString(k)}, ${Number(v)}::DECIMAL(18,2))`)
      .join(', ')}) t(financial_class, cost)`,
  );
  const overrides = Object.entries(c.targets);
  await wh.run(
    overrides.length
      ? `CREATE TABLE config.target_overrides AS SELECT * FROM (VALUES ${overrides
          .map(
            ([k, v]) =>
              `(${sqlString(k)}, ${v.target ?? 'NULL'}::DOUBLE, ${v.green ?? 'NULL'}::DOUBLE, ${v.red ?? 'NULL'}::DOUBLE, ${v.source ? sqlString(v.source) : 'NULL'}::VARCHAR)`,
          )
          .join(', ')}) t(kpi, target, green, red, source)`
      : `CREATE TABLE config.target_overrides (kpi VARCHAR, target DOUBLE, green DOUBLE, red DOUBLE, source VARCHAR)`,
  );
}

/** Intermediate tables built as connection-local temp tables are referenced by their bare name. */
function rewriteRefs(sql: string, tempIntermediate: boolean): string {
  return tempIntermediate ? sql.replace(/\bintermediate\.([a-z_][a-z0-9_]*)\b/gi, (_m, name: string) => name) : sql;
}

function createSql(m: Model, tempIntermediate: boolean): string {
  const sql = rewriteRefs(m.sql, tempIntermediate);
  if (tempIntermediate && m.schema === 'intermediate' && m.materialized === 'table') {
    return `CREATE OR REPLACE TEMP TABLE ${m.name} AS\n${sql}`;
  }
  const kind = m.materialized === 'view' ? 'VIEW' : 'TABLE';
  return `CREATE OR REPLACE ${kind} ${m.schema}.${m.name} AS\n${sql}`;
}

/** Audit models return violating rows with columns severity, entity, key, message (file_sha256 optional). */
function auditUnionSql(audits: Model[]): string {
  if (audits.length === 0) {
    return `CREATE OR REPLACE TABLE audits.findings (check_name VARCHAR, severity VARCHAR, file_sha256 VARCHAR, entity VARCHAR, key VARCHAR, message VARCHAR)`;
  }
  return `CREATE OR REPLACE TABLE audits.findings AS\n${audits
    .map(
      (a) =>
        `SELECT ${sqlString(a.name)} AS check_name, severity::VARCHAR AS severity, file_sha256::VARCHAR AS file_sha256, entity::VARCHAR AS entity, key::VARCHAR AS key, message::VARCHAR AS message FROM audits.${a.name}`,
    )
    .join('\nUNION ALL\n')}`;
}

async function dropTemps(wh: Warehouse, temps: string[], settings: Array<{ name: string; value: string }>): Promise<void> {
  for (const t of temps) await wh.run(`DROP TABLE IF EXISTS temp.main.${t}`).catch(() => undefined);
  for (const st of settings) {
    const restore = st.name === 'memory_limit' ? wh.restoreMemoryLimit(st.value) : wh.run(`SET ${st.name} = ${sqlString(st.value)}`);
    await restore.catch(() => undefined);
  }
}

export async function build(wh: Warehouse, opts: BuildOptions): Promise<BuildResult> {
  const started = new Date();
  const t0 = performance.now();
  const dir = opts.modelsDir ?? MODELS_DIR;
  const asOf = opts.asOf ?? (await defaultAsOf(wh));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new ModelError('(as-of)', `not a date: ${asOf}`);
  const ordered = orderModels(discoverModels(dir));
  // audits.findings (the union of every audit) is built right after the last audit; data_quality reads it.
  const audits = ordered.filter((m) => m.schema === 'audits');
  const timings: Array<{ model: string; ms: number }> = [];
  const runRow = await wh.one<{ n: number }>('SELECT coalesce(max(run_id), 0)::INTEGER + 1 AS n FROM meta.build_runs');
  const runId = runRow?.n ?? 1;
  const tempIntermediate = !opts.persistIntermediate;
  const temps = ordered.filter((m) => m.schema === 'intermediate' && m.materialized === 'table').map((m) => m.name);
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
  try {
    await wh.transaction(async () => {
      for (const s of OWNED_SCHEMAS) {
        await wh.run(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await wh.run(`CREATE SCHEMA ${s}`);
      }
      await loadSeeds(wh, dir);
      await loadParams(wh, opts.config, asOf);
      const pending = [...ordered];
      let unionBuilt = false;
      let i = 0;
      while (pending.length) {
        const m = pending.shift()!;
        if (!unionBuilt && m.refs.includes('audits.findings')) {
          try {
            await wh.run(auditUnionSql(audits));
          } catch (err) {
            throw new ModelError('audits.findings', ((err as Error).message ?? String(err)).split('\n')[0]!);
          }
          unionBuilt = true;
        }
        const ms0 = performance.now();
        try {
          await wh.run(createSql(m, tempIntermediate));
        } catch (err) {
          throw new ModelError(`${m.schema}.${m.name}`, ((err as Error).message ?? String(err)).split('\n')[0]!);
        }
        const ms = performance.now() - ms0;
        timings.push({ model: `${m.schema}.${m.name}`, ms });
        opts.onModel?.(m, ++i, ordered.length, ms);
      }
      if (!unionBuilt) await wh.run(auditUnionSql(audits));
    });
  } catch (err) {
    await dropTemps(wh, tempIntermediate ? temps : [], saved);
    await wh.run(
      `INSERT INTO meta.build_runs VALUES ($1, $2::DATE, $3::TIMESTAMP, current_timestamp::TIMESTAMP, $4, 'failed', $5, NULL, $6, NULL)`,
      [runId, asOf, started.toISOString(), Math.round(performance.now() - t0), ordered.length, (err as Error).message],
    );
    throw err;
  }
  await dropTemps(wh, tempIntermediate ? temps : [], saved);
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
