-- int_837_set_acks: the 999 acknowledgement of each 837P transaction set, as of the as-of date.
-- grain: file_no, set_index (of the 837 set)
-- rule: a 999 set response answers an 837 set whose GS06 = AK102 and ST02 = AK202 (numerically when numeric),
--       created on or before the 999's date; a response for the whole group (no AK2) answers every set of that
--       group. Control numbers come round again: among several such sets (or groups), one whose
--       group went the other way (the 999's GS02 / GS03 = the 837's GS03 / GS02) first, then the latest. An 837
--       set's outcome is that of its latest response dated on or before as-of (then the later file):
--       accepted or rejected (a rejected set never reached the payer).
with sets_837 as (
    select
        file_no, set_index, group_date,
        coalesce(try_cast(gs06 as HUGEINT)::VARCHAR, gs06) as gs06,
        coalesce(try_cast(st02 as HUGEINT)::VARCHAR, st02) as st02,
        group_sender as gs02, group_receiver as gs03
    from staging.stg_x12__sets
    where transaction_set_id = '837'
),
responses as (
    select * from staging.stg_x12_999__set_responses
    -- a set response for an 837, or a whole-group response for a group of claims (AK101 HC)
    where (set_id = '837' or (set_id is null and coalesce(group_functional_id, 'HC') = 'HC')) and ack_outcome is not null
      and coalesce(ack_date, DATE '0001-01-01') <= (select as_of from config.params)
),
answered as (
    select s.file_no, s.set_index, r.ack_outcome, r.ack_code, r.ack_date, r.file_no as ack_file_no, r.seg_ordinal as ack_seg_ordinal
    from responses r
    join sets_837 s
      on s.gs06 = r.group_control_number and s.st02 = coalesce(r.set_control_number, s.st02)
     and coalesce(s.group_date, DATE '0001-01-01') <= coalesce(r.ack_date, DATE '9999-12-31')
    -- the best-matching group (and, for a set response, set); a group response keeps every set of that group
    qualify dense_rank() over (
        partition by r.file_no, r.set_index, r.seg_ordinal
        order by (r.ack_sender is not distinct from s.gs03 and r.ack_receiver is not distinct from s.gs02) desc,
                 s.group_date desc nulls last, s.file_no desc,
                 case when r.set_control_number is null then 0 else s.set_index end desc
    ) = 1
)
select
    file_no,
    set_index,
    arg_max(ack_outcome, (coalesce(ack_date, DATE '0001-01-01'), ack_file_no, ack_seg_ordinal)) as ack_999_outcome,
    arg_max(ack_code, (coalesce(ack_date, DATE '0001-01-01'), ack_file_no, ack_seg_ordinal)) as ack_999_status,
    max(ack_date) as ack_999_date
from answered
group by all
