/**
 * X12 ingest benchmark (issue 2, "Done when" 7): `npm run bench:ingest`.
 *
 * Builds (or reuses from .bench/, git-ignored) synthetic 835 and 837P files of --mb MB (default 50) and one of
 * --big-mb MB (default 200) of each kind (test/bench/synthetic-x12.ts), then, in the same run:
 *
 * - node-x12 `parse()` alone on the 50 MB files, in a child process with a large heap (`readFileSync` is not timed);
 * - revcycle's parser alone on the 50 MB files (tokenize, envelope and loop checks, element validation, mapping,
 *   member keys, rows serialised and spilled to temp files; a warehouse whose statements do nothing), in a child;
 * - DuckDB's share alone on the 50 MB files: the same rows' INSERT statements (recorded while parsing, not timed) run
 *   in a new warehouse in one transaction, with COMMIT and CHECKPOINT, in a child: the floor no parser can lower;
 * - `revcycle ingest FILE --db TMP` end to end (detect, land with sha256, parse, validate, load, COMMIT, CHECKPOINT and
 *   close) as a child process, timed from spawn to exit, so node start-up and module loading are included;
 *
 * and prints one table: file, MB, seconds, MB/s, peak RSS (VmHWM of the child, sampled from /proc/<pid>/status every
 * 10 ms), the ratio of wall-clock throughput to node-x12's on the same file, and the child's CPU seconds (all threads,
 * user + system). Every ingest is checked: exit 0, the file loaded, and the claim count in the warehouse equal to
 * the generator's.
 *
 *   npm run bench:ingest -- [--runs=N] [--no-big] [--no-node-x12] [--no-parse-only] [--no-insert-only] [--only=835|837] [--mb=50] [--big-mb=200] [--quick]
 *
 * `--quick` = `--no-big --no-node-x12 --no-parse-only --no-insert-only`. With --runs=N each revcycle measurement runs N times and the
 * median is shown (the machine is usually shared: look at the spread in the notes below the table).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SYNTH_VERSION, write835, write837 } from './synthetic-x12.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BENCH_DIR = path.join(ROOT, '.bench');
const args = process.argv.slice(2);
const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const flag = (name: string) => args.includes(`--${name}`);

// ------------------------------------------------------------------------------------------------------------------
// Child mode: node-x12 parse() of one file, prints JSON.
if (flag('node-x12-child')) {
  const file = args[args.length - 1]!;
  const { X12Parser } = await import('node-x12');
  const text = fs.readFileSync(file, 'utf8');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const ic = new X12Parser(true).parse(text);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const first = Array.isArray(ic) ? ic[0]! : ic;
  let segments = 0;
  for (const g of first.functionalGroups) for (const t of g.transactions) segments += t.segments.length;
  process.stdout.write(JSON.stringify({ ms, segments, cpu: (c.user + c.system) / 1e6 }) + '\n');
  process.exit(0);
}

/**
 * Children: revcycle's parser over `file` against `wh` (a stand-in warehouse whose statements are recorded or
 * ignored): tokenize, validate, map, member keys, rows serialised and spilled to temp files. Returns the loader.
 */
async function parseWith(file: string, wh: { run: (sql: string) => Promise<unknown>; one: () => Promise<unknown> }) {
  const { loadX12 } = await import('../../pipelines/x12/index.ts');
  const { BulkLoader } = await import('../../pipelines/load/sink.ts');
  const { Pseudonymizer } = await import('../../src/pseudonym.ts');
  const { parseConfig } = await import('../../src/config.ts');
  const stand = wh as unknown as ConstructorParameters<typeof BulkLoader>[0];
  const loader = new BulkLoader(stand);
  loader.beginFile('0'.repeat(64));
  await loadX12(fs.createReadStream(file, { highWaterMark: 1 << 20 }), {
    wh: stand,
    loader,
    fileSha256: '0'.repeat(64),
    fileName: path.basename(file),
    config: parseConfig({}),
    pseudonymizer: new Pseudonymizer(Buffer.from('bench-key')),
    finding: () => undefined,
    remittance: () => 'load' as const,
    progress: () => undefined,
  } as Parameters<typeof loadX12>[1]);
  await loader.finish();
  return loader;
}

// Child mode: revcycle's parser and row serialisation without DuckDB, prints JSON.
if (flag('parse-only-child')) {
  const file = args[args.length - 1]!;
  // The modules are loaded before the clock starts.
  await Promise.all([import('../../pipelines/x12/index.ts'), import('../../pipelines/load/sink.ts'), import('../../src/pseudonym.ts'), import('../../src/config.ts')]);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const loader = await parseWith(file, { run: async () => undefined, one: async () => undefined });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  await loader.dispose();
  process.stdout.write(JSON.stringify({ ms, rows: loader.rows, cpu: (c.user + c.system) / 1e6 }) + '\n');
  process.exit(0);
}

