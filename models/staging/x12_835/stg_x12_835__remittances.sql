-- stg_x12_835__remittances: each 835 transaction set = one payment (check / EFT) or notification.
-- grain: file_sha256, set_index
-- rule: remit_date = BPR16 (DESIGN.md §6.1); the payer is identified by REF*2U, else N1*PR N104, else TRN03
--       (payer_key); when REF*2U is sent with a different N104, that N104 is kept as payer_alt_key, the id to try
--       when REF*2U stands for no payer of payers.csv.
select
    -- ids
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    trace_number,                    -- TRN02
    payer_key,                       -- REF*2U / N104 / TRN03
    case when nullif(trim(payer_ref_2u), '') is not null and nullif(trim(payer_id), '') <> trim(payer_ref_2u)
         then trim(payer_id) end as payer_alt_key,   -- N1*PR N104 when REF*2U is the key and differs
    payer_name,                      -- N1*PR N102
    payee_npi,                       -- N1*PE N104 (XX)
    payee_tin,                       -- N1*PE N104 (FI) / REF*TJ
    -- codes
    handling_code,                   -- BPR01
    payment_method,                  -- BPR04
    -- amounts
    payment_amount,                  -- BPR02
    -- dates
    payment_date,                    -- BPR16
    production_date                  -- DTM*405
from raw.x12_835_remittances x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
