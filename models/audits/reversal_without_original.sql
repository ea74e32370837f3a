-- reversal_without_original: a reversal (CLP02 = 22) with no payment record of its claim that it negates (to as-of)
-- (orphan_reversal): the original may not be loaded yet.
-- rule: a reversal negates a non-reversal record of the same claim (CLP01 within the clinic) whose CLP04 is the
--       reversal's CLP04 with the sign turned (TR3 §1.10.2.8: "all original charge, payment, and adjustment amounts
--       are negated"); each record is negated at most once, the reversals of one amount taken in remit order. So a
--       correction that comes with the reversal (same or another 835) is not mistaken for the original it replaces.
--       A reversal dated before the payment it negates is not an orphan: the original is there. The claim ledger
--       nets it either way.
-- (the claim's CLM01 when the record matched one, which may differ from CLP01 in letter case; else CLP01)
with records as (select *, coalesce(claim_id, clp01) as claim_key from intermediate.int_remit_records),
reversals as (
    select *,
        row_number() over (partition by clinic_id, claim_key, paid_amount order by remit_date, load_seq, record_key) as n
    from records
    where is_reversal
),
originals as (
    select clinic_id, claim_key, -paid_amount as paid_amount, count(*) as records
    from records
    where not is_reversal
    group by all
)
select 'warn' as severity, r.file_sha256, 'remit_record' as entity, r.clp01 as key,
       coalesce('reversal of ' || printf('%.2f', r.paid_amount) || ' negates', 'reversal negates')
           || ' no payment record of the claim (orphan reversal)' as message
from reversals r
left join originals o
  on o.claim_key = r.claim_key and o.clinic_id is not distinct from r.clinic_id and o.paid_amount = r.paid_amount
where r.n > coalesce(o.records, 0)
