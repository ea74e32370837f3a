-- credit_balances: claims whose insurance balance is negative (the payer or patient paid more than was owed): money
-- the clinic may have to refund. Reported apart from the aging buckets (DESIGN.md §6.4).
-- grain: clinic_id, claim_id
select clinic_id, claim_id, payer_id, patient_key, first_service_date, billed_amount, paid_amount,
       insurance_balance as credit_balance, age_days
from intermediate.int_claim_balances
where insurance_balance < 0
