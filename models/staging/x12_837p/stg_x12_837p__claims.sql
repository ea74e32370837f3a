-- stg_x12_837p__claims: each 837P claim (2300 CLM loop) as submitted in one file.
-- grain: file_sha256, set_index, seg_ordinal
-- rule: rename and cast only; CLM01 is the claim id, CLM05-3 the frequency (1 original, 7 replacement, 8 void).
select
    -- ids
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    clm01 as claim_id,                               -- CLM01
    billing_npi,                                     -- 2010AA NM109
    billing_tin,                                     -- 2010AA REF*EI
    payer_x12_id,                                    -- 2010BB NM109
    member_key,                                      -- keyed hash of payer + member id
    rendering_npi,                                   -- 2310B NM109
    payer_claim_control_number,                      -- REF*F8
    prior_auth_number,                               -- REF*G1
    -- codes
    coalesce(nullif(trim(frequency_code), ''), '1') as frequency_code,   -- CLM05-3
    payer_responsibility,                            -- SBR01
    claim_filing_indicator,                          -- SBR09
    place_of_service,                                -- CLM05-1
    -- amounts
    clm02 as billed_amount                           -- CLM02
from raw.x12_837_claims x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
