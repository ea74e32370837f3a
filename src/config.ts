/**
 * revcycle configuration: `revcycle.config.json` (or `--config PATH`), validated with zod.
 *
 * Every field is optional and has a documented default; unknown keys are an error that names the key. This module is
 * the only reader of `process.env` (REVCYCLE_DB, REVCYCLE_CONFIG, REVCYCLE_PSEUDONYM_KEY, REVCYCLE_LOCK_TIMEOUT_MS).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { isTimeZone } from '../pipelines/ehr/columns.ts';
import { CsvMappingSchema } from '../pipelines/ehr/mapping-schema.ts';
import { FINANCIAL_CLASSES } from '../pipelines/ehr/schemas.ts';

/** A cron expression for a scheduled job, or "off" / "" to disable it (checked when the config is read, not when the
 * scheduler starts). */
const Cron = z.string().refine((e) => e.trim() === '' || e.trim() === 'off' || validateCron(e.trim()), {
  message: 'not a valid cron expression (5 or 6 fields; "off" disables the job)',
});

const Money = z.number().nonnegative();

interface SeedTarget {
  kpi: string;
  direction: 'lower' | 'higher';
  green: number | undefined;
  red: number | undefined;
}

/** The seed targets (models/seeds/targets.csv): the KPIs `targets` may override, their direction and thresholds. */
function seedTargets(): SeedTarget[] {
  const file = path.resolve(import.meta.dirname, '../models/seeds/targets.csv');
  const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v));
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      // kpi,direction,target,green,red,green_inclusive,source: only the quoted source (last) may hold commas.
      const [kpi, direction, , green, red] = line.split(',', 6);
      return { kpi: kpi!.trim(), direction: direction!.trim() as 'lower' | 'higher', green: num(green), red: num(red) };
    });
}

/** KPIs whose value is a ratio (0.05 = 5%): the denial, first-pass, leakage and collection rates, the shares and percentages. */
const isRatioKpi = (kpi: string) => /(_rate|_pct|_share)(_|$)/.test(kpi);

