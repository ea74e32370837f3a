// Internal profile only: marts.denial_worklist — initially denied claims nobody has worked yet, oldest first, with
// the resolution path for the category and the amount at stake. Claim ids and pseudonymous patient keys only.
import { loader } from './lib/loader.ts';

loader('denial-worklist', async (ctx) =>
  ctx.benchmark
    ? []
    : ctx.db
        .selectFrom('marts.denial_worklist')
        .select(['clinic_id', 'claim_id', 'payer_id', 'patient_key', 'category', 'primary_carc', 'denied_amount',
          'amount_at_stake', 'denial_received_on', 'age_days', 'past_sla', 'resolution_path', 'owner'])
        .orderBy('age_days', 'desc')
        .orderBy('clinic_id')
        .orderBy('claim_id')
        .execute(),
);
