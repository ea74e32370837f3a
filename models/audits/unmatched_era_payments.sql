-- unmatched_era_payments: ERA payments in the payments export whose trace number matches no 835 received by the as-of
-- date (int_era_postings).
select 'warn' as severity, NULL as file_sha256, 'payment' as entity, payment_id as key,
       'ERA payment trace number matches no 835 received by the as-of date' as message
from intermediate.int_era_postings
where not matched
