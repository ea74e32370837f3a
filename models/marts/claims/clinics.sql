-- clinics: the clinic dimension for labels and filters (no patient data).
-- grain: clinic_id
select clinic_id, clinic_name, billing_npi, timezone from staging.stg_ehr__clinics
union all
select distinct clinic_id, clinic_id, NULL, NULL
from intermediate.int_claims
where clinic_id like 'unknown:%'
