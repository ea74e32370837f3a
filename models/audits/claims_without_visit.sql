-- claims_without_visit: non-voided claims that no EHR visit points to (visits.claim_id); only checked once visits
-- have been loaded.
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, c.clinic_id || '/' || c.claim_id as key,
       'claim has no visit in the EHR export' as message
from intermediate.int_claims c
where not c.is_voided
  and exists (select 1 from staging.stg_ehr__visits)
  and not exists (
      select 1 from intermediate.int_visit_claims v where v.claim_id = c.claim_id and v.claim_clinic_id = c.clinic_id
  )
