/**
 * The `revcycle` command line (DESIGN.md §3).
 *
 * Errors are one clear sentence naming the file and position, never a stack trace unless --verbose. Exit codes:
 * 0 success; 1 something was quarantined or a check failed (good files are still loaded); 2 usage or system errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, resolveDbPath, resolvePaths, type Config, type Paths } from '../config.ts';
import { LockTimeoutError } from '../db/lock.ts';
import { WarehouseError } from '../db/warehouse.ts';
import { COMMANDS } from './commands.ts';
import { isIsoDate } from '../../pipelines/ehr/columns.ts';

export class UsageError extends Error {}

/** A date option: a real calendar date 'YYYY-MM-DD' (2025-02-30 is refused before any work starts), or undefined. */
export function dateOption(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isIsoDate(value)) throw new UsageError(`--${name} must be a date YYYY-MM-DD (got ${value})`);
  return value;
}

/** A failure the user can act on: printed as one line, exit code `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

export interface CliContext {
  argv: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  verbose: boolean;
  config: Config;
  paths: Paths;
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface Command {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Takes positional arguments (files, SQL); the others refuse any. */
  positionals?: boolean;
  run(ctx: CliContext): Promise<number>;
}

const COMMON: NonNullable<ParseArgsConfig['options']> = {
  db: { type: 'string' },
  config: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
};

function help(): string {
  const lines = ['revcycle — revenue-cycle analytics warehouse for PT clinics', '', 'Usage: revcycle <command> [options]', ''];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Common options: --db PATH (default data/warehouse.duckdb, env REVCYCLE_DB), --config PATH (default revcycle.config.json), --verbose');
  return lines.join('\n');
}

/**
 * The common options (COMMON, but --help) may also come before the command (`revcycle --db w.duckdb build`): they are
 * moved behind it, so `argv[0]` is the command. Anything else before the command is left where it is (and reported as
 * unknown).
 */
export function commandFirst(argv: string[]): string[] {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    const [, long, inline] = /^--([^=]+)(=.*)?$/.exec(a) ?? [];
    const name = long ?? Object.keys(COMMON).find((k) => a === `-${COMMON[k]!.short}`);
    const option = name === undefined || name === 'help' ? undefined : COMMON[name];
    if (!option) break;
    const takesValue = option.type === 'string' && inline === undefined;
    if (takesValue && i + 1 >= argv.length) break;
    leading.push(...argv.slice(i, i + (takesValue ? 2 : 1)));
    i += takesValue ? 2 : 1;
  }
  if (!leading.length || i >= argv.length) return argv;
  return [argv[i]!, ...leading, ...argv.slice(i + 1)];
}

export async function main(rawArgv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  const argv = commandFirst(rawArgv);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    out((await import('../version.ts')).VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`revcycle: unknown command "${name}" (run revcycle --help)`);
    return 2;
  }
  const verbose = rest.includes('--verbose') || rest.includes('-v');
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...COMMON, ...(command.options ?? {}) }, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (parsed.values.help) {
      out(`Usage: ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    if (!command.positionals && parsed.positionals.length) throw new UsageError(`unexpected argument ${parsed.positionals[0]}`);
    const config = loadConfig(parsed.values.config as string | undefined);
    const db = resolveDbPath(parsed.values.db as string | undefined);
    const ctx: CliContext = {
      argv,
      values: parsed.values as CliContext['values'],
      positionals: parsed.positionals,
      verbose,
      config,
      paths: resolvePaths(db, config),
      out,
      err,
    };
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`revcycle ${name}: ${e.message} (usage: ${command.usage})`);
      return 2;
    }
    if (e instanceof CliError) {
      err(`revcycle ${name}: ${e.message}`);
      if (verbose && e.stack) err(e.stack);
      return e.code;
    }
    if (e instanceof ConfigError || e instanceof LockTimeoutError || e instanceof WarehouseError) {
      err(`revcycle ${name}: ${e.message}`);
      if (verbose && e.stack) err(e.stack);
      return 2;
    }
    const message = (e as Error)?.message ?? String(e);
    err(`revcycle ${name}: ${message.split('\n')[0]}`);
    if (verbose && (e as Error)?.stack) err((e as Error).stack!);
    return 2;
  }
}
