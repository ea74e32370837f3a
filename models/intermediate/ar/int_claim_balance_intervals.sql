-- int_claim_balance_intervals: each claim's insurance balance over time, as intervals of constant balance, for the
-- weekly A/R trend (days in A/R and A/R over 90 days at the end of every week).
-- grain: clinic_id, claim_id, valid_from
-- rule: on any day the claim is the version current that day (int_claim_version_spans: its billed amount and first
--       service date; no row while that version is a void or before the first submission). Its balance is that
--       billed amount less, as in int_claim_balances, every remit record (CLP04 + contractual + prior payer + patient
--       responsibility adjustments, reversals included) and write-off action dated on or before the day. An interval
--       [valid_from, valid_to) holds between two such dates. Zero-balance intervals are dropped.
with spans as (select * from intermediate.int_claim_version_spans),
claims as (select clinic_id, claim_id, payer_id from intermediate.int_claims),
record_events as (
    select r.clinic_id, r.claim_id, r.remit_date as event_date,
           -(r.paid_amount + coalesce(a.reductions, 0)) as delta
    from intermediate.int_remit_records r
    left join (
        select record_key, sum(amount) as reductions
        from intermediate.int_remit_adjustments
        where category in ('contractual', 'prior_payer', 'patient_responsibility')
        group by record_key
    ) a using (record_key)
    where r.claim_id is not null
),
write_off_events as (
    select d.clinic_id, d.claim_id, d.action_on as event_date, -d.amount as delta
    from intermediate.int_denial_actions d
    where d.action = 'write_off' and d.amount is not null
),
events as (
    -- A version change starts an interval too (delta 0: the billed amount comes from the span).
    select clinic_id, claim_id, valid_from as event_date, 0 as delta from spans
    union all
    select e.* from record_events e semi join claims c using (clinic_id, claim_id)
    union all
    select e.* from write_off_events e semi join claims c using (clinic_id, claim_id)
),
daily as (
    select clinic_id, claim_id, event_date, sum(delta) as delta
    from events group by all
),
running as (
    select clinic_id, claim_id, event_date as valid_from,
           lead(event_date) over (partition by clinic_id, claim_id order by event_date) as valid_to,
           sum(delta) over (partition by clinic_id, claim_id order by event_date rows unbounded preceding) as reduced
    from daily
),
balances as (
    select r.clinic_id, r.claim_id, s.first_service_date, s.billed_amount, r.valid_from,
           coalesce(r.valid_to, DATE '9999-12-31') as valid_to, s.billed_amount + r.reduced as balance
    from running r
    join spans s
      on s.clinic_id = r.clinic_id and s.claim_id = r.claim_id
     and s.valid_from <= r.valid_from and (s.valid_to is null or r.valid_from < s.valid_to)
    where not s.is_voided
)
select b.clinic_id, b.claim_id, c.payer_id, b.first_service_date, b.billed_amount, b.valid_from, b.valid_to, b.balance
from balances b
join claims c using (clinic_id, claim_id)
where b.balance <> 0
