-- stg_ehr__providers: rendering providers (therapists).
-- grain: provider_npi
select provider_npi, clinic_id, discipline, display_name
from raw.ehr_providers
