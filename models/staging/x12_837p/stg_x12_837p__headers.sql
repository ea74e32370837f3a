-- stg_x12_837p__headers: the BHT of each 837P transaction set.
-- grain: file_sha256, set_index
-- rule: BHT04 is the submission date of every claim in the set (DESIGN.md §6.1); BHT05 its time (HHMM[SS[DD]],
--       as HH:MM:SS.ss; NULL when absent or not a time), which orders versions sent the same day.
select
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    bht02 as purpose_code,            -- BHT02 (00 original, 18 reissue)
    bht04 as submitted_on,            -- BHT04
    case when regexp_full_match(bht05, '\d{4}(\d{2}(\d{1,2})?)?')
         then try_cast(substr(bht05, 1, 2) || ':' || substr(bht05, 3, 2) || ':' || coalesce(nullif(substr(bht05, 5, 2), ''), '00')
                       || '.' || coalesce(nullif(substr(bht05, 7, 2), ''), '0') as TIME)
    end as submitted_time,            -- BHT05
    submitter_id,                     -- 1000A NM109
    receiver_id                       -- 1000B NM109
from raw.x12_837_headers x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
