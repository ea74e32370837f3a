-- stg_ehr__clinics: the clinics of the group (EHR export).
-- grain: clinic_id
-- rule: timezone defaults to the group's configured time zone; the TIN keeps its digits only (an export's
--       12-3456789 is X12's 123456789, the form 835 payees and 277CA providers are matched on).
select
    clinic_id,
    clinic_name,
    trim(billing_npi) as billing_npi,
    nullif(regexp_replace(tin, '[^0-9]', '', 'g'), '') as tin,
    coalesce(nullif(timezone, ''), (select timezone from config.params)) as timezone
from raw.ehr_clinics
