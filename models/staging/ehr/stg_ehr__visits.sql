-- stg_ehr__visits: visits from the EHR (completed, cancelled, no-show), with their payer and claim.
-- grain: visit_id
-- rule: an empty payer_id is a cash-pay visit; claim_id is the CLM01 the visit was billed on.
select
    visit_id,
    clinic_id,
    patient_key,
    provider_npi,
    visit_date,
    visit_type,
    status,
    nullif(trim(payer_id), '') as payer_id,
    nullif(trim(claim_id), '') as claim_id,
    documented_at,
    charge_entered_at,
    minutes
from raw.ehr_visits
