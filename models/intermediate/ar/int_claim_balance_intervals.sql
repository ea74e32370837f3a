-- int_claim_balance_intervals: each claim's insurance balance over time, as intervals of constant balance, for the
-- weekly A/R trend (days in A/R and A/R over 90 days at the end of every week).
-- grain: clinic_id, claim_id, valid_from
-- rule: on any day the claim is the version current that day (int_claim_version_spans: its billed amount and first
--       service date; no row while that version is a void or before the first submission). Its balance is that
--       billed amount less, as in int_claim_balances, every remit record (CLP04 + contractual + prior payer + patient
--       responsibility adjustments, reversals included) and write-off action dated on or before the day. An interval
--       [valid_from, valid_to) holds between two such dates. Zero-balance intervals are dropped.
with spans as (
    select clinic_id, claim_id, valid_from, billed_amount, first_service_date, is_voided,
           -- the billed amount changes by this much when this version takes over (telescoping to the current one)
           billed_amount - coalesce(lag(billed_amount) over (partition by clinic_id, claim_id order by valid_from), 0) as billed_change
    from intermediate.int_claim_version_spans
),
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
    -- A version change carries the version's attributes (one per day: int_claim_version_spans keeps the last).
    select clinic_id, claim_id, valid_from as event_date, billed_change as delta,
           billed_amount, first_service_date, is_voided
    from spans
    union all
    select *, NULL::DECIMAL(18,2), NULL::DATE, NULL::BOOLEAN from record_events
    union all
    select *, NULL::DECIMAL(18,2), NULL::DATE, NULL::BOOLEAN from write_off_events
),
daily as (
    select clinic_id, claim_id, event_date, sum(delta) as delta,
           max(billed_amount) as billed_amount, max(first_service_date) as first_service_date, bool_or(is_voided) as is_voided
    from events group by all
),
running as (
    select clinic_id, claim_id, event_date as valid_from,
           lead(event_date) over w as valid_to,
           sum(delta) over (w rows unbounded preceding) as balance,
           last_value(billed_amount ignore nulls) over (w rows unbounded preceding) as billed_amount,
           last_value(first_service_date ignore nulls) over (w rows unbounded preceding) as first_service_date,
           last_value(is_voided ignore nulls) over (w rows unbounded preceding) as is_voided
    from daily
    window w as (partition by clinic_id, claim_id order by event_date)
)
-- Before the first submission (no version yet: NULL attributes) and while a void is current there is no claim.
select clinic_id, claim_id, first_service_date, billed_amount, valid_from,
       coalesce(valid_to, DATE '9999-12-31') as valid_to, balance
from running
where not is_voided and balance <> 0
