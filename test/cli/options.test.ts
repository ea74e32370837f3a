/**
 * Options checked before any work starts, and the pseudonym key given as a secret (REVCYCLE_PSEUDONYM_KEY).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPseudonymizer } from '../../src/pseudonym.ts';
import { BIN, runCli } from '../helpers/cli.ts';
import { makeTempDir, tempWarehouse } from '../helpers/warehouse.ts';

const dir = makeTempDir('options');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('date options', () => {
  it.each([
    ['build', '--as-of', '2025-02-30'],
    ['build', '--as-of', '2025-13-01'],
    ['rebuild', '--as-of', '2025-02-30'],
    ['simulate', '--start', '2025-04-31'],
  ])('%s %s %s: one usage line, exit 2, nothing done', (cmd, opt, value) => {
    const db = path.join(dir, `${cmd}-${value}`, 'warehouse.duckdb');
    const args = cmd === 'simulate' ? [cmd, '--out', path.join(dir, 'sim'), opt, value] : [cmd, opt, value, '--db', db];
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^revcycle ${cmd}: ${opt} must be a date YYYY-MM-DD \\(got ${value}\\) \\(usage: revcycle ${cmd} [^\\n]*\\)$`));
    expect(fs.existsSync(path.dirname(db))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'sim'))).toBe(false);
  });
});

describe('build', () => {
  it('refuses a warehouse that does not exist (one line, exit 2) instead of creating an empty one', () => {
    const db = path.join(dir, 'none', 'warehouse.duckdb');
    const r = runCli(['build', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`revcycle build: no warehouse at ${db}: run \`revcycle ingest\` (or \`revcycle demo\`) first`);
    expect(fs.existsSync(path.dirname(db))).toBe(false);
  });
});

describe('ingest --db in a place where no folder can be made', () => {
  it('says so in one line and exits 2 (under /proc, recursive mkdir used to spin forever)', () => {
    const file = path.join(dir, 'empty.csv');
    fs.writeFileSync(file, '');
    // Not runCli: a hang must end the child, not the test run.
    const r = spawnSync(process.execPath, [BIN, 'ingest', file, '--db', '/proc/revcycle-nope/w.duckdb'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`revcycle ingest: ENOENT: no such file or directory, mkdir '/proc/revcycle-nope'`);
  });

  it('simulate --out there fails the same way (every folder is made one level at a time; it used to hang)', () => {
    const r = spawnSync(process.execPath, [BIN, 'simulate', '--out', '/proc/revcycle-nope/sim', '--clinics', '1', '--months', '1'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`revcycle simulate: ENOENT: no such file or directory, mkdir '/proc/revcycle-nope'`);
  });
});

describe('REVCYCLE_PSEUDONYM_KEY', () => {
  it('holding the key file\'s contents (hex, with its newline) gives the same patient keys as the file', () => {
    const keyFile = path.join(dir, 'pseudonym.key');
    const fromFile = loadPseudonymizer(keyFile); // creates the key file
    const text = fs.readFileSync(keyFile, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    const fromEnv = loadPseudonymizer(path.join(dir, 'absent.key'), text);
    const fromEnvTrimmed = loadPseudonymizer(path.join(dir, 'absent.key'), text.trim());
    const key = (p: typeof fromFile) => p.patientKey('MRN0001');
    expect(key(fromEnv)).toBe(key(fromFile));
    expect(key(fromEnvTrimmed)).toBe(key(fromFile));
    // Any other text is a passphrase, used as it is.
    expect(key(loadPseudonymizer(path.join(dir, 'absent.key'), 'a passphrase'))).not.toBe(key(fromFile));
  });
});

describe('arguments a command does not take', () => {
  it.each([
    [['build', 'extra'], 'unexpected argument extra'],
    [['status', 'data'], 'unexpected argument data'],
    [['export', '--out', 'x', 'marts'], 'unexpected argument marts'],
    [['site', 'dist'], 'unexpected argument dist'],
    [['status', '--format', 'xml'], '--format must be table or json (got xml)'],
  ])('%j: one usage line, exit 2, nothing done', (args, message) => {
    const db = path.join(dir, 'args', 'warehouse.duckdb');
    const r = runCli([...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^revcycle ${args[0]}: ${message.replace(/[()]/g, '\\$&')} \\(usage: revcycle ${args[0]} [^\\n]*\\)$`));
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.dirname(db))).toBe(false);
  });
});

describe('ingest', () => {
  it('refuses a path that is not there (one line, exit 2) before creating a warehouse', () => {
    const db = path.join(dir, 'ingest-none', 'warehouse.duckdb');
    const missing = path.join(dir, 'no-such-folder');
    const r = runCli(['ingest', missing, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`revcycle ingest: ${missing}: no such file or folder\n`);
    expect(fs.existsSync(path.dirname(db))).toBe(false);
  });
});

describe('config', () => {
  it('refuses an admin cost for a financial class that does not exist, naming the key (a misspelling was costed at the default)', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    expect(() => parseConfig({ costModel: { adminCostPerClaim: { default: 6, workers_compensation: 25 } } }, 'cfg.json')).toThrow(
      'cfg.json: unknown key "costModel.adminCostPerClaim.workers_compensation" (financial classes: medicare, ',
    );
    expect(parseConfig({ costModel: { adminCostPerClaim: { default: 6, workers_comp: 25, medicare: 4 } } }).costModel.adminCostPerClaim)
      .toEqual({ default: 6, workers_comp: 25, medicare: 4 });
  });

  it('costs the classes not listed at the default 6 when adminCostPerClaim gives only the classes that differ', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    // "every field optional with a documented default" (DESIGN.md §3): a map without `default` was refused before.
    expect(parseConfig({ costModel: { adminCostPerClaim: { workers_comp: 40 } } }).costModel.adminCostPerClaim)
      .toEqual({ default: 6, workers_comp: 40 });
    // a map given replaces the built-in one whole: workers_comp is then costed at the given default
    expect(parseConfig({ costModel: { adminCostPerClaim: { default: 8 } } }).costModel.adminCostPerClaim).toEqual({ default: 8 });
    expect(parseConfig({}).costModel.adminCostPerClaim).toEqual({ default: 6, workers_comp: 25 });
  });

  it.each([
    ['{\n  "strictBalancing": tru\n}\n', 'line 2, column 22: not valid JSON (expected a value (object, array, string, number, true, false or null))'],
    ['{ "alerts": { "authLowVisits": 3, } }', 'line 1, column 35: not valid JSON (expected a double-quoted property name)'],
    ['{\n  "site": { "profile": "internal"\n', 'end of file: not valid JSON (expected "," or "}" after the value)'],
  ])('names the line and column of a config file that is not JSON, on one line: %j', (text, where) => {
    const cfg = path.join(dir, `bad-${where.length}.json`);
    fs.writeFileSync(cfg, text);
    const r = runCli(['status', '--config', cfg, '--db', path.join(dir, 'cfg', 'warehouse.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`revcycle status: ${cfg}: ${where}\n`);
  });

  it('refuses a schedule that is not a cron expression when the config is read, naming the key', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    // before, only `revcycle schedule` found out, when it started
    expect(() => parseConfig({ schedules: { rebuild: 'every night' } }, 'cfg.json')).toThrow(
      'cfg.json: schedules.rebuild: not a valid cron expression (5 or 6 fields; "off" disables the job)',
    );
    expect(parseConfig({ schedules: { rebuild: 'off', ingest: '*/10 * * * *' } }).schedules).toMatchObject({ rebuild: 'off', ingest: '*/10 * * * *' });
  });

  it('reads a config file that starts with a byte-order mark', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    const cfg = path.join(dir, 'bom.json');
    fs.writeFileSync(cfg, '\ufeff{ "strictBalancing": true }');
    expect(loadConfig(cfg).strictBalancing).toBe(true);
  });

  it('refuses a target for a KPI that does not exist, naming the key (a misspelling left the seed thresholds in force)', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    expect(() => parseConfig({ targets: { denial_rte: { green: 0.04 } } }, 'cfg.json')).toThrow(
      'cfg.json: unknown key "targets.denial_rte" (KPIs: denial_rate, denial_rate_amount, ',
    );
    expect(parseConfig({ targets: { denial_rate: { green: 0.04, red: 0.08 } } }).targets).toEqual({ denial_rate: { green: 0.04, red: 0.08 } });
  });

  it('refuses a percentage where a ratio is meant and thresholds the wrong way round (both were taken: a 25% denial rate showed green)', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    expect(() => parseConfig({ targets: { denial_rate: { green: 5, red: 10 } } }, 'cfg.json')).toThrow(
      'cfg.json: targets.denial_rate.green: 5 is not a ratio between 0 and 1 (write 5% as 0.05)',
    );
    expect(() => parseConfig({ targets: { net_collection_rate: { target: 95 } } }, 'cfg.json')).toThrow('cfg.json: targets.net_collection_rate.target: 95 is not a ratio');
    // Lower is better for days in A/R: green 50 above red 35 is the wrong way round; so is a green above the seed's red 50.
    expect(() => parseConfig({ targets: { days_in_ar: { green: 50, red: 35 } } }, 'cfg.json')).toThrow(
      'cfg.json: targets.days_in_ar: green 50 is above red 35, but lower is better',
    );
    expect(() => parseConfig({ targets: { days_in_ar: { green: 60 } } }, 'cfg.json')).toThrow('green 60 is above red 50, but lower is better');
    // Higher is better for net collection: green 0.938 below the seed's red 0.90 is fine, below a red of 0.95 is not.
    expect(() => parseConfig({ targets: { net_collection_rate: { green: 0.938, red: 0.95 } } }, 'cfg.json')).toThrow(
      'cfg.json: targets.net_collection_rate: green 0.938 is below red 0.95, but higher is better',
    );
    expect(parseConfig({ targets: { net_collection_rate: { green: 0.938 } } }).targets.net_collection_rate).toEqual({ green: 0.938 });
    // Not ratios: days, counts and dollars take any size; green = red is allowed (no amber band).
    expect(parseConfig({ targets: { days_in_ar: { green: 40, red: 40 }, unbilled_visits: { green: 5, red: 20 }, auth_leaked_amount: { red: 500 } } }).targets)
      .toEqual({ days_in_ar: { green: 40, red: 40 }, unbilled_visits: { green: 5, red: 20 }, auth_leaked_amount: { red: 500 } });
    expect(parseConfig({ targets: { denial_rate_amount: { green: 0.04, red: 1 } } }).targets.denial_rate_amount).toEqual({ green: 0.04, red: 1 });
  });

  it('refuses a time zone that is not an IANA name (the build failed later inside a model, naming neither file nor key)', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    expect(() => parseConfig({ timezone: 'Mars/Olympus' }, 'cfg.json')).toThrow('cfg.json: timezone: not an IANA time zone name');
    expect(() => parseConfig({ timezone: 'EST' }, 'cfg.json')).toThrow('cfg.json: timezone: not an IANA time zone name');
    expect(parseConfig({ timezone: 'America/Los_Angeles' }).timezone).toBe('America/Los_Angeles');
    expect(parseConfig({ timezone: 'UTC' }).timezone).toBe('UTC');
  });

  it('refuses a build memory limit DuckDB cannot read, naming the key (it failed only when the build started)', async () => {
    const { parseConfig } = await import('../../src/config.ts');
    expect(() => parseConfig({ build: { memoryLimit: '80%' } }, 'cfg.json')).toThrow(
      'cfg.json: build.memoryLimit: a size such as 3GB, 1.5GB, 512MB or 4GiB',
    );
    expect(() => parseConfig({ build: { memoryLimit: 'lots' } }, 'cfg.json')).toThrow('cfg.json: build.memoryLimit: a size');
    expect(() => parseConfig({ build: { memory: '3GB' } }, 'cfg.json')).toThrow('cfg.json: unknown key "build.memory"');
    // Every misspelling at once, not one per run.
    expect(() => parseConfig({ foo: 1, bar: 2, build: { memory: '3GB' } }, 'cfg.json')).toThrow(/^cfg\.json: unknown keys "bar", "build\.memory", "foo"$/);
    expect(parseConfig({}).build.memoryLimit).toBe('2.5GB');
    expect(parseConfig({ build: { memoryLimit: '1.5 GB' } }).build.memoryLimit).toBe('1.5 GB');
  });

  /**
   * The DuckDB settings `names` before a build under `config`, while it runs (read by the one mart of a models
   * folder) and after it, each keyed by setting name.
   */
  async function settingsAroundBuild(configJson: object, names: string[]) {
    const { parseConfig } = await import('../../src/config.ts');
    const { build } = await import('../../src/models/runner.ts');
    const tw = tempWarehouse();
    try {
      const read = `SELECT ${names.map((n) => `current_setting('${n}') AS ${n}`).join(', ')}`;
      const models = path.join(tw.dir, 'models');
      fs.mkdirSync(path.join(models, 'marts'), { recursive: true });
      fs.writeFileSync(path.join(models, 'marts', 'build_setting.sql'), `-- build_setting: settings during the build\n${read}\n`);
      return await tw.withRw(async (wh) => {
        const before = await wh.one<Record<string, unknown>>(read);
        await build(wh, { config: parseConfig(configJson), asOf: '2025-01-31', modelsDir: models });
        const after = await wh.one<Record<string, unknown>>(read);
        const during = await wh.one<Record<string, unknown>>('SELECT * FROM marts.build_setting');
        return { before, during, after };
      });
    } finally {
      tw.cleanup();
    }
  }

  it('builds under the configured memory limit and gives the connection its own limit back afterwards', async () => {
    // 1 GiB = 1.0 GiB; the default 2.5GB (2.5 × 10^9 bytes = 2.33 GiB) reads back as 2.3 GiB.
    const custom = await settingsAroundBuild({ build: { memoryLimit: '1GiB' } }, ['memory_limit']);
    expect(custom.during?.memory_limit).toBe('1.0 GiB');
    expect(custom.after?.memory_limit).toBe(custom.before?.memory_limit);
    expect((await settingsAroundBuild({}, ['memory_limit'])).during?.memory_limit).toBe('2.3 GiB');
  });

  it('returns freed memory to the system during the build and gives the allocator settings back afterwards', async () => {
    const seen = await settingsAroundBuild({}, ['allocator_background_threads', 'allocator_flush_threshold']);
    // DuckDB's defaults: no background thread, flush above 128 MiB. During the build a background thread gives
    // freed memory back and the allocator flushes after any task that peaked above 32 MB (peak RSS at 10 M claim
    // lines under a 3GB limit 3.8–4.0 GiB instead of 4.1–4.9 GiB, docs/performance.md).
    expect(seen.before).toEqual({ allocator_background_threads: false, allocator_flush_threshold: '128.0 MiB' });
    expect(seen.during).toEqual({ allocator_background_threads: true, allocator_flush_threshold: '30.5 MiB' });
    expect(seen.after).toEqual(seen.before);
  });

  it('lets DuckDB use every core of the machine (it was held to two, whatever the machine)', async () => {
    const os = await import('node:os');
    const tw = tempWarehouse();
    try {
      const threads = await tw.withRw(async (wh) => (await wh.one<{ t: bigint }>("SELECT current_setting('threads') AS t"))?.t);
      expect(Number(threads)).toBe(os.availableParallelism());
    } finally {
      tw.cleanup();
    }
  });
});

describe('common options before the command', () => {
  it('`revcycle --db W query …` and `revcycle --db=W -v query …` use W, like `revcycle query … --db W`', () => {
    const db = path.join(dir, 'before', 'warehouse.duckdb');
    const csv = path.join(dir, 'before-clinics.csv');
    fs.writeFileSync(csv, 'clinic_id,clinic_name,billing_npi\nC1,One,1000000001\n');
    expect(runCli(['--db', db, 'ingest', csv]).code).toBe(0);
    const sql = 'select count(*) as n from raw.ehr_clinics';
    for (const args of [['--db', db, 'query', sql, '--format', 'json'], [`--db=${db}`, '-v', 'query', sql, '--format', 'json'], ['query', sql, '--format', 'json', '--db', db]]) {
      const r = runCli(args);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([{ n: 1 }]);
    }
  });

  it('an unknown option before the command is still refused as an unknown command', () => {
    const r = runCli(['--nope', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('revcycle: unknown command "--nope" (run revcycle --help)');
  });
});
