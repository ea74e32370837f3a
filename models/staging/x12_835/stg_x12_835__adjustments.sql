-- stg_x12_835__adjustments: every CAS triplet (group, reason, amount, quantity), claim or line level.
-- grain: file_sha256, set_index, seg_ordinal, triplet
-- rule: rename and cast only; a positive amount reduces the payment.
select
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    triplet,
    level,                           -- 'claim' (2100) or 'line' (2110)
    claim_seg_ordinal,
    line_seg_ordinal,
    upper(trim(group_code)) as group_code,    -- CAS01
    upper(trim(reason_code)) as carc,         -- CAS02 / 05 / 08 / …
    amount,                          -- CAS03 / 06 / 09 / …
    quantity                         -- CAS04 / 07 / 10 / …
from raw.x12_835_adjustments x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
