-- stg_ehr__authorizations: prior authorisations requested from payers, with re-authorisation chains.
-- grain: auth_id
select
    auth_id,
    patient_key,
    payer_id,
    status,
    requested_on,
    decided_on,
    start_date,
    end_date,
    approved_visits,
    requested_visits,
    nullif(trim(previous_auth_id), '') as previous_auth_id
from raw.ehr_authorizations
