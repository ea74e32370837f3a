-- stg_x12__sets: every loaded X12 transaction set with its envelope, and the ingest order of its file.
-- grain: file_sha256, set_index
-- rule: received_on of a set = GS04 of its group (DESIGN.md §6.1); files replay in load_seq order.
with source as (select * from raw.x12_sets),
files as (select sha256, load_seq, file_name from raw.files)
select
    -- ids
    s.file_sha256,
    s.set_index,
    s.isa13,
    s.gs06,
    s.st02,
    -- codes
    s.gs01 as functional_id,          -- GS01
    s.gs02 as group_sender,           -- GS02
    s.gs03 as group_receiver,         -- GS03
    s.gs08 as guide_version,          -- GS08
    s.st01 as transaction_set_id,     -- ST01
    -- dates
    s.gs04 as group_date,             -- GS04
    -- lineage
    f.load_seq,
    f.load_seq as file_no,            -- integer key for joins
    f.file_name
from source s
join files f on f.sha256 = s.file_sha256