export const ConfigSchema = z.strictObject({
  /** IANA time zone of the clinic group: schedules run in it; dates are calendar dates in it. */
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'not an IANA time zone name (e.g. America/New_York)' })
    .default('America/New_York'),
  costModel: z
    .strictObject({
      /** Direct cost of one completed visit (therapist time, space, supplies), in dollars. */
      costPerVisit: Money.default(62),
      /**
       * Billing cost per claim by payer financial class; `default` (6 when not given) covers the classes not listed.
       * A map given replaces the built-in one ({ default: 6, workers_comp: 25 }) whole.
       */
      adminCostPerClaim: z
        .record(z.string(), Money)
        .default({ default: 6, workers_comp: 25 })
        .superRefine((m, ctx) => {
          // A misspelt class would silently be costed at the default.
          for (const key of Object.keys(m)) {
            if (key !== 'default' && !(FINANCIAL_CLASSES as readonly string[]).includes(key)) {
              ctx.addIssue({ code: 'unrecognized_keys', keys: [key], message: `financial classes: ${FINANCIAL_CLASSES.join(', ')}, default` });
            }
          }
        })
        // Only the classes that differ may be given: the classes not listed cost `default`, 6 unless given.
        .transform((m) => ('default' in m ? m : { default: 6, ...m })),
      /** Extra cost of reworking one initially denied claim. */
      denialReworkCost: Money.default(30),
      /** Cash-pay rate per visit used by the out-of-network scenario on the payer page. */
      cashRatePerVisit: Money.default(120),
    })
    .prefault({}),
  alerts: z
    .strictObject({
      /** An authorisation with this many visits or fewer remaining is flagged `low_visits`. */
      authLowVisits: z.number().int().nonnegative().default(3),
      /** Re-authorisation is due this many days before expiry or projected exhaustion. */
      reauthLeadDays: z.number().int().nonnegative().default(7),
      /** A denial is routed in time when its first action comes within this many days. */
      denialRoutingSlaDays: z.number().int().nonnegative().default(2),
    })
    .prefault({}),
  /** Overrides of the seed targets (models/seeds/targets.csv), by KPI name. */
  targets: z
    .record(
      z.string(),
      z.strictObject({
        target: z.number().optional(),
        green: z.number().optional(),
        red: z.number().optional(),
        source: z.string().optional(),
      }),
    )
    .default({})
    .superRefine((m, ctx) => {
      const seed = seedTargets();
      for (const [key, o] of Object.entries(m)) {
        const t = seed.find((x) => x.kpi === key);
        // A misspelt KPI would silently leave the seed's thresholds in force.
        if (!t) {
          ctx.addIssue({ code: 'unrecognized_keys', keys: [key], message: `KPIs: ${seed.map((x) => x.kpi).join(', ')}` });
          continue;
        }
        // A percentage where a ratio is meant (5 for 5%) would make every week green (or red).
        if (isRatioKpi(key)) {
          for (const k of ['target', 'green', 'red'] as const) {
            const v = o[k];
            if (v !== undefined && (v < 0 || v > 1)) {
              ctx.addIssue({ code: 'custom', path: [key, k], message: `${v} is not a ratio between 0 and 1 (write 5% as 0.05)` });
            }
          }
        }
        // Thresholds the wrong way round would give green to a value past red.
        const green = o.green ?? t.green;
        const red = o.red ?? t.red;
        if (green !== undefined && red !== undefined && (t.direction === 'lower' ? green > red : green < red)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `green ${green} is ${t.direction === 'lower' ? 'above' : 'below'} red ${red}, but ${t.direction} is better`,
          });
        }
      }
    }),
  schedules: z
    .strictObject({
      /** Pick up complete inbox files and ingest them. */
      ingest: Cron.default('*/5 * * * *'),
      /** Nightly rebuild of models and the site. */
      rebuild: Cron.default('15 2 * * *'),
      /** Weekly scorecard archive and actions summary (Mondays). */
      weekly: Cron.default('0 6 * * 1'),
      /** Debounce before rebuilding after new data, in seconds. */
      rebuildDebounceSeconds: z.number().nonnegative().default(60),
      /**
       * An inbox file is complete when its size and modification time have not changed for this many seconds (files
       * renamed into the inbox after writing are usually older already). Temp names (*.part, *.tmp, dotfiles) never are.
       */
      inboxQuietSeconds: z.number().nonnegative().default(10),
      /** Rebuild the site after the models (scheduled and debounced rebuilds); `false` rebuilds the models only. */
      siteBuild: z.boolean().default(true),
    })
    .prefault({}),
  site: z
    .strictObject({
      /** `internal` (aggregates + pseudonymous worklists) or `benchmark` (aggregates only, small cells suppressed). */
      profile: z.enum(['internal', 'benchmark']).default('internal'),
      /** In the benchmark profile, cells counting 1 to smallCell − 1 claims or visits are suppressed. */
      smallCell: z.number().int().positive().default(11),
    })
    .prefault({}),
  build: z
    .strictObject({
      /**
       * DuckDB memory limit during `revcycle build` (and the scheduler's rebuilds): past it the build spills to disk
       * instead of growing. Raise it on a machine with memory to spare: a 10 M-line rebuild spills at 2.5GB
       * (docs/performance.md). The process peaks about 1.1–1.3 GiB above it (3.5 GiB at 10 M claim lines; 3.7–3.8
       * GiB, just over 4 × 10⁹ bytes, at 2.75GB).
       */
      memoryLimit: z
        .string()
        .regex(/^\s*\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i, { message: 'a size such as 3GB, 1.5GB, 512MB or 4GiB' })
        .default('2.5GB'),
    })
    .prefault({}),
  /** Quarantine 835s that fail balancing instead of loading them with an `error` finding. */
  strictBalancing: z.boolean().default(false),
  x12: z
    .strictObject({
      /**
       * Load X12 files wrapped at a fixed width (CR LF every 80 columns, even inside segments) by dropping the CR and
       * LF found inside segments. Off by default: such files are quarantined (IK4-6, domain-reference checklist row 5).
       */
      unwrapLines: z.boolean().default(false),
    })
    .prefault({}),
  /** Folders; relative paths are resolved against the directory of the warehouse file. */
  paths: z
    .strictObject({
      inbox: z.string().default('inbox'),
      landing: z.string().default('landing'),
      quarantine: z.string().default('quarantine'),
      archive: z.string().default('archive'),
    })
    .prefault({}),
  /** Column mappings for vendor CSV exports (see docs/formats.md). */
  csvMappings: z.array(CsvMappingSchema).default([]),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      // Every unknown key of the file at once (each with its path), so one run finds all the misspellings.
      const unknown = result.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys' ? i.keys.map((k) => `"${i.path.length ? `${i.path.join('.')}.` : ''}${k}"`) : [],
      );
      const hint = /^(financial classes|KPIs):/.test(issue.message) ? ` (${issue.message})` : '';
      throw new ConfigError(`${source}: unknown key${unknown.length > 1 ? 's' : ''} ${[...new Set(unknown)].sort().join(', ')}${hint}`);
    }
    throw new ConfigError(`${source}: ${where}: ${issue.message}`);
  }
  return result.data;
}

