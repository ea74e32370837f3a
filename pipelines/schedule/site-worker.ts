/**
 * Child process of the scheduler that builds the site (src/site/build.ts `buildSite`) from a warehouse snapshot.
 *
 * A separate process so the scheduler can stop a build cleanly (it signals this process group: Framework and its
 * loaders stop, `buildSite` removes its staging folder and releases its lock) and so a build's memory never counts
 * against the long-running scheduler. Input: REVCYCLE_SITE_WORKER (JSON: dbPath, outDir, profile, config). Output: one
 * line `@@site-result {…}` on stdout; exit 0 on success, 1 on failure.
 */
import { parseConfig } from '../../src/config.ts';
import { buildSite, type SiteProfile } from '../../src/site/build.ts';

import { RESULT_MARK } from './site-worker-mark.ts';

interface WorkerInput {
  dbPath: string;
  outDir: string;
  profile?: SiteProfile;
  config: unknown;
}

async function main(): Promise<number> {
  // SIGTERM/SIGINT reach the whole process group: Framework dies, buildSite cleans up in its finally, then we exit.
  let stopping = false;
  const onSignal = () => {
    stopping = true;
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const input = JSON.parse(process.env.REVCYCLE_SITE_WORKER ?? '{}') as WorkerInput;
  try {
    const r = await buildSite({ dbPath: input.dbPath, outDir: input.outDir, profile: input.profile, config: parseConfig(input.config, 'site worker config') });
    process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ok: true, pages: r.pages, bytes: r.bytes, seconds: r.seconds, outDir: r.outDir })}\n`);
    return 0;
  } catch (err) {
    const message = String((err as Error)?.message ?? err).split('\n')[0];
    process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ok: false, aborted: stopping, error: message })}\n`);
    return 1;
  }
}

process.exitCode = await main();
