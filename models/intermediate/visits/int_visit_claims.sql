-- int_visit_claims: the clinic whose claim a visit names (visits.claim_id), for every visit that names one.
-- grain: visit_id
-- rule: a claim is a CLM01 of one billing clinic. When several clinics (the sites of a group) bill under one NPI,
--       a CLM01 named by visits of those sites belongs to the first by clinic_id of the sites whose completed visits
--       name it (usually the only one; a cancelled or no-show visit counts only when no completed visit names it);
--       int_claim_versions places the 837 there. Otherwise the claim is in the visit's own clinic.
--       Every model that joins a visit to its claim joins on (claim_clinic_id, claim_id).
with visits as (
    select visit_id, clinic_id, claim_id, status
    from staging.stg_ehr__visits
    where claim_id is not null
),
clinics as (
    select clinic_id, billing_npi, count(*) over (partition by billing_npi) as sites
    from staging.stg_ehr__clinics
    where billing_npi is not null
),
shared as (
    select v.visit_id, v.clinic_id, v.claim_id, c.billing_npi,
           coalesce(min(case when v.status = 'completed' then v.clinic_id end) over w, min(v.clinic_id) over w)
               as claim_clinic_id
    from visits v
    join clinics c on c.clinic_id = v.clinic_id and c.sites > 1
    window w as (partition by c.billing_npi, v.claim_id)
)
select v.visit_id, v.clinic_id, v.claim_id, coalesce(s.claim_clinic_id, v.clinic_id) as claim_clinic_id,
       s.billing_npi as shared_billing_npi
from visits v
left join shared s using (visit_id)
