-- int_denial_actions: the denial actions dated on or before as-of, each attached to the claim it is about.
-- grain: clinic_id, claim_id, action, action_on
-- rule: denial_actions name the claim by CLM01 only, and a CLM01 is unique within a billing clinic, not across
--       clinics. An action goes to the non-voided claims with that CLM01; when several clinics have one, to those of
--       them that were initially denied (a denial action answers a denial), or to all of them when none (or every
--       one) was denied.
with actions as (
    select claim_id, action, action_on, amount
    from staging.stg_ehr__denial_actions
    where action_on <= (select as_of from config.params)
),
claims as (select clinic_id, claim_id from intermediate.int_claims where not is_voided),
denied as (
    select clinic_id, claim_id
    from intermediate.int_claim_first_adjudication
    where initial_outcome in ('denied', 'partially_denied')
),
candidates as (
    select c.clinic_id, a.claim_id, a.action, a.action_on, a.amount,
        d.clinic_id is not null as was_denied,
        count(d.clinic_id) over (partition by a.claim_id, a.action, a.action_on) as denied_candidates
    from actions a
    join claims c on c.claim_id = a.claim_id
    left join denied d on d.clinic_id = c.clinic_id and d.claim_id = c.claim_id
)
select clinic_id, claim_id, action, action_on, amount
from candidates
where was_denied or denied_candidates = 0
