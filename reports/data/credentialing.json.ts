// Credentialing: marts.credentialing (provider × payer) — status, days in the pipeline, visits seen before the
// provider was effective (revenue at risk) and credentialing denials — and marts.denial_systematic (a payer whose
// denials are systematic is often a credentialing problem). Benchmark profile: providers are numbered, not named by
// NPI (an NPI names the practice).
import { loader, type PlainRow } from './lib/loader.ts';

loader('credentialing', async (ctx) => {
  const rows = await ctx.db
    .selectFrom('marts.credentialing')
    .select(['provider_npi', 'payer_id', 'clinic_id', 'discipline', 'status', 'applied_on', 'effective_on', 'terminated_on',
      'days_in_pipeline', 'is_effective', 'visits_before_effective', 'revenue_at_risk', 'credentialing_denials',
      'credentialing_denied_amount'])
    .orderBy('clinic_id')
    .orderBy('provider_npi')
    .orderBy('payer_id')
    .execute();
  let out: PlainRow[] = rows;
  if (ctx.benchmark) {
    const npis = [...new Set(rows.map((r) => String(r.provider_npi)))];
    out = rows.map(({ provider_npi, applied_on: _a, effective_on: _e, terminated_on: _t, ...r }) => ({
      provider: `Provider ${String(npis.indexOf(String(provider_npi)) + 1).padStart(2, '0')}`,
      ...r,
    }));
    out = ctx.relabel(
      ctx.suppress(out, [
        { counts: ['visits_before_effective'], derived: ['revenue_at_risk'] },
        { counts: ['credentialing_denials'], derived: ['credentialing_denied_amount'] },
      ]),
    );
  }
  const systematic = await ctx.db
    .selectFrom('marts.denial_systematic')
    .select(['payer_id', 'denial_rate', 'top_category', 'systematic', 'adjudicated_claims', 'denied_claims'])
    .orderBy('systematic', 'desc')
    .orderBy('denial_rate', 'desc')
    .orderBy('payer_id')
    .execute();
  return {
    credentialing: out,
    denial_systematic: ctx.suppress(systematic, [
      { counts: ['adjudicated_claims'], derived: ['denied_claims', 'denial_rate'] },
      { counts: ['denied_claims'], complement: ['denied_claims', 'adjudicated_claims'], derived: ['denial_rate'] },
    ]),
  };
});
