-- stg_ehr__clinics: the clinics of the group (EHR export).
-- grain: clinic_id
-- rule: timezone defaults to the group's configured time zone.
select
    clinic_id,
    clinic_name,
    trim(billing_npi) as billing_npi,
    nullif(trim(tin), '') as tin,
    coalesce(nullif(timezone, ''), (select timezone from config.params)) as timezone
from raw.ehr_clinics
