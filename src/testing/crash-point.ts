/**
 * Crash-test hook: `crashPoint(name)` kills the process with SIGKILL (like `kill -9`, no cleanup, no exit handlers)
 * when the environment variable REVCYCLE_CRASH_AT names that point. Used by test/ingest/crash.test.ts to prove that
 * ingestion is crash-safe at exact places (docs/reliability.md); production code never sets the variable.
 *
 *   REVCYCLE_CRASH_AT=<name>           the first time the point is reached
 *   REVCYCLE_CRASH_AT=<name>:<N>       the N-th time it is reached (1-based)
 *   REVCYCLE_CRASH_AT=<name>[:<N>]@<ms> arm a timer at that hit and die <ms> later, wherever the process then is
 *                                      (e.g. inside an awaited COMMIT or CHECKPOINT running on DuckDB's threads)
 *
 * Points (grep for `crashPoint(`): `opened` (the warehouse opened read-write and migrated), `landing-copy` (after each
 * ~1 MB chunk copied to a landing temp file), `landed` (a file copied into landing/, before its ledger row exists),
 * `batch-synced` (a batch's landed files synced, before BEGIN), `x12-chunk` (after each ~1 MB chunk of an X12 file
 * was parsed and its inserts queued), `before-commit` / `after-commit` (around the COMMIT of a file's or a batch's
 * transaction), `before-checkpoint` / `after-checkpoint` (around the CHECKPOINT when the warehouse is closed).
 *
 * REVCYCLE_CRASH_TRACE=<file> appends `<name>\t<epoch ms>` to the file at every point reached (the crash test traces
 * an uninterrupted run to pick its kill points and to time the phases of the load).
 *
 * When neither variable is set `crashPoint` is an empty function: no cost beyond the call.
 */
import fs from 'node:fs';

const spec = process.env.REVCYCLE_CRASH_AT;
const traceFile = process.env.REVCYCLE_CRASH_TRACE;

/** The parsed REVCYCLE_CRASH_AT, or undefined (malformed values are an error: a crash test must not pass vacuously). */
export function parseCrashSpec(s: string | undefined): { name: string; hit: number; delayMs: number | undefined } | undefined {
  if (s === undefined || s === '') return undefined;
  const m = /^([a-z0-9-]+)(?::(\d+))?(?:@(\d+))?$/.exec(s);
  if (!m) throw new Error(`REVCYCLE_CRASH_AT: expected <name>[:<N>][@<ms>], got ${JSON.stringify(s)}`);
  return { name: m[1]!, hit: m[2] ? Number(m[2]) : 1, delayMs: m[3] ? Number(m[3]) : undefined };
}

function die(): void {
  process.kill(process.pid, 'SIGKILL');
}

function armed(target: { name: string; hit: number; delayMs: number | undefined }): (name: string) => void {
  let hits = 0;
  return (name) => {
    if (name !== target.name || ++hits !== target.hit) return;
    if (target.delayMs === undefined) die();
    else setTimeout(die, target.delayMs);
  };
}

function traced(next: ((name: string) => void) | undefined, file: string): (name: string) => void {
  return (name) => {
    fs.appendFileSync(file, `${name}\t${Date.now()}\n`);
    next?.(name);
  };
}

const target = parseCrashSpec(spec);
const kill = target ? armed(target) : undefined;

/** Kill this process (SIGKILL) if REVCYCLE_CRASH_AT names this point; otherwise do nothing. */
export const crashPoint: (name: string) => void = traceFile ? traced(kill, traceFile) : (kill ?? (() => {}));
