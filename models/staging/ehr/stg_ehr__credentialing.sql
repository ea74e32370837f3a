-- stg_ehr__credentialing: provider enrolment with each payer.
-- grain: provider_npi, payer_id
select provider_npi, payer_id, status, applied_on, effective_on, terminated_on
from raw.ehr_credentialing
