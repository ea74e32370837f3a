-- claims_in_rejected_837_sets: claims whose current version was sent in an 837 transaction set that a 999 rejected
-- (IK501 R, M, W or X, or its whole group rejected by AK901): the payer never received it, so it waits for a
-- corrected resubmission. A rejected void is named too: the claim counts as voided (the latest version sent, DESIGN
-- §6.1), but the payer never received the void.
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, c.clinic_id || '/' || c.claim_id as key,
       'the 837 set carrying the claim''s current version' || case when c.is_voided then ' (a void)' else '' end ||
       ' was rejected by a 999 (' || a.ack_999_status || '): ' ||
       case when c.is_voided then 'the payer never received the void; resubmit it' else 'resubmit it' end as message
from intermediate.int_claims c
join intermediate.int_837_set_acks a on a.file_no = c.current_file_no and a.set_index = c.current_set_index
where a.ack_999_outcome = 'rejected'
