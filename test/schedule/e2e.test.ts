/**
 * End to end (issue 6, item 1): `revcycle schedule` as a child process with second-level schedules in a temp folder.
 * Simulator files arrive in the inbox — renamed in, copied in, one written slowly in pieces, one bad file — and are
 * ingested (the slow one only once complete, exactly once), the bad one quarantined, the models and the site rebuilt
 * (debounced), `revcycle status` reports files by state and the job runs, the scheduler stops cleanly on SIGTERM, and
 * no log line carries patient data.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHI_CANARY_PATTERNS, PHI_CANARY_STRINGS, simulate } from '../../src/simulate/index.ts';
import { runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';
import { schedDir, sleep, startScheduler, type RunningScheduler, type SchedDir } from './helpers.ts';

const sha = (p: string | Buffer) => crypto.createHash('sha256').update(typeof p === 'string' ? fs.readFileSync(p) : p).digest('hex');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function assertNoPhi(text: string, where: string): void {
  for (const s of PHI_CANARY_STRINGS) expect(text.includes(s), `${s} in ${where}`).toBe(false);
  for (const p of PHI_CANARY_PATTERNS) expect(p.test(text), `${p} in ${where}`).toBe(false);
}

describe('revcycle schedule end to end', () => {
  let tmp: string;
  let d: SchedDir;
  let sched: RunningScheduler;
  const simDir = () => path.join(tmp, 'sim');

  beforeAll(async () => {
    tmp = makeTempDir('revcycle-sched-e2e-');
    await simulate({ out: path.join(tmp, 'sim'), clinics: 1, months: 2, visitsPerDay: 4, seed: 7 });
    d = schedDir(tmp, {
      timezone: 'America/Chicago',
      schedules: { ingest: '*/2 * * * * *', rebuild: 'off', weekly: 'off', rebuildDebounceSeconds: 5, inboxQuietSeconds: 2, siteBuild: true },
    });
  });

  afterAll(async () => {
    await sched?.stop('SIGKILL');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('picks up complete files only, quarantines the bad one, rebuilds models and site, reports status, stops cleanly', { timeout: 420_000 }, async () => {
    sched = startScheduler(d, ['--heartbeat', '5']);
    await sched.waitFor((r) => r.event === 'scheduler_started', 30_000, 'start-up');
    expect(sched.stdout()).toMatch(/logs \(JSON lines\) on stderr and in .*schedule-YYYY-MM-DD\.jsonl/);

    const all = walk(simDir()).sort();
    const remits = all.filter((f) => f.endsWith('.835'));
    const slow = remits.reduce((a, b) => (fs.statSync(b).size > fs.statSync(a).size ? b : a));
    const ehrAnd837 = all.filter((f) => f.includes(`${path.sep}ehr${path.sep}`) || f.endsWith('.837'));
    const rest = all.filter((f) => f !== slow && !ehrAnd837.includes(f));

    // Wave 1, the sender protocol: write under a temp name, then rename into the inbox.
    for (const f of ehrAnd837) {
      const part = path.join(d.inbox, `${path.basename(f)}.part`);
      fs.copyFileSync(f, part);
      fs.renameSync(part, path.join(d.inbox, path.basename(f)));
    }
    // A slow writer appends the largest 835 in six pieces over ~3 s, under its final name.
    const slowBytes = fs.readFileSync(slow);
    const slowTarget = path.join(d.inbox, 'remits', path.basename(slow));
    fs.mkdirSync(path.dirname(slowTarget), { recursive: true });
    const slowWriter = (async () => {
      const pieces = 6;
      const size = Math.ceil(slowBytes.length / pieces);
      for (let i = 0; i < pieces; i++) {
        fs.appendFileSync(slowTarget, slowBytes.subarray(i * size, (i + 1) * size));
        if (i < pieces - 1) await sleep(600);
      }
    })();
    // Wave 2: plain copies (settle after the quiet period) and a bad file.
    for (const f of rest) fs.copyFileSync(f, path.join(d.inbox, path.basename(f)));
    const bad = Buffer.from('<html><body>502 Bad Gateway</body></html>\n');
    fs.writeFileSync(path.join(d.inbox, 'era_download.835'), bad);
    await slowWriter;

    const expected = new Map<string, string>(all.map((f) => [sha(f), path.basename(f)]));
    expected.set(sha(bad), 'era_download.835');
    const slowSha = sha(slowBytes);
    await sched.waitFor(
      () => {
        const seen = new Set(sched.records().filter((r) => r.event === 'file').map((r) => String(r.sha256)));
        return [...expected.keys()].every((s) => seen.has(s.slice(0, 12)));
      },
      120_000,
      'every dropped file in a file event',
    );
    const site = await sched.waitFor((r) => r.event === 'run_finished' && r.job === 'site', 360_000, 'the site build');
    expect(site.outcome, JSON.stringify(site)).toBe('success');
    // Nothing still queued: the rebuild that built the site saw every file (one debounced rebuild is enough).
    await sleep(2500);

    const recs = sched.records();
    const fileEvents = recs.filter((r) => r.event === 'file');
    // Only complete files were ever ingested: every hash is one of the dropped files' (never a partial version).
    const prefixes = new Set([...expected.keys()].map((s) => s.slice(0, 12)));
    for (const r of fileEvents) expect(prefixes.has(String(r.sha256)), `unexpected file hash ${r.sha256} (a partial file?)`).toBe(true);
    const slowEvents = fileEvents.filter((r) => r.sha256 === slowSha.slice(0, 12));
    expect(slowEvents).toHaveLength(1);
    expect(slowEvents[0]).toMatchObject({ status: 'loaded', kind: 'x12_835' });
    const badEvents = fileEvents.filter((r) => r.sha256 === sha(bad).slice(0, 12));
    expect(badEvents).toHaveLength(1);
    expect(badEvents[0]).toMatchObject({ status: 'quarantined', code: 'UNKNOWN_FORMAT' });
    expect(fileEvents.filter((r) => r.status === 'quarantined')).toHaveLength(1);
    expect(fileEvents.filter((r) => r.status === 'loaded')).toHaveLength(all.length);

    // Runs: ingest runs loaded everything, a debounced rebuild succeeded, then the site.
    const finished = recs.filter((r) => r.event === 'run_finished');
    const ingestRuns = finished.filter((r) => r.job === 'ingest');
    expect(ingestRuns.every((r) => r.outcome === 'success')).toBe(true);
    expect(ingestRuns.reduce((n, r) => n + Number(r.loaded ?? 0), 0)).toBe(all.length);
    expect(finished.some((r) => r.job === 'rebuild' && r.trigger === 'debounced' && r.outcome === 'success')).toBe(true);
    expect(fs.existsSync(path.join(tmp, 'dist', 'index.html'))).toBe(true);

    // The inbox holds nothing any more; every file is archived; the bad one is in quarantine with its reason.
    expect(walk(d.inbox)).toEqual([]);
    expect(walk(path.join(d.data, 'archive', 'inbox'))).toHaveLength(all.length + 1);
    const q = walk(path.join(d.data, 'quarantine'));
    expect(q.some((f) => f.endsWith('era_download.835'))).toBe(true);
    expect(q.some((f) => f.endsWith('era_download.835.reason.txt'))).toBe(true);

    // `revcycle status` while the scheduler runs.
    const status = runCli(['status', '--db', d.db, '--config', d.config]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Files by state:/);
    expect(status.stdout).toMatch(/x12_835\s+loaded\s+\d+ files/);
    expect(status.stdout).toMatch(/unknown\s+quarantined\s+1 files/);
    expect(status.stdout).toMatch(/Recently quarantined:\n\s+era_download\.835: UNKNOWN_FORMAT/);
    expect(status.stdout).toMatch(/Recent job runs \(UTC\):/);
    expect(status.stdout).toMatch(/ingest\s+success\s+scheduled .* loaded/);
    expect(status.stdout).toMatch(/rebuild\s+success\s+debounced/);
    expect(status.stdout).toMatch(/site\s+success\s+debounced/);
    expect(status.stdout).toContain(`running as pid ${sched.child.pid}`);
    const json = JSON.parse(runCli(['status', '--db', d.db, '--config', d.config, '--format', 'json']).stdout);
    expect(json.recent_runs.some((r: { job: string; outcome: string }) => r.job === 'site' && r.outcome === 'success')).toBe(true);

    // Clean stop: exit 0, locks released, state says stopped.
    expect(await sched.stop('SIGTERM')).toBe(0);
    expect(sched.records().at(-1)?.event).toBe('scheduler_stopped');
    expect(fs.existsSync(`${d.db}.lock`)).toBe(false);
    expect(fs.existsSync(path.join(d.data, 'state', 'scheduler.lock'))).toBe(false);
    const state = JSON.parse(fs.readFileSync(path.join(d.data, 'state', 'schedule.json'), 'utf8'));
    expect(state.scheduler.stoppedAt).toBeTruthy();
    expect(runCli(['status', '--db', d.db, '--config', d.config]).stdout).toMatch(/Scheduler:\n\s+not running/);

    // Logs: patient data never, file names never (files are named by hash).
    const logs = walk(path.join(d.data, 'logs')).map((f) => fs.readFileSync(f, 'utf8')).join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const [text, where] of [
      [sched.stderr(), 'stderr'],
      [logs, 'log files'],
      [sched.stdout(), 'stdout'],
      [fs.readFileSync(path.join(d.data, 'state', 'schedule.json'), 'utf8'), 'state file'],
    ] as const) {
      assertNoPhi(text, where);
      for (const name of expected.values()) expect(text.includes(name), `file name ${name} in ${where}`).toBe(false);
    }
    assertNoPhi(status.stdout.replace(/era_download\.835/g, ''), 'status');
  });
});

