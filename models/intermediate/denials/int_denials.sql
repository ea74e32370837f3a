-- int_denials: every initially denied claim (denied or partially denied at first adjudication) and what happened
-- to it afterwards (DESIGN.md §6.3).
-- grain: clinic_id, claim_id
-- rule: denial_received_on = received_on (GS04) of the first adjudication's 835. first_action_on = the earliest of
--       the claim's denial actions (appeal, corrected claim, patient outreach, write-off, resubmit) and the submission
--       of a replacement 837 (frequency 7) sent on or after the denial was received. routed_within_sla =
--       first_action_on − denial_received_on ≤ the routing SLA (2 days). Overturned = a later remit record (after the
--       first adjudication in remit order) that is not a reversal and pays more than 0; recovered_amount = what those
--       records paid. written_off_amount = Σ write_off action amounts. Unworked = no action yet and not paid since.
--       Everything is as of the as-of date; voided claims are excluded.
with params as (select * from config.params),
claims as (select * from intermediate.int_claims where not is_voided),
first_adj as (select * from intermediate.int_claim_first_adjudication where initial_outcome in ('denied', 'partially_denied')),
actions as (select clinic_id, claim_id, action, action_on, amount from intermediate.int_denial_actions),
action_summary as (
    select clinic_id, claim_id,
           min(action_on) as first_denial_action_on,
           -- same-day actions: the alphabetically first, so a rebuild gives the same answer
           arg_min(action, (action_on, action)) as first_action,
           sum(amount) filter (where action = 'write_off') as written_off_amount,
           count(*) filter (where action = 'write_off') as write_offs,
           count(*) filter (where action = 'appeal') as appeals,
           count(*) filter (where action in ('corrected_claim', 'resubmit')) as corrections
    from actions group by clinic_id, claim_id
),
replacements as (
    select v.clinic_id, v.claim_id, min(v.submitted_on) as first_replacement_on
    from intermediate.int_claim_versions v
    join first_adj f using (clinic_id, claim_id)
    where v.frequency_code = '7' and v.submitted_on >= f.first_received_on
    group by all
),
later_paid as (
    select f.clinic_id, f.claim_id,
           count(*) as paying_records,
           sum(r.paid_amount) as recovered_amount,
           min(r.remit_date) as overturned_on
    from first_adj f
    join intermediate.int_remit_records r
      on r.clinic_id = f.clinic_id and r.claim_id = f.claim_id
    where not r.is_reversal
      and r.paid_amount > 0
      and (r.remit_date, r.load_seq, r.set_index, r.seg_ordinal)
          > (f.first_adjudicated_on, f.first_load_seq, f.first_set_index, f.first_seg_ordinal)
    group by all
)
select
    c.clinic_id,
    c.claim_id,
    c.payer_id,
    c.patient_key,
    c.provider_npi,
    c.billed_amount,
    f.initial_outcome,
    f.denial_category as category,
    f.primary_carc,
    f.denied_amount,
    f.first_adjudicated_on,
    f.first_received_on as denial_received_on,
    least(a.first_denial_action_on, r.first_replacement_on) as first_action_on,
    case
        when a.first_denial_action_on is null and r.first_replacement_on is null then NULL
        when r.first_replacement_on is null
          or (a.first_denial_action_on is not null and a.first_denial_action_on <= r.first_replacement_on) then a.first_action
        else 'replacement_claim'
    end as first_action,
    least(a.first_denial_action_on, r.first_replacement_on) - f.first_received_on as days_to_first_action,
    coalesce(least(a.first_denial_action_on, r.first_replacement_on) - f.first_received_on <= params.denial_routing_sla_days, false)
        as routed_within_sla,
    coalesce(a.appeals, 0) as appeals,
    coalesce(a.corrections, 0) + case when r.first_replacement_on is not null then 1 else 0 end as corrections,
    lp.claim_id is not null as overturned,
    lp.overturned_on,
    coalesce(lp.recovered_amount, 0) as recovered_amount,
    coalesce(a.written_off_amount, 0) as written_off_amount,
    -- a write-off action without an amount (the column is optional) is still a write-off
    coalesce(a.write_offs, 0) > 0 as written_off,
    a.first_denial_action_on is null and r.first_replacement_on is null and lp.claim_id is null as unworked,
    params.as_of - f.first_received_on as age_days,
    k.resolution_path,
    k.owner
from claims c
join first_adj f using (clinic_id, claim_id)
cross join params
left join action_summary a on a.clinic_id = c.clinic_id and a.claim_id = c.claim_id
left join replacements r on r.clinic_id = c.clinic_id and r.claim_id = c.claim_id
left join later_paid lp on lp.clinic_id = c.clinic_id and lp.claim_id = c.claim_id
left join staging.stg_seeds__adjustment_categories k on k.category = f.denial_category
