-- payments_on_voided_claims: voided claims (current version a void) whose remit records to the as-of date paid a
-- net amount other than 0. A voided claim is excluded from every metric (DESIGN §6.1), so this money shows in no mart:
-- it is owed back to the payer unless the void is reversed or the claim billed again.
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, c.clinic_id || '/' || c.claim_id as key,
       'the claim is voided but its 835s paid ' || printf('%.2f', t.paid_amount) ||
       ' net: refund the payer or bill the claim again' as message
from intermediate.int_claims c
join intermediate.int_claim_remit_totals t using (clinic_id, claim_id)
where c.is_voided and t.paid_amount <> 0
