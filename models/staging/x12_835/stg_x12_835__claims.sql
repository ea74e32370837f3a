-- stg_x12_835__claims: each 835 claim payment (2100 CLP loop): one remittance record.
-- grain: file_sha256, set_index, seg_ordinal
-- rule: rename and cast only; CLP02 = 22 is a reversal with negated amounts (as sent).
select
    -- ids
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    clp01 as claim_id,               -- CLP01 (= 837 CLM01)
    clp07 as payer_claim_control_number,  -- CLP07
    member_key,
    rendering_npi,                   -- NM1*82
    -- codes
    clp02 as claim_status,           -- CLP02
    clp06 as claim_filing_indicator, -- CLP06
    -- amounts
    clp03 as charge_amount,          -- CLP03
    clp04 as paid_amount,            -- CLP04
    clp05 as patient_responsibility_amount,  -- CLP05
    interest_amount                  -- AMT*I
from raw.x12_835_claims x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