// Child mode: DuckDB's share alone. The parser runs first (not timed) against a warehouse that keeps each spilled TSV
// and its INSERT statement; then a new warehouse runs those statements in one transaction, with the settings of a
// large load (one thread fewer than the cores, 96 MiB), then COMMIT and CHECKPOINT: that part is timed. It is the
// work no parser, however fast, takes off an ingest that loads these rows into DuckDB. Prints JSON.
if (flag('insert-only-child')) {
  const file = args[args.length - 1]!;
  const { openWarehouse } = await import('../../src/db/warehouse.ts');
  const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-bench-inserts-'));
  try {
    const statements: string[] = [];
    const recorder = {
      run: async (sql: string) => {
        const m = /read_csv\('([^']+)'/.exec(sql);
        if (!m) return undefined;
        const kept = path.join(keep, path.basename(m[1]!));
        fs.copyFileSync(m[1]!, kept);
        statements.push(sql.replace(m[1]!, kept));
        return undefined;
      },
      one: async () => undefined,
    };
    const loader = await parseWith(file, recorder);
    const expected = loader.rowsByTable();
    await loader.dispose();
    const wh = await openWarehouse({ path: path.join(keep, 'w.duckdb'), mode: 'rw', purpose: 'bench' });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await wh.run('BEGIN TRANSACTION');
    await wh.run(`SET threads = ${Math.max(1, os.availableParallelism() - 1)}`);
    await wh.run("SET memory_limit = '96MiB'");
    for (const sql of statements) await wh.run(sql);
    await wh.run('SET threads = 2');
    await wh.run("RESET memory_limit");
    await wh.run('COMMIT');
    await wh.run('CHECKPOINT');
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    for (const [table, n] of Object.entries(expected)) {
      const got = Number((await wh.one<{ n: bigint }>(`SELECT count(*) AS n FROM raw.${table}`))?.n ?? 0);
      if (got !== n) throw new Error(`raw.${table}: ${got} rows loaded, the parser wrote ${n}`);
    }
    await wh.close();
    process.stdout.write(JSON.stringify({ ms, statements: statements.length, cpu: (c.user + c.system) / 1e6 }) + '\n');
  } finally {
    fs.rmSync(keep, { recursive: true, force: true });
  }
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------------------------
const quick = flag('quick');
const runs = Math.max(1, Number(opt('runs') ?? 1));
const mb = Number(opt('mb') ?? 50);
const bigMb = Number(opt('big-mb') ?? 200);
const withBig = !quick && !flag('no-big');
const withNodeX12 = !quick && !flag('no-node-x12');
const withParseOnly = !quick && !flag('no-parse-only');
const withInsertOnly = !quick && !flag('no-insert-only');
const kinds = (opt('only') ? [opt('only')] : ['835', '837']) as ('835' | '837')[];

interface Built {
  file: string;
  bytes: number;
  claims: number;
}

function build(kind: '835' | '837', size: number): Built {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `synth-${kind}-${size}mb.v${SYNTH_VERSION}.edi`);
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) return { file, ...(JSON.parse(fs.readFileSync(meta, 'utf8')) as { bytes: number; claims: number }) };
  const t0 = performance.now();
  const r = (kind === '835' ? write835 : write837)(`${file}.tmp`, size * 1e6);
  fs.renameSync(`${file}.tmp`, file);
  fs.writeFileSync(meta, JSON.stringify({ bytes: r.bytes, claims: r.claims, sets: r.sets }));
  console.error(`built ${path.relative(ROOT, file)}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.sets} sets, ${r.claims} claims (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return { file, bytes: r.bytes, claims: r.claims };
}

interface ChildRun {
  ms: number;
  hwmKiB: number;
  /** CPU seconds of the child, all its threads (user + system, last sample before exit). */
  cpu: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function readHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const TICKS = 100; // USER_HZ on Linux

function readCpu(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS; // utime, stime
  } catch {
    return 0;
  }
}

/** Run a child to completion, timing it from spawn to exit and sampling its VmHWM every 10 ms. */
function runChild(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let hwm = 0;
    let cpu = 0;
    const timer = setInterval(() => {
      hwm = Math.max(hwm, readHwm(child.pid!));
      cpu = Math.max(cpu, readCpu(child.pid!));
    }, 10);
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      clearInterval(timer);
      resolve({ ms, hwmKiB: hwm, cpu, code, stdout, stderr });
    });
  });
}

async function nodeX12(file: string): Promise<{ ms: number; hwmKiB: number; cpu: number }> {
  const r = await runChild(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', path.join(ROOT, 'test/bench/ingest.bench.ts'), '--node-x12-child', file]);
  if (r.code !== 0) throw new Error(`node-x12 child failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpu: number };
  return { ms: out.ms, hwmKiB: r.hwmKiB, cpu: out.cpu };
}

