-- stg_x12_835__provider_adjustments: every PLB reason/amount pair (interest, takebacks, forward balances).
-- grain: file_sha256, set_index, seg_ordinal, pair
-- rule: rename and cast only; a positive amount reduces the payment.
select
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    pair,
    provider_id,                     -- PLB01
    fiscal_period_date,              -- PLB02
    upper(trim(reason_code)) as reason_code,  -- PLB03-1 (L6 interest, WO takeback, FB forward balance, …)
    reference_id,                    -- PLB03-2
    amount                           -- PLB04
from raw.x12_835_provider_adjustments x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
