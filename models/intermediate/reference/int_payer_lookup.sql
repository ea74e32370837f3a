-- int_payer_lookup: which payer an X12 payer id (837 NM1*PR NM109, 835 REF*2U / N1*PR N104 / TRN03) stands for.
-- grain: x12_payer_id
-- rule: mapped through payers.x12_payer_id; several payers sharing an id → the smallest payer_id (deterministic).
select x12_payer_id, min(payer_id) as payer_id
from staging.stg_ehr__payers
where x12_payer_id is not null
group by x12_payer_id
