-- stg_ehr__fee_schedule: contracted allowed amount per unit, by payer, CPT, modifier and effective dates.
-- grain: payer_id, cpt, modifier, effective_from
-- rule: an empty modifier means "any modifier"; an empty effective_to means open-ended.
select
    payer_id,
    upper(trim(cpt)) as cpt,
    nullif(upper(trim(modifier)), '') as modifier,
    allowed_amount,
    effective_from,
    coalesce(effective_to, DATE '9999-12-31') as effective_to
from raw.ehr_fee_schedule