/** A measuring child of this script (`--parse-only-child`, `--insert-only-child`) on `file`. */
async function measureChild(mode: 'parse-only' | 'insert-only', file: string): Promise<{ ms: number; hwmKiB: number; cpu: number }> {
  const r = await runChild(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/bench/ingest.bench.ts'), `--${mode}-child`, file]);
  if (r.code !== 0) throw new Error(`${mode} child failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpu: number };
  return { ms: out.ms, hwmKiB: r.hwmKiB, cpu: out.cpu };
}

async function ingest(kind: '835' | '837', b: Built): Promise<{ ms: number; hwmKiB: number; cpu: number; cliSeconds: number; rows: number }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revcycle-bench-'));
  const db = path.join(tmp, 'data', 'warehouse.duckdb');
  try {
    const env = { ...process.env, REVCYCLE_PSEUDONYM_KEY: 'bench-key' };
    const r = await runChild(process.execPath, [path.join(ROOT, 'bin/revcycle.js'), 'ingest', b.file, '--db', db], env);
    const summary = /(\d+) rows? in ([\d.]+) s/.exec(r.stdout);
    if (r.code !== 0 || !/^loaded\s/m.test(r.stdout) || !summary) {
      throw new Error(`revcycle ingest ${path.basename(b.file)} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
    }
    const table = kind === '835' ? 'raw.x12_835_claims' : 'raw.x12_837_claims';
    const q = await runChild(process.execPath, [path.join(ROOT, 'bin/revcycle.js'), 'query', `SELECT count(*) AS n FROM ${table}`, '--db', db, '--format', 'csv'], env);
    const claims = Number(q.stdout.trim().split('\n').pop());
    if (claims !== b.claims) throw new Error(`${path.basename(b.file)}: ${claims} claims in ${table}, the generator wrote ${b.claims}`);
    return { ms: r.ms, hwmKiB: r.hwmKiB, cpu: r.cpu, cliSeconds: Number(summary[2]), rows: Number(summary[1]) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

interface Row {
  file: string;
  what: string;
  mb: number;
  s: number;
  mbps: number;
  rssMiB: number;
  ratio: string;
  cpu: number;
}

const rows: Row[] = [];
const notes: string[] = [];
for (const kind of kinds) {
  const sizes = withBig ? [mb, bigMb] : [mb];
  let x12Mbps: number | undefined;
  for (const size of sizes) {
    const b = build(kind, size);
    const name = path.basename(b.file);
    const fileMb = b.bytes / 1e6;
    if (withNodeX12 && size === mb) {
      const r = await nodeX12(b.file);
      x12Mbps = fileMb / (r.ms / 1000);
      rows.push({ file: name, what: 'node-x12 parse()', mb: fileMb, s: r.ms / 1000, mbps: x12Mbps, rssMiB: r.hwmKiB / 1024, ratio: '1.0×', cpu: r.cpu });
    }
    for (const [on, mode, what] of [
      [withParseOnly, 'parse-only', 'revcycle parse only'],
      [withInsertOnly, 'insert-only', 'DuckDB inserts only'],
    ] as const) {
      if (!on || size !== mb) continue;
      const measured = [];
      for (let i = 0; i < runs; i++) measured.push(await measureChild(mode, b.file));
      const ms = median(measured.map((r) => r.ms));
      const mbps = fileMb / (ms / 1000);
      rows.push({
        file: name,
        what,
        mb: fileMb,
        s: ms / 1000,
        mbps,
        rssMiB: Math.max(...measured.map((r) => r.hwmKiB)) / 1024,
        ratio: x12Mbps ? `${(mbps / x12Mbps).toFixed(1)}×` : '',
        cpu: median(measured.map((r) => r.cpu)),
      });
    }
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await ingest(kind, b));
    const ms = median(results.map((r) => r.ms));
    const mbps = fileMb / (ms / 1000);
    rows.push({
      file: name,
      what: 'revcycle ingest',
      mb: fileMb,
      s: ms / 1000,
      mbps,
      rssMiB: Math.max(...results.map((r) => r.hwmKiB)) / 1024,
      ratio: x12Mbps && size === mb ? `${(mbps / x12Mbps).toFixed(1)}×` : '',
      cpu: median(results.map((r) => r.cpu)),
    });
    notes.push(
      `${name}: ${results[0]!.rows} rows; runs ${results.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s wall` +
        ` (the CLI's own timer, after start-up: ${results.map((r) => r.cliSeconds.toFixed(1)).join(' / ')} s)`,
    );
  }
}

const head = ['file', 'what', 'MB', 's', 'MB/s', 'peak RSS', 'ratio', 'CPU s'];
const cells = rows.map((r) => [r.file, r.what, r.mb.toFixed(1), r.s.toFixed(2), r.mbps.toFixed(1), `${r.rssMiB.toFixed(0)} MiB`, r.ratio, r.cpu.toFixed(1)]);
const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => `| ${c.map((v, i) => (i >= 2 ? v.padStart(width[i]!) : v.padEnd(width[i]!))).join(' | ')} |`;
console.log(`\nX12 ingest benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`);
console.log(line(head));
console.log(`|${width.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
for (const c of cells) console.log(line(c));
for (const n of notes) console.log(`- ${n}`);
