-- era_amount_mismatch: 835s whose ERA payments in the payments export do not add up to the 835's BPR02 (deposit
-- reassociation, B-D). Practice-management systems often post an ERA claim by claim, several payments with one trace,
-- so the check is per 835: Σ amount of the payments matched to it (int_era_postings, as of the as-of date) against
-- BPR02. One finding per 835, keyed by its trace number.
select 'warn' as severity, NULL as file_sha256, 'payment' as entity, any_value(trace_number) as key,
       'ERA payments ' || string_agg(payment_id, ', ' order by payment_id) || ' with this trace total ' ||
       sum(amount)::DECIMAL(18,2) || '; the 835 BPR02 is ' || any_value(remit_amount) as message
from intermediate.int_era_postings
where matched
group by remit_file_no, remit_set_index
having sum(amount) <> any_value(remit_amount)
