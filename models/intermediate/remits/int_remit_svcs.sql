-- int_remit_svcs: every 835 service payment (SVC) of the remit records in scope, with the claim line its line item
-- control number names (NULL when it names none).
-- grain: record_key, seg_ordinal
-- rule: an SVC's REF*6R matches the 837 REF*6R of a line of the claim's current version (the first such line when
--       several carry it). The pairings for SVCs without a usable control number are int_remit_lines'; they run on
--       the few rows left NULL here, which is why this step is its own model (one pass over the SVCs, materialised
--       once, instead of the fallbacks planning joins against every SVC). For those rows it also carries the
--       submitted modifiers as one key (sorted, ':'-joined) for the pairing on code and every modifier.
with svc as (select * from staging.stg_x12_835__lines),
records as (select * from intermediate.int_remit_records where claim_id is not null),
lines as (select * from intermediate.int_claim_lines),
remit_lines as (
    select
        r.record_key, r.clinic_id, r.claim_id, r.remit_date, r.is_reversal,
        s.seg_ordinal, s.line_control_number, upper(s.procedure_code) as procedure_code,
        upper(coalesce(s.original_procedure, s.procedure_code)) as submitted_code,
        -- the submitted first modifier: SVC06's when the payer sent the submitted procedure, else SVC01's
        coalesce(case when s.original_procedure is not null then s.original_modifier_1 else s.modifier_1 end, '') as modifier_1,
        -- every submitted modifier (SVC06's when sent, else SVC01's): for the key below
        s.original_procedure is not null as recoded, s.original_modifiers,
        s.modifier_1 as m1, s.modifier_2 as m2, s.modifier_3 as m3, s.modifier_4 as m4,
        s.service_date_from,
        s.charge, s.paid, s.units_paid, s.allowed_amount
    from svc s
    join records r
      on r.file_no = s.file_no and r.set_index = s.set_index and r.seg_ordinal = s.claim_seg_ordinal
),
by_control_number as (
    select rl.record_key, rl.seg_ordinal, min(l.line_seq) as line_seq
    from remit_lines rl
    join lines l
      on l.clinic_id = rl.clinic_id and l.claim_id = rl.claim_id and l.line_control_number = rl.line_control_number
    where rl.line_control_number is not null
    group by all
)
select rl.* exclude (recoded, original_modifiers, m1, m2, m3, m4), bc.line_seq as control_line_seq,
       -- for the fallback pairings of int_remit_lines, only where the control number matched no line: the submitted
       -- modifiers as one sorted key ('59:GP' for GP + 59 in either order)
       case when bc.line_seq is null then array_to_string(list_sort(list_filter(list_transform(
           case when rl.recoded then rl.original_modifiers else [rl.m1, rl.m2, rl.m3, rl.m4] end,
           x -> upper(trim(x))), x -> coalesce(x, '') <> '')), ':') end as modifiers
from remit_lines rl
left join by_control_number bc using (record_key, seg_ordinal)
