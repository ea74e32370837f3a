/**
 * Issue 6, item 3: node-cron does not replay runs missed while the process was down. The scheduler persists each
 * job's last successful scheduled time and, at start-up, runs a job once — for its latest missed occurrence only — if
 * its cron expression had an occurrence since.
 *
 * The schedule is three seconds of the minute chosen from the clock (a, a + 10 s, a + 20 s): the scheduler runs a,
 * stops, stays down over b and c, and at the next start runs exactly one catch-up, for c. A third start right after
 * runs none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate/index.ts';
import { cliQuery, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { schedDir, sleep, startScheduler, type SchedDir } from './helpers.ts';

let tmp: string;
let d: SchedDir;
let a: Date;
const second = (t: Date) => t.getUTCSeconds();

beforeAll(async () => {
  tmp = makeTempDir('revcycle-sched-catchup-');
  await simulate({ out: path.join(tmp, 'sim'), clinics: 1, months: 1, visitsPerDay: 3, seed: 5 });
  // The rebuild job needs data; the first ingest happens by hand.
  const db = path.join(tmp, 'data', 'warehouse.duckdb');
  expect(runCli(['ingest', path.join(tmp, 'sim'), '--db', db, '-q']).code).toBe(0);
  a = new Date(Math.ceil(Date.now() / 1000) * 1000 + 12_000);
  const secs = [0, 10, 20].map((k) => second(new Date(a.getTime() + k * 1000)));
  d = schedDir(tmp, {
    timezone: 'America/New_York',
    schedules: { ingest: 'off', rebuild: `${secs.join(',')} * * * * *`, weekly: 'off', siteBuild: false },
  });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('catch-up at start-up', () => {
  it('runs the missed job once, for its latest missed occurrence, recorded with its scheduled_for', { timeout: 180_000 }, async () => {
    const b = new Date(a.getTime() + 10_000);
    const c = new Date(a.getTime() + 20_000);

    // 1. Up for occurrence a; nothing to catch up on the very first start.
    const first = startScheduler(d);
    const started = await first.waitFor((r) => r.event === 'scheduler_started', 30_000, 'first start-up');
    expect(started.catch_up).toEqual([]);
    const runA = await first.waitFor((r) => r.event === 'run_finished' && r.job === 'rebuild', 60_000, 'the run at a');
    expect(runA).toMatchObject({ trigger: 'scheduled', outcome: 'success', scheduled_for: a.toISOString() });
    expect(await first.stop()).toBe(0);
    expect(Date.now(), 'the scheduler must be down before b').toBeLessThan(b.getTime());

    // 2. Down over b and c.
    await sleep(c.getTime() + 1500 - Date.now());

    // 3. Up again: exactly one catch-up run, for c.
    const second = startScheduler(d);
    const restarted = await second.waitFor((r) => r.event === 'scheduler_started', 30_000, 'second start-up');
    expect(restarted.catch_up).toEqual([`rebuild@${c.toISOString()}`]);
    const caught = await second.waitFor((r) => r.event === 'run_finished' && r.job === 'rebuild', 60_000, 'the catch-up run');
    expect(caught).toMatchObject({ trigger: 'catch-up', outcome: 'success', scheduled_for: c.toISOString() });
    expect(await second.stop()).toBe(0);

    // 4. Nothing missed since: no catch-up.
    const third = startScheduler(d);
    const again = await third.waitFor((r) => r.event === 'scheduler_started', 30_000, 'third start-up');
    expect(again.catch_up).toEqual([]);
    expect(await third.stop()).toBe(0);

    const runs = cliQuery<{ trigger: string; scheduled_for: string; outcome: string }>(
      d.db,
      `SELECT trigger, strftime(scheduled_for, '%Y-%m-%dT%H:%M:%S.%gZ') AS scheduled_for, outcome FROM meta.job_runs WHERE job = 'rebuild' ORDER BY started_at`,
    );
    expect(runs).toEqual([
      { trigger: 'scheduled', scheduled_for: a.toISOString(), outcome: 'success' },
      { trigger: 'catch-up', scheduled_for: c.toISOString(), outcome: 'success' },
    ]);
    const status = runCli(['status', '--db', d.db, '--config', d.config]);
    expect(status.stdout).toMatch(/rebuild\s+success\s+catch-up\s+for /);
  });
});
