-- int_claim_balance_intervals: each claim's insurance balance over time, as intervals of constant balance, for the
-- weekly A/R trend (days in A/R and A/R over 90 days at the end of every week).
-- grain: clinic_id, claim_id, valid_from
-- rule: the balance starts at the billed amount on the submission date and changes on every remit record (CLP04 +
--       contractual + prior payer + patient responsibility adjustments, reversals included) and write-off action, as
--       in int_claim_balances; an interval [valid_from, valid_to) holds between two such dates. Zero-balance
--       intervals are dropped. Claims voided as of the as-of date are left out of the whole history.
with claims as (select clinic_id, claim_id, payer_id, billed_amount, submitted_on, first_service_date from intermediate.int_claim_balances),
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
    select c.clinic_id, c.claim_id, d.action_on as event_date, -d.amount as delta
    from intermediate.int_denial_actions d
    join claims c using (clinic_id, claim_id)
    where d.action = 'write_off' and d.amount is not null
),
events as (
    select clinic_id, claim_id, submitted_on as event_date, billed_amount as delta from claims
    union all
    select e.* from record_events e join claims c using (clinic_id, claim_id)
    union all
    select * from write_off_events
),
daily as (
    select clinic_id, claim_id, event_date, sum(delta) as delta
    from events group by all
),
running as (
    select clinic_id, claim_id, event_date as valid_from,
           lead(event_date) over (partition by clinic_id, claim_id order by event_date) as valid_to,
           sum(delta) over (partition by clinic_id, claim_id order by event_date rows unbounded preceding) as balance
    from daily
)
select r.clinic_id, r.claim_id, c.payer_id, c.first_service_date, c.billed_amount,
       r.valid_from, coalesce(r.valid_to, DATE '9999-12-31') as valid_to, r.balance
from running r
join claims c using (clinic_id, claim_id)
where r.balance <> 0
