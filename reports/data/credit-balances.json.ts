// Internal profile only: marts.credit_balances — claims whose insurance balance is negative (money the clinic may
// owe back). Claim ids and pseudonymous patient keys only.
import { loader } from './lib/loader.ts';

loader('credit-balances', async (ctx) =>
  ctx.benchmark
    ? []
    : ctx.query(`
        SELECT clinic_id, claim_id, payer_id, patient_key, first_service_date, billed_amount, paid_amount, credit_balance, age_days
        FROM marts.credit_balances ORDER BY credit_balance, clinic_id, claim_id`),
);
