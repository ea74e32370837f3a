-- int_payers: every payer seen in the EHR exports or in X12 files, with its attributes.
-- grain: payer_id
-- rule: payers referenced by X12 but missing from payers.csv appear as 'unknown:<x12 id>' with financial class
--       'other', no auth requirement, in network.
with known as (
    select payer_id, payer_name, financial_class, x12_payer_id, requires_auth, auth_exempt_visits, in_network,
           timely_filing_days
    from staging.stg_ehr__payers
),
x12_ids as (
    select payer_x12_id as x12_id from staging.stg_x12_837p__claims
    union
    -- an 835 whose REF*2U maps to no payer but whose N1*PR N104 does is that payer's (not unknown)
    select m.payer_key from staging.stg_x12_835__remittances m
    anti join intermediate.int_payer_lookup pa on pa.x12_payer_id = m.payer_alt_key
),
unknown as (
    select distinct
        'unknown:' || x.x12_id as payer_id,
        'Unknown payer ' || x.x12_id as payer_name,
        'other' as financial_class,
        x.x12_id as x12_payer_id,
        false as requires_auth,
        1 as auth_exempt_visits,
        true as in_network,
        NULL::INTEGER as timely_filing_days
    from x12_ids x
    left join intermediate.int_payer_lookup l on l.x12_payer_id = x.x12_id
    where l.payer_id is null and x.x12_id is not null
)
select * from known
union all
select * from unknown
