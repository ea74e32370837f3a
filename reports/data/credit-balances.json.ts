// Internal profile only: marts.credit_balances — claims whose insurance balance is negative (money the clinic may
// owe back). Claim ids and pseudonymous patient keys only.
import { loader } from './lib/loader.ts';

loader('credit-balances', async (ctx) =>
  ctx.benchmark
    ? []
    : ctx.db
        .selectFrom('marts.credit_balances')
        .select(['clinic_id', 'claim_id', 'payer_id', 'patient_key', 'first_service_date', 'billed_amount', 'paid_amount',
          'credit_balance', 'age_days'])
        .orderBy('credit_balance')
        .orderBy('clinic_id')
        .orderBy('claim_id')
        .execute(),
);
