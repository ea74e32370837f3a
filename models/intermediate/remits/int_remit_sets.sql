-- int_remit_sets: every 835 transaction set (one payment or notification) with its payer and dates.
-- grain: file_no, set_index
-- rule: the payer is payers.x12_payer_id of REF*2U (payer_key), else of N1*PR N104 when REF*2U stands for no payer
--       (payer_alt_key), else 'unknown:<payer_key>' (payer_known false). remit_date = BPR16 (fallback DTM*405, GS04);
--       received_on = GS04 of the set's group. All sets, whatever their dates: readers apply the as-of date.
select
    m.file_sha256,
    m.file_no,
    m.set_index,
    m.trace_number,
    m.payer_key,
    coalesce(pl.payer_id, pa.payer_id, 'unknown:' || m.payer_key) as payer_id,
    coalesce(pl.payer_id, pa.payer_id) is not null as payer_known,
    m.payment_date,
    m.production_date,
    coalesce(m.payment_date, m.production_date, s.group_date) as remit_date,
    s.group_date as received_on,
    m.handling_code,
    m.payment_amount
from staging.stg_x12_835__remittances m
join staging.stg_x12__sets s using (file_no, set_index)
left join intermediate.int_payer_lookup pl on pl.x12_payer_id = m.payer_key
left join intermediate.int_payer_lookup pa on pa.x12_payer_id = m.payer_alt_key
