/**
 * Run the real `revcycle` CLI (bin/revcycle.js) in a child process, as a user would.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve(import.meta.dirname, '../../bin/revcycle.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `revcycle query SQL --format json` → rows (throws with stderr on failure). */
export function cliQuery<T = Record<string, unknown>>(db: string, sql: string): T[] {
  const r = runCli(['query', sql, '--format', 'json', '--db', db]);
  if (r.code !== 0) throw new Error(`revcycle query failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

/** `nobody` (uid 65534), for tests of file permissions that root would not feel. */
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Whether a permission test can run here: as a user other than root it runs as itself; as root it runs its child as
 * `nobody`, which needs to reach the project and Node (not the case when the checkout lives under a private /root).
 */
export function permissionsTestable(): boolean {
  if (process.getuid?.() !== 0) return true;
  const root = path.resolve(import.meta.dirname, '../..');
  const probe = `const fs = require('fs'); for (const p of ${JSON.stringify([BIN, path.join(root, 'node_modules/tsx/package.json'), path.join(root, 'pipelines')])}) fs.accessSync(p, fs.constants.R_OK);`;
  return spawnSync(process.execPath, ['-e', probe], { ...NOBODY, stdio: 'ignore' }).status === 0;
}
