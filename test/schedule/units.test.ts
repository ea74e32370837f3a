/**
 * Unit tests of the scheduler's parts: inbox completeness, archive moves, the catch-up occurrence search, log
 * redaction, the week to archive.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createTask } from 'node-cron';
import { afterAll, describe, expect, it } from 'vitest';
import { latestOccurrence, localDate } from '../../pipelines/schedule/cron-time.ts';
import { archiveFile, InboxWatcher, isTempName } from '../../pipelines/schedule/inbox.ts';
import { createLogger, memoryLogger, redactMessage } from '../../pipelines/schedule/log.ts';
import { previousWeekStart } from '../../pipelines/schedule/weekly.ts';
import { inPickupOrder, validateSchedules } from '../../pipelines/schedule/scheduler.ts';
import { parseConfig } from '../../src/config.ts';
import { NOBODY, permissionsTestable } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';

const tmp = makeTempDir('revcycle-sched-unit-');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('inbox pickup', () => {
  it('never picks temp names or dotfiles', () => {
    for (const n of ['a.part', 'b.PARTIAL', 'c.tmp', 'd.filepart', 'e.crdownload', '.hidden.835', 'f~']) expect(isTempName(n), n).toBe(true);
    for (const n of ['835_x.835', 'visits_2025-01.csv', 'partial_payments.csv']) expect(isTempName(n), n).toBe(false);
  });

  it('a file is complete once unchanged for the quiet period; a file renamed in with an old mtime at once', () => {
    const dir = path.join(tmp, 'inbox1');
    fs.mkdirSync(dir);
    let now = 1_000_000;
    const w = new InboxWatcher(dir, 2000, [], () => now);
    const growing = path.join(dir, 'growing.835');
    fs.writeFileSync(growing, 'ISA*');
    fs.utimesSync(growing, now / 1000, now / 1000);
    fs.writeFileSync(path.join(dir, 'upload.835.part'), 'ISA*');
    expect(w.scan()).toMatchObject({ complete: [], waiting: [{ rel: 'growing.835' }] });
    // Appended 1 s later: the quiet period starts again.
    now += 1000;
    fs.appendFileSync(growing, '00*');
    fs.utimesSync(growing, now / 1000, now / 1000);
    expect(w.scan().complete).toEqual([]);
    now += 1500;
    expect(w.scan().complete).toEqual([]);
    now += 600; // 2.1 s without a change
    expect(w.scan().complete.map((f) => f.rel)).toEqual(['growing.835']);
    // Renamed in (written elsewhere long ago): complete at first sight.
    const elsewhere = path.join(tmp, 'written-elsewhere.835');
    fs.writeFileSync(elsewhere, 'ISA*');
    fs.utimesSync(elsewhere, (now - 60_000) / 1000, (now - 60_000) / 1000);
    fs.renameSync(elsewhere, path.join(dir, 'renamed.835'));
    expect(w.scan().complete.map((f) => f.rel).sort()).toEqual(['growing.835', 'renamed.835']);
  });

  it('orders a pickup by interchange date across all of it, not only within each chunk of 64 files', () => {
    const dir = path.join(tmp, 'inbox-order');
    fs.mkdirSync(dir);
    const isa = (date: string) => `ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *${date}*1200*^*00501*000000001*0*P*:~`;
    const file = (name: string, text: string, mtimeMs: number) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, text);
      return { path: p, rel: name, size: text.length, mtimeMs, ino: 0 };
    };
    // The re-send (made 03-16) was written to the inbox first; 68 CSV files come between it and the original (03-14).
    const files = [
      file('835_resent.edi', isa('250316'), 1),
      ...Array.from({ length: 68 }, (_, i) => file(`visits_${String(i).padStart(2, '0')}.csv`, 'visit_id\n', 2 + i)),
      file('835_original.edi', isa('250314'), 100),
    ];
    const ordered = inPickupOrder(files).map((f) => f.rel);
    expect(ordered[0]).toBe('835_original.edi');
    expect(ordered[69]).toBe('835_resent.edi');
    expect(ordered.slice(1, 69)).toEqual(files.slice(1, 69).map((f) => f.rel));
  });

  it('skips excluded folders and walks sub-folders', () => {
    const dir = path.join(tmp, 'inbox2');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'landing'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sub', 'x.835'), 'ISA*');
    fs.writeFileSync(path.join(dir, 'landing', 'y'), 'ISA*');
    const w = new InboxWatcher(dir, 0, [path.join(dir, 'landing')]);
    expect(w.scan().complete.map((f) => f.rel)).toEqual([path.join('sub', 'x.835')]);
  });

  // A permission stops only a user without it: as root (CI) the scan runs in a child process as `nobody` (uid 65534).
  it.runIf(permissionsTestable())('skips a sub-folder it may not list and says so, scanning the rest (skipped only as root when nobody cannot reach the project)', () => {
    const root = process.getuid?.() === 0;
    const dir = path.join(tmp, 'inbox-locked');
    fs.mkdirSync(path.join(dir, 'locked'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'x.835'), 'ISA*');
    if (root) {
      fs.chmodSync(tmp, 0o755);
      for (const p of [dir, path.join(dir, 'locked'), path.join(dir, 'x.835')]) fs.chownSync(p, 65534, 65534);
    }
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      const inbox = path.resolve(import.meta.dirname, '../../pipelines/schedule/inbox.ts');
      const script = `import { InboxWatcher } from ${JSON.stringify(inbox)};
        const s = new InboxWatcher(${JSON.stringify(dir)}, 0).scan();
        console.log(JSON.stringify({ complete: s.complete.map((f) => f.rel), unreadable: s.unreadable }));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, HOME: tmp },
        ...(root ? NOBODY : {}),
      });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ complete: ['x.835'], unreadable: ['locked'] });
    } finally {
      fs.chmodSync(path.join(dir, 'locked'), 0o700);
    }
  });

  it('archives without overwriting: a name clash gets the sha256 prefix', () => {
    const dir = path.join(tmp, 'inbox3');
    const archive = path.join(tmp, 'archive3');
    fs.mkdirSync(dir);
    const w = new InboxWatcher(dir, 0);
    fs.writeFileSync(path.join(dir, 'same.csv'), 'one');
    const first = archiveFile(w.scan().complete[0]!, archive, 'a'.repeat(64));
    fs.writeFileSync(path.join(dir, 'same.csv'), 'two');
    const second = archiveFile(w.scan().complete[0]!, archive, 'b'.repeat(64));
    expect(path.basename(first)).toBe('same.csv');
    expect(path.basename(second)).toBe(`same.${'b'.repeat(12)}.csv`);
    expect(fs.readFileSync(first, 'utf8')).toBe('one');
    expect(fs.readFileSync(second, 'utf8')).toBe('two');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('catch-up occurrence', () => {
  const at = (iso: string) => new Date(iso);
  const matcher = (expr: string, timezone: string) => {
    const task = createTask(expr, () => undefined, { timezone });
    return { match: (d: Date) => task.match(d), done: () => task.destroy() };
  };

  it('finds the latest occurrence in (after, until] only', async () => {
    const m = matcher('15 2 * * *', 'America/New_York');
    // 02:15 New York = 07:15 UTC in winter.
    expect(latestOccurrence('15 2 * * *', m.match, at('2025-01-10T00:00:00Z'), at('2025-01-13T12:00:00Z'))?.toISOString()).toBe('2025-01-13T07:15:00.000Z');
    expect(latestOccurrence('15 2 * * *', m.match, at('2025-01-13T07:15:00Z'), at('2025-01-13T12:00:00Z'))).toBeUndefined();
    expect(latestOccurrence('15 2 * * *', m.match, at('2025-01-13T07:14:59Z'), at('2025-01-13T07:15:00Z'))?.toISOString()).toBe('2025-01-13T07:15:00.000Z');
    await m.done();
  });

  it('follows the time zone across DST and handles weekly and second-level expressions', async () => {
    const weekly = matcher('0 6 * * 1', 'America/New_York');
    // Monday 2025-03-10 06:00 EDT = 10:00 UTC (DST began 2025-03-09).
    expect(latestOccurrence('0 6 * * 1', weekly.match, at('2025-03-01T00:00:00Z'), at('2025-03-12T00:00:00Z'))?.toISOString()).toBe('2025-03-10T10:00:00.000Z');
    await weekly.done();
    const secs = matcher('5,20,40 * * * * *', 'UTC');
    expect(latestOccurrence('5,20,40 * * * * *', secs.match, at('2025-01-01T00:00:00Z'), at('2025-01-01T00:03:30Z'))?.toISOString()).toBe('2025-01-01T00:03:20.000Z');
    expect(latestOccurrence('5,20,40 * * * * *', secs.match, at('2025-01-01T00:03:20Z'), at('2025-01-01T00:03:30Z'))).toBeUndefined();
    await secs.done();
  });

  it('local dates and the week just ended', () => {
    expect(localDate(at('2025-01-13T03:00:00Z'), 'America/New_York')).toBe('2025-01-12');
    expect(previousWeekStart('2025-02-28')).toBe('2025-02-17'); // a Friday: the week of Mon 17th is the last complete one
    expect(previousWeekStart('2025-03-03')).toBe('2025-02-24'); // a Monday
    expect(previousWeekStart('2025-03-02')).toBe('2025-02-17'); // a Sunday belongs to the week of Mon 24th
  });

  it('validates schedules and the time zone with the config key in the message', () => {
    expect(() => validateSchedules(parseConfig({ schedules: { ingest: 'every five minutes' } }))).toThrow(/schedules\.ingest/);
    expect(() => validateSchedules(parseConfig({ timezone: 'Mars/Olympus' }))).toThrow(/timezone/);
    expect(validateSchedules(parseConfig({ schedules: { weekly: 'off' } })).weekly).toBeUndefined();
  });
});

describe('logs', () => {
  it('one JSON object per line, sha256 prefixes, redacted errors', () => {
    const dir = path.join(tmp, 'logs');
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
    const log = createLogger({ dir, stream, clock: () => new Date('2025-01-13T10:00:00Z') });
    log.info('file', { job: 'ingest', sha256: 'f'.repeat(64), status: 'loaded', rows: 3 });
    log.error('run_finished', { job: 'ingest', code: 'INTERNAL', error: `Constraint Error: Duplicate key "patient_id: MRN1234567" violates primary key\nstack…` });
    expect(lines).toHaveLength(2);
    const recs = lines.map((l) => JSON.parse(l));
    expect(recs[0]).toEqual({ ts: '2025-01-13T10:00:00.000Z', level: 'info', event: 'file', job: 'ingest', sha256: 'ffffffffffff', status: 'loaded', rows: 3 });
    expect(recs[1].error).toBe('Constraint Error: Duplicate key "…" violates primary key');
    expect(fs.readFileSync(path.join(dir, 'schedule-2025-01-13.jsonl'), 'utf8')).toBe(lines.join(''));
    expect(redactMessage("can't open 'CANARYPHI.csv'")).not.toMatch(/CANARYPHI/);
    const mem = memoryLogger();
    mem.warn('x', { error: 'a\nb' });
    expect(mem.records[0]).toMatchObject({ event: 'x', error: 'a' });
  });
});
