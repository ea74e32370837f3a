-- era_amount_mismatch: ERA payments whose amount differs from the 835's BPR02 (deposit reassociation, B-D).
select 'warn' as severity, NULL as file_sha256, 'payment' as entity, payment_id as key,
       'ERA payment amount ' || amount || ' differs from the 835 BPR02 ' || remit_amount as message
from intermediate.int_era_postings
where matched and amount <> remit_amount
