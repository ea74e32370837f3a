-- stg_x12_837p__lines: each 837P service line (2400, SV1).
-- grain: file_sha256, set_index, seg_ordinal
-- rule: rename and cast; units are SV104, the date is DTP*472 (from..to). A line billed in minutes (SV103 = MJ)
--       counts 15-minute units by the 8-minute rule (8–22 minutes 1 unit, 23–37 2, 38–52 3, …; under 8 none), the
--       unit the fee schedule prices; its minutes stay in `minutes`.
select
    -- ids
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    seg_ordinal,
    claim_seg_ordinal,
    line_number,                                     -- LX01
    line_control_number,                             -- REF*6R
    -- codes
    procedure_code,                                  -- SV101-2
    modifier_1, modifier_2, modifier_3, modifier_4,  -- SV101-3..6
    -- amounts
    charge,                                          -- SV102
    case when upper(unit_basis) = 'MJ' then floor((coalesce(units, 0) + 7) / 15)
         else coalesce(units, 1) end as units,       -- SV104 (SV103 UN), or 15-minute units of SV104 minutes (MJ)
    case when upper(unit_basis) = 'MJ' then units end as minutes,
    -- dates
    service_date_from,                               -- DTP*472
    coalesce(service_date_to, service_date_from) as service_date_to,
    rendering_npi                                    -- 2420A NM109
from raw.x12_837_lines x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
