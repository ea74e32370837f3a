-- stg_x12_999__set_responses: a 999's verdict on each transaction set it acknowledges (AK2 … IK5), with the 999's
-- own envelope to tell whose sets it answers.
-- grain: file_sha256, set_index, seg_ordinal
-- rule: a group rejected as a whole (AK901 R, M, W or X) rejects every set in it, whatever its IK501; otherwise
--       IK501 A (accepted) and E (accepted, errors noted) → accepted; R, M, W, X → rejected. A row with no set
--       (set_control_number NULL: a group answered without AK2 loops) answers every set of the group: AK901 A or E →
--       accepted. ack_code names the verdict ('IK501 R', 'AK901 R'). Control numbers that are numeric are compared as
--       numbers (AK102 1 acknowledges GS06 0001), as the envelope rules compare them.
select
    r.file_sha256,
    f.load_seq as file_no,
    r.set_index,
    r.seg_ordinal,
    r.group_functional_id,                                                            -- AK101
    coalesce(try_cast(r.group_control_number as HUGEINT)::VARCHAR, r.group_control_number) as group_control_number, -- AK102
    r.set_id,                                                                         -- AK201
    coalesce(try_cast(r.set_control_number as HUGEINT)::VARCHAR, r.set_control_number) as set_control_number,       -- AK202
    r.status,                                                                         -- IK501
    r.error_codes,                                                                    -- IK502…
    r.group_status,                                                                   -- AK901
    case
        when r.group_status in ('R', 'M', 'W', 'X') then 'rejected'
        when r.status in ('A', 'E') then 'accepted'
        when r.status in ('R', 'M', 'W', 'X') then 'rejected'
        when r.set_control_number is null and r.group_status in ('A', 'E') then 'accepted'
    end as ack_outcome,
    case
        when r.group_status in ('R', 'M', 'W', 'X') or r.status is null then 'AK901 ' || r.group_status
        else 'IK501 ' || r.status
    end as ack_code,
    s.gs02 as ack_sender,                                                             -- the 999's GS02
    s.gs03 as ack_receiver,                                                           -- the 999's GS03
    s.gs04 as ack_date                                                                -- the 999's GS04
from raw.x12_999_set_responses r
join raw.x12_sets s using (file_sha256, set_index)
join (select sha256, load_seq from raw.files) f on f.sha256 = r.file_sha256
