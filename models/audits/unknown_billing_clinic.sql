-- unknown_billing_clinic: 837 claims whose billing provider NPI is not a clinic's billing_npi (shown as
-- 'unknown:<npi>'); only checked once clinics have been loaded.
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, clinic_id || '/' || claim_id as key,
       'billing NPI of the claim is not in clinics' as message
from intermediate.int_claims
where clinic_id like 'unknown:%' and exists (select 1 from staging.stg_ehr__clinics)
