/**
 * A folder entry that cannot be read (a broken symbolic link, a link loop, a file without read permission) is reported
 * on its own line and the run goes on: the good files of the folder still load, the exit code says something was not
 * loaded (1), and nothing of the entry reaches the ledger. It used to abort the whole ingest with exit code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, NOBODY, permissionsTestable, runCli } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/warehouse.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/x12');
const dir = makeTempDir('revcycle-unreadable-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('reports unreadable folder entries on their own line and still loads the good files', () => {
  const inbox = path.join(dir, 'inbox');
  fs.mkdirSync(path.join(inbox, 'sub'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, '835/full_remit_reversal_split_cas_plb.edi'), path.join(inbox, 'a.835'));
  fs.symlinkSync(path.join(dir, 'gone.edi'), path.join(inbox, 'b-broken.edi'));
  fs.symlinkSync(path.join(inbox, 'c-loop.edi'), path.join(inbox, 'c-loop.edi'));
  fs.copyFileSync(path.join(FIXTURES, '835/full_remit_reversal_split_cas_plb.edi'), path.join(inbox, 'sub', 'd.835'));
  const db = path.join(dir, 'data', 'warehouse.duckdb');

  const r = runCli(['ingest', inbox, '--db', db]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toContain(`unreadable   -                ${path.join(inbox, 'b-broken.edi')}: cannot read: broken symbolic link (ENOENT)`);
  expect(lines).toContain(`unreadable   -                ${path.join(inbox, 'c-loop.edi')}: cannot read: too many symbolic links (ELOOP)`);
  expect(lines.filter((l) => l.startsWith('loaded ')).length).toBe(1);
  expect(lines.filter((l) => l.startsWith('duplicate ')).length).toBe(1); // sub/d.835 has a.835's bytes
  expect(lines.at(-1)).toMatch(/^4 files: 1 loaded, 1 duplicate, 0 quarantined, 2 unreadable; \d+ rows in /);

  const files = JSON.parse(runCli(['query', 'SELECT file_name, status FROM raw.files', '--format', 'json', '--db', db]).stdout);
  expect(files).toEqual([{ file_name: 'a.835', status: 'loaded' }]);

  // Re-running is safe: the same lines, nothing new.
  const again = runCli(['ingest', inbox, '--db', db]);
  expect(again.code).toBe(1);
  expect(again.stdout).toMatch(/4 files: 0 loaded, 2 duplicate, 0 quarantined, 2 unreadable;/);
});

/**
 * Permissions stop only a user without them: as root (CI), the CLI runs as `nobody` (uid 65534) for this case, on a
 * folder that user owns, once the CLI bundle is built (a root run first, so nobody need not write the cache).
 */
it.runIf(permissionsTestable())('reports a file and a folder without read permission (skipped only as root when nobody cannot reach the project)', () => {
  const root = process.getuid?.() === 0;
  const inbox = path.join(dir, 'perm', 'inbox');
  const db = path.join(dir, 'perm', 'data', 'warehouse.duckdb');
  fs.mkdirSync(path.join(inbox, 'locked'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, '835/full_remit_reversal_split_cas_plb.edi'), path.join(inbox, 'a.835'));
  fs.writeFileSync(path.join(inbox, 'b.835'), 'ISA');
  if (root) {
    expect(runCli(['--help']).code).toBe(0);
    fs.chmodSync(dir, 0o755);
    for (const p of [path.join(dir, 'perm'), inbox, path.join(inbox, 'locked'), path.join(inbox, 'a.835'), path.join(inbox, 'b.835')]) fs.chownSync(p, 65534, 65534);
  }
  fs.chmodSync(path.join(inbox, 'b.835'), 0o000);
  fs.chmodSync(path.join(inbox, 'locked'), 0o000);
  try {
    const r = spawnSync(process.execPath, [BIN, 'ingest', inbox, '--db', db], {
      encoding: 'utf8',
      env: { ...process.env, HOME: dir },
      ...(root ? NOBODY : {}),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`unreadable   -                ${path.join(inbox, 'b.835')}: cannot read: permission denied (EACCES)`);
    expect(r.stdout).toContain(`unreadable   -                ${path.join(inbox, 'locked')}: cannot read: permission denied (EACCES)`);
    expect(r.stdout).toMatch(/3 files: 1 loaded, 0 duplicate, 0 quarantined, 2 unreadable;/);
  } finally {
    fs.chmodSync(path.join(inbox, 'b.835'), 0o600);
    fs.chmodSync(path.join(inbox, 'locked'), 0o700);
  }
});
