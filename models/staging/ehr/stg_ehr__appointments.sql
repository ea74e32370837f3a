-- stg_ehr__appointments: booked appointments (for projecting authorisation exhaustion).
-- grain: appointment_id
select
    appointment_id,
    patient_key,
    scheduled_date,
    nullif(trim(payer_id), '') as payer_id,
    coalesce(nullif(status, ''), 'scheduled') as status
from raw.ehr_appointments
