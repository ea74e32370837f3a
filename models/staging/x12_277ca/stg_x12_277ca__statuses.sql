-- stg_x12_277ca__statuses: claim acknowledgements (277CA STC) at claim level.
-- grain: file_sha256, set_index, seg_ordinal
-- rule: category A2/A5 accepted; A3/A4/A6/A7/A8 rejected (never reached adjudication); others informational.
select
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    clm01 as claim_id,               -- 2200D TRN02
    billing_npi,
    payer_claim_control_number,      -- REF*1K
    status_category,                 -- STC01-1
    status_code,                     -- STC01-2
    status_date,                     -- STC02
    case
        when status_category in ('A2', 'A5') then 'accepted'
        when status_category in ('A3', 'A4', 'A6', 'A7', 'A8') then 'rejected'
        else 'informational'
    end as ack_outcome
from raw.x12_277_statuses x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
where level = 'claim'
