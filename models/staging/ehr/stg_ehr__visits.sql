-- stg_ehr__visits: visits from the EHR (completed, cancelled, no-show), with their payer and claim.
-- grain: visit_id
-- rule: an empty payer_id is a cash-pay visit; claim_id is the CLM01 the visit was billed on. documented_at and
--       charge_entered_at stay text (an offset or clinic time), written with seconds ('…T08:00Z' → '…T08:00:00Z'):
--       the file format allows HH:MM with an offset, which DuckDB's TIMESTAMPTZ cast refuses. A date alone is that
--       day's midnight, clinic time ('2025-03-04' → '2025-03-04T00:00:00').
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
    regexp_replace(
        regexp_replace(documented_at, '^(\d{4}-\d\d-\d\d)$', '\1T00:00:00'),
        '^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d)([Z+-]|$)', '\1:00\2'
    ) as documented_at,
    regexp_replace(
        regexp_replace(charge_entered_at, '^(\d{4}-\d\d-\d\d)$', '\1T00:00:00'),
        '^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d)([Z+-]|$)', '\1:00\2'
    ) as charge_entered_at,
    minutes
from raw.ehr_visits
