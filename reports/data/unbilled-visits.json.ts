// Internal profile only: marts.unbilled_visits — completed insurance visits more than a day old with no claim sent
// (documented, not billed), oldest first. Visit ids and pseudonymous patient keys only.
import { loader } from './lib/loader.ts';

loader('unbilled-visits', async (ctx) =>
  ctx.benchmark
    ? []
    : ctx.query(`
        SELECT visit_id, clinic_id, payer_id, patient_key, visit_date, visit_type, documented_on, days_unbilled
        FROM marts.unbilled_visits ORDER BY days_unbilled DESC, clinic_id, visit_id`),
);
