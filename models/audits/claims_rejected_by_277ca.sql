-- claims_rejected_by_277ca: claims whose current version a 277CA rejected (int_claim_acks last_ack_outcome, as of the
-- as-of date; a void included): the payer never received that version (a rejection is not a denial, domain-reference
-- §1.1), so it waits for a corrected resubmission. One finding per claim, gone once a resubmission is sent.
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, c.clinic_id || '/' || c.claim_id as key,
       'a 277CA rejected the claim''s current version' ||
       case when c.is_voided then ' (a void: the payer never received it)' else '' end ||
       ': correct and resubmit it' as message
from intermediate.int_claims c
join intermediate.int_claim_acks a using (clinic_id, claim_id)
where a.last_ack_outcome = 'rejected'
