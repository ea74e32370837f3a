-- credentialing: provider enrolment with each payer, how long it has taken, and the revenue at risk while a
-- provider is not yet effective (DESIGN.md §6.8).
-- grain: provider_npi, payer_id
-- rule: status on the as-of date from the export's dates: terminated once terminated_on ≤ as-of, active once
--       effective_on ≤ as-of, in_progress once applied_on ≤ as-of, not_started before (the export's status where it
--       gives no dates; export_status is the status as exported); is_effective = active on the as-of date.
--       days_in_pipeline = applied_on → effective_on, or → as-of while not yet effective (NULL when applied after
--       as-of: not started); visits_before_effective = the provider's completed visits with that payer before the
--       effective date (all visits to as-of while there is none); revenue_at_risk = their expected amount (fee schedule × units, else line charge);
--       credentialing_denials = the provider's claims with that payer initially denied for credentialing.
with params as (select as_of from config.params),
cred as (select * from staging.stg_ehr__credentialing),
visits as (
    select v.visit_id, v.provider_npi, v.payer_id, v.visit_date, v.claim_clinic_id, v.claim_id
    from intermediate.int_visits v
    where v.status = 'completed' and v.payer_id is not null
),
visit_values as (
    select v.visit_id, sum(coalesce(l.expected_allowed, l.charge)) as expected_amount
    from visits v
    join intermediate.int_claim_lines l
      on l.clinic_id = v.claim_clinic_id and l.claim_id = v.claim_id and l.service_date_from = v.visit_date
    -- a voided claim is excluded from every metric (§6.1): its lines value nothing
    semi join (select clinic_id, claim_id from intermediate.int_claims where not is_voided) k
      on k.clinic_id = l.clinic_id and k.claim_id = l.claim_id
    group by v.visit_id
),
at_risk as (
    select c.provider_npi, c.payer_id,
           count(v.visit_id) as visits_before_effective,
           sum(coalesce(vv.expected_amount, 0)) as revenue_at_risk
    from cred c
    join visits v on v.provider_npi = c.provider_npi and v.payer_id = c.payer_id
    left join visit_values vv using (visit_id)
    where c.effective_on is null or c.effective_on > (select as_of from params) or v.visit_date < c.effective_on
    group by all
),
denials as (
    select provider_npi, payer_id, count(*) as credentialing_denials, sum(denied_amount) as credentialing_denied_amount
    from intermediate.int_denials
    where category = 'credentialing'
    group by all
)
select
    c.provider_npi,
    c.payer_id,
    pr.clinic_id,
    pr.discipline,
    -- the status on the as-of date, from the dates the export gives (its status where the dates say nothing)
    case
        when c.terminated_on <= (select as_of from params) then 'terminated'
        when c.status = 'terminated' and c.terminated_on is null then 'terminated'
        when c.effective_on <= (select as_of from params) then 'active'
        when c.status = 'active' and c.effective_on is null then 'active'
        when c.applied_on <= (select as_of from params) then 'in_progress'
        when c.applied_on is not null or c.effective_on is not null then 'not_started'
        else c.status
    end as status,
    c.status as export_status,
    c.applied_on,
    c.effective_on,
    c.terminated_on,
    case
        when c.applied_on is null or c.applied_on > (select as_of from params) then NULL
        when c.effective_on is not null and c.effective_on <= (select as_of from params) then c.effective_on - c.applied_on
        else (select as_of from params) - c.applied_on
    end as days_in_pipeline,
    -- effective on the as-of date: effective by then and not terminated by then
    coalesce(c.effective_on <= (select as_of from params), c.status = 'active')
        and not coalesce(c.terminated_on <= (select as_of from params), c.status = 'terminated') as is_effective,
    coalesce(r.visits_before_effective, 0) as visits_before_effective,
    coalesce(r.revenue_at_risk, 0)::DECIMAL(18,2) as revenue_at_risk,
    coalesce(d.credentialing_denials, 0) as credentialing_denials,
    coalesce(d.credentialing_denied_amount, 0)::DECIMAL(18,2) as credentialing_denied_amount
from cred c
left join staging.stg_ehr__providers pr on pr.provider_npi = c.provider_npi
left join at_risk r on r.provider_npi = c.provider_npi and r.payer_id = c.payer_id
left join denials d on d.provider_npi = c.provider_npi and d.payer_id = c.payer_id