export function loadConfig(configPath?: string): Config {
  const explicit = configPath ?? process.env.REVCYCLE_CONFIG;
  const file = explicit ?? 'revcycle.config.json';
  if (!fs.existsSync(file)) {
    if (explicit) throw new ConfigError(`${file}: config file not found`);
    return parseConfig({});
  }
  const text = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, ''); // a BOM, as Windows editors write
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: ${jsonErrorAt(text, (err as Error).message)}`);
  }
  return parseConfig(raw, file);
}

/**
 * Where a text that JSON.parse refused goes wrong, as one line: "line L, column C: not valid JSON (expected …)".
 * V8 names the position for some errors only (not for an unexpected token), and quotes the text across its line
 * breaks, so this walks the JSON grammar itself to find the first character that cannot continue it.
 */
export function jsonErrorAt(text: string, parseMessage = ''): string {
  let i = 0;
  const fail = (expected: string): never => {
    throw Object.assign(new Error(expected), { at: i });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('a control character inside a string: write a line break as \\n, a tab as \\t');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('expected four hex digits after \\u');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)');
      }
      i++;
    }
    if (i >= text.length) fail('expected a closing quote');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a double-quoted property name');
        string();
        ws();
        if (text[i] !== ':') fail('expected ":" after the property name');
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('expected "," or "}" after the value');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('expected "," or "]" after the value');
      }
    }
    if (c === '"') return string();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== '-' && m[0]) return void (i += m[0].length);
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    fail('expected a value (object, array, string, number, true, false or null)');
  };
  let reason = parseMessage.replace(/\s+/g, ' '); // kept only if the walk finds nothing wrong
  try {
    value();
    ws();
    if (i < text.length) fail('expected the end of the file after the value');
  } catch (err) {
    reason = (err as Error).message;
  }
  const before = text.slice(0, i).split('\n');
  const where = i >= text.length ? 'end of file' : `line ${before.length}, column ${before.at(-1)!.length + 1}`;
  return `${where}: not valid JSON (${reason})`;
}

/** Default warehouse path: `--db`, else REVCYCLE_DB, else data/warehouse.duckdb. */
export function resolveDbPath(dbOption?: string): string {
  return path.resolve(dbOption ?? process.env.REVCYCLE_DB ?? 'data/warehouse.duckdb');
}

export interface Paths {
  db: string;
  dataDir: string;
  inbox: string;
  landing: string;
  quarantine: string;
  archive: string;
  lock: string;
  keyFile: string;
  state: string;
}

export function resolvePaths(dbPath: string, config: Config): Paths {
  const dataDir = path.dirname(dbPath);
  const r = (p: string) => path.resolve(dataDir, p);
  return {
    db: dbPath,
    dataDir,
    inbox: r(config.paths.inbox),
    landing: r(config.paths.landing),
    quarantine: r(config.paths.quarantine),
    archive: r(config.paths.archive),
    lock: `${dbPath}.lock`,
    keyFile: path.join(dataDir, 'pseudonym.key'),
    state: path.join(dataDir, 'state'),
  };
}

/** Secret for pseudonymous patient keys from the environment, if set. */
export function pseudonymKeyFromEnv(): string | undefined {
  return process.env.REVCYCLE_PSEUDONYM_KEY || undefined;
}

export function lockTimeoutMs(): number {
  const v = Number(process.env.REVCYCLE_LOCK_TIMEOUT_MS);
  return Number.isFinite(v) && v >= 0 ? v : 60_000;
}
