-- visits_unknown_payer: visits whose payer_id is not in the payers export.
select 'error' as severity, NULL as file_sha256, 'visit' as entity, v.visit_id as key,
       'visit payer ' || v.payer_id || ' is not in payers' as message
from staging.stg_ehr__visits v
where v.payer_id is not null
  and not exists (select 1 from staging.stg_ehr__payers p where p.payer_id = v.payer_id)
