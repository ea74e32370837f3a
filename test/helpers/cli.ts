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
