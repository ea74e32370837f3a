-- stg_x12_837p__headers: the BHT of each 837P transaction set.
-- grain: file_sha256, set_index
-- rule: BHT04 is the submission date of every claim in the set (DESIGN.md §6.1).
select
    file_sha256,
    set_index,
    bht02 as purpose_code,            -- BHT02 (00 original, 18 reissue)
    bht04 as submitted_on,            -- BHT04
    submitter_id,                     -- 1000A NM109
    receiver_id                       -- 1000B NM109
from raw.x12_837_headers
