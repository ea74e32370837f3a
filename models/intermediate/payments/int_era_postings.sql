-- int_era_postings: ERA payments posted in the practice-management system, matched to their 835 by trace number.
-- grain: payment_id
-- rule: payments.method = 'era' match the 835 remittance with the same TRN02 (DESIGN.md §6.5), in any letter case (a
--       trace keyed by hand into the practice-management system is the same trace). When the payment
--       names a payer, an 835 of another known payer is not a candidate (trace numbers are unique per payer only); an
--       835 whose payer id is not mapped ('unknown:…') still matches. Several candidates → the payment's payer first,
--       then the earliest received. lag_days = posted_on − received_on of the 835 (GS04).
--       Payments posted after the as-of date are not posted yet; 835s received after it have not arrived yet (a payment
--       posted before its 835 arrived is unmatched until then).
with pay as (
    select *, upper(trace_number) as trace_key
    from staging.stg_ehr__payments
    where method = 'era' and posted_on <= (select as_of from config.params)
),
remits as (
    select upper(trace_number) as trace_key, payer_key, payer_id, payer_known, received_on, payment_amount, file_no, set_index
    from intermediate.int_remit_sets
    where received_on <= (select as_of from config.params)
),
matched as (
    select p.payment_id, r.received_on, r.payer_id as remit_payer_id, r.payment_amount as remit_amount,
           r.file_no, r.set_index
    from pay p
    join remits r on r.trace_key = p.trace_key
    where p.payer_id is null or p.payer_id = r.payer_id or not r.payer_known
    qualify row_number() over (
        partition by p.payment_id order by (p.payer_id = r.payer_id) desc nulls last, r.received_on, r.file_no, r.set_index
    ) = 1
)
select
    p.payment_id,
    p.payer_id,
    p.trace_number,
    p.amount,
    p.received_on as payment_received_on,
    p.posted_on,
    m.received_on as remit_received_on,
    m.remit_amount,
    m.file_no as remit_file_no,
    m.set_index as remit_set_index,
    m.payment_id is not null as matched,
    p.posted_on - m.received_on as lag_days
from pay p
left join matched m using (payment_id)
