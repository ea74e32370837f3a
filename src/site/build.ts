/**
 * The dashboard site build (DESIGN.md §8): prime Framework's npm cache from node_modules, run the Framework build
 * offline with the data loaders pointed at the warehouse, then scan the output for PHI.
 */
import type { Config } from '../config.ts';

export type SiteProfile = 'internal' | 'benchmark';

export interface BuildSiteOptions {
  /** The warehouse file; loaders open it read-only, so no writer may hold it during the build. */
  dbPath: string;
  /** Output folder (default `dist`). */
  outDir?: string;
  /** Default: `config.site.profile`. */
  profile?: SiteProfile;
  config: Config;
  onLog?: (line: string) => void;
}

export interface BuildSiteResult {
  outDir: string;
  bytes: number;
  pages: number;
  seconds: number;
}

export async function buildSite(opts: BuildSiteOptions): Promise<BuildSiteResult> {
  throw new Error(`buildSite: not implemented yet (${opts.dbPath})`);
}
