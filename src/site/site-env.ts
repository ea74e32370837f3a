/**
 * The interface between the site build and its data loaders. Loaders are separate processes started by Framework,
 * so the build hands them the warehouse path and the publishing options through environment variables; this module
 * is the one place that writes (`siteEnv`) and reads (`readSiteEnv`) them.
 */
import type { Config } from '../config.ts';

export type SiteProfile = 'internal' | 'benchmark';

export interface SiteEnv {
  /** Absolute path of the warehouse; loaders open it read-only. */
  dbPath: string;
  profile: SiteProfile;
  /** Benchmark profile: counts from 1 to smallCell − 1 are suppressed. */
  smallCell: number;
  /** Cash-pay rate per visit for the out-of-network scenario of the contract model. */
  cashRatePerVisit: number;
  /** Direct cost of a visit (cash-pay visits carry it too in the contract model). */
  costPerVisit: number;
}

export const SITE_ENV_VARS = {
  dbPath: 'REVCYCLE_DB',
  profile: 'REVCYCLE_SITE_PROFILE',
  smallCell: 'REVCYCLE_SITE_SMALL_CELL',
  cashRatePerVisit: 'REVCYCLE_SITE_CASH_RATE',
  costPerVisit: 'REVCYCLE_SITE_COST_PER_VISIT',
} as const;

export function siteEnv(dbPath: string, profile: SiteProfile, config: Config): Record<string, string> {
  return {
    [SITE_ENV_VARS.dbPath]: dbPath,
    [SITE_ENV_VARS.profile]: profile,
    [SITE_ENV_VARS.smallCell]: String(config.site.smallCell),
    [SITE_ENV_VARS.cashRatePerVisit]: String(config.costModel.cashRatePerVisit),
    [SITE_ENV_VARS.costPerVisit]: String(config.costModel.costPerVisit),
  };
}

export function readSiteEnv(env: NodeJS.ProcessEnv = process.env): SiteEnv {
  const dbPath = env[SITE_ENV_VARS.dbPath];
  if (!dbPath) throw new Error(`${SITE_ENV_VARS.dbPath} is not set: loaders run inside \`revcycle site\`, which sets it`);
  const profile = env[SITE_ENV_VARS.profile] ?? 'internal';
  if (profile !== 'internal' && profile !== 'benchmark') {
    throw new Error(`${SITE_ENV_VARS.profile} must be internal or benchmark (got ${profile})`);
  }
  const num = (name: string, dflt: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min} (got ${raw})`);
    return n;
  };
  return {
    dbPath,
    profile,
    smallCell: num(SITE_ENV_VARS.smallCell, 11, 1),
    cashRatePerVisit: num(SITE_ENV_VARS.cashRatePerVisit, 120, 0),
    costPerVisit: num(SITE_ENV_VARS.costPerVisit, 62, 0),
  };
}
