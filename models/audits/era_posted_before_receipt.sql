-- era_posted_before_receipt: ERA payments posted before the 835 they match was received (GS04): a negative posting
-- lag, which counts as "within 1 day" in marts.posting_lag (DESIGN §6.5) but points at a wrong posting date or a
-- trace number keyed against the wrong 835.
select 'warn' as severity, NULL as file_sha256, 'payment' as entity, payment_id as key,
       'posted ' || strftime(posted_on, '%Y-%m-%d') || ', before its 835 (trace ' || trace_number || ') was received ' ||
       strftime(remit_received_on, '%Y-%m-%d') as message
from intermediate.int_era_postings
where matched and lag_days < 0
