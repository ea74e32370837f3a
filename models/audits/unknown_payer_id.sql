-- unknown_payer_id: X12 payer ids (837 NM1*PR, 835 payer) that map to no payers.x12_payer_id; only checked once
-- payers have been loaded.
select 'warn' as severity, NULL as file_sha256, 'payer' as entity, payer_id as key,
       'X12 payer id ' || x12_payer_id || ' is not in payers (shown as ' || payer_id || ')' as message
from intermediate.int_payers
where payer_id like 'unknown:%' and exists (select 1 from staging.stg_ehr__payers)