describe('stopping during a site build', () => {
  it('SIGTERM stops the build (its process group), records the run as aborted, leaves no lock or staging folder', { timeout: 240_000 }, async () => {
    const tmp = makeTempDir('revcycle-sched-stop-');
    try {
      await simulate({ out: path.join(tmp, 'sim'), clinics: 1, months: 1, visitsPerDay: 3, seed: 9 });
      const d = schedDir(tmp, {
        schedules: { ingest: '*/2 * * * * *', rebuild: 'off', weekly: 'off', rebuildDebounceSeconds: 0, inboxQuietSeconds: 0, siteBuild: true },
      });
      for (const f of walk(path.join(tmp, 'sim'))) fs.copyFileSync(f, path.join(d.inbox, path.basename(f)));
      const s = startScheduler(d);
      try {
        await s.waitFor((r) => r.event === 'run_started' && r.job === 'site', 120_000, 'the site build to start');
        await sleep(3000);
        const t0 = Date.now();
        expect(await s.stop('SIGTERM')).toBe(0);
        expect(Date.now() - t0).toBeLessThan(30_000);
      } finally {
        await s.stop('SIGKILL');
      }
      const site = s.records().find((r) => r.event === 'run_finished' && r.job === 'site');
      expect(site).toMatchObject({ outcome: 'aborted', code: 'SITE_ABORTED' });
      expect(s.records().at(-1)?.event).toBe('scheduler_stopped');
      expect(fs.existsSync(`${d.db}.lock`)).toBe(false);
      expect(fs.readdirSync(tmp).filter((n) => n.includes('staging'))).toEqual([]);
      const runs = JSON.parse(runCli(['status', '--db', d.db, '--format', 'json']).stdout).recent_runs as Array<{ job: string; outcome: string }>;
      expect(runs.find((r) => r.job === 'site')?.outcome).toBe('aborted');
      expect(runs.find((r) => r.job === 'rebuild')?.outcome).toBe('success');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
