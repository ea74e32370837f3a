-- stg_x12_835__lines: each 835 service payment (2110 SVC loop).
-- grain: file_sha256, set_index, seg_ordinal
-- rule: rename and cast; the line date is DTM*472 (else DTM*150). SVC06, stored as its components joined by ':'
--       (HC:97110:GP), is split into the submitted procedure code (SVC06-2), first modifier (SVC06-3) and the list of
--       its modifiers (SVC06-3..6).
select
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    claim_seg_ordinal,
    line_control_number,             -- REF*6R
    procedure_code,                  -- SVC01-2 (as adjudicated)
    nullif(trim(case when contains(original_procedure, ':') then split_part(original_procedure, ':', 2) else original_procedure end), '')
        as original_procedure,       -- SVC06-2 (as submitted, when the payer changed the code)
    case when contains(original_procedure, ':') then nullif(trim(split_part(original_procedure, ':', 3)), '') end
        as original_modifier_1,      -- SVC06-3
    case when contains(original_procedure, ':') then string_split(original_procedure, ':')[3:] end
        as original_modifiers,       -- SVC06-3..6 (as sent; empty components included)
    modifier_1, modifier_2, modifier_3, modifier_4,
    charge,                          -- SVC02
    paid,                            -- SVC03
    units_paid,                      -- SVC05
    service_date_from,               -- DTM*472 / 150
    allowed_amount                   -- AMT*B6
from raw.x12_835_lines x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
