// Internal profile only: marts.unbilled_visits — completed insurance visits more than a day old with no claim sent
// (documented, not billed), oldest first. Visit ids and pseudonymous patient keys only.
import { loader } from './lib/loader.ts';

loader('unbilled-visits', async (ctx) =>
  ctx.benchmark
    ? []
    : ctx.db
        .selectFrom('marts.unbilled_visits')
        .select(['visit_id', 'clinic_id', 'payer_id', 'patient_key', 'visit_date', 'visit_type', 'documented_on', 'days_unbilled'])
        .orderBy('days_unbilled', 'desc')
        .orderBy('clinic_id')
        .orderBy('visit_id')
        .execute(),
);
