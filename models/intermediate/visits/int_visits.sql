-- int_visits: visits that happened on or before the as-of date, with payer attributes, local dates and the claim.
-- grain: visit_id
-- rule: a visit with no payer is cash-pay. Timestamps with an offset are converted to the clinic's time zone before
--       taking the date; timestamps without one are already local. claim_clinic_id = the clinic holding the visit's
--       claim (int_visit_claims: its own, or a site sharing its group NPI). has_claim = an 837 claim with the visit's
--       claim id exists in that clinic by the as-of date (voided claims do not count).
with v as (select * from staging.stg_ehr__visits),
params as (select * from config.params),
clinics as (select clinic_id, timezone from staging.stg_ehr__clinics),
claims as (select clinic_id, claim_id, submitted_on, is_voided from intermediate.int_claims)
select
    v.visit_id,
    v.clinic_id,
    v.patient_key,
    v.provider_npi,
    v.visit_date,
    v.visit_type,
    v.status,
    v.payer_id,
    v.claim_id,
    coalesce(vc.claim_clinic_id, v.clinic_id) as claim_clinic_id,
    v.minutes,
    v.payer_id is not null as is_insurance,
    coalesce(p.financial_class, case when v.payer_id is null then 'cash' else 'other' end) as financial_class,
    coalesce(p.requires_auth, false) as requires_auth,
    coalesce(p.auth_exempt_visits, 1) as auth_exempt_visits,
    case
        when v.charge_entered_at is null then NULL
        when regexp_matches(v.charge_entered_at, '(Z|[+-]\d\d(:?\d\d)?)$')
            then (v.charge_entered_at::TIMESTAMPTZ AT TIME ZONE coalesce(c.timezone, params.timezone))::DATE
        else try_cast(v.charge_entered_at AS TIMESTAMP)::DATE
    end as charge_entered_on,
    case
        when v.documented_at is null then NULL
        when regexp_matches(v.documented_at, '(Z|[+-]\d\d(:?\d\d)?)$')
            then (v.documented_at::TIMESTAMPTZ AT TIME ZONE coalesce(c.timezone, params.timezone))::DATE
        else try_cast(v.documented_at AS TIMESTAMP)::DATE
    end as documented_on,
    cl.claim_id is not null and not cl.is_voided as has_claim,
    case when not cl.is_voided then cl.submitted_on end as claim_submitted_on
from v
cross join params
left join intermediate.int_payers p on p.payer_id = v.payer_id
left join clinics c on c.clinic_id = v.clinic_id
left join intermediate.int_visit_claims vc on vc.visit_id = v.visit_id
left join claims cl on cl.clinic_id = vc.claim_clinic_id and cl.claim_id = v.claim_id
where v.visit_date <= params.as_of
