-- stg_x12_837p__headers: the BHT of each 837P transaction set.
-- grain: file_sha256, set_index
-- rule: BHT04 is the submission date of every claim in the set (DESIGN.md §6.1).
select
    file_sha256,
    f.load_seq as file_no,              -- the file's ingest order: an integer key for joins
    set_index,
    bht02 as purpose_code,            -- BHT02 (00 original, 18 reissue)
    bht04 as submitted_on,            -- BHT04
    submitter_id,                     -- 1000A NM109
    receiver_id                       -- 1000B NM109
from raw.x12_837_headers x
join (select sha256, load_seq from raw.files) f on f.sha256 = x.file_sha256
