-- int_claim_lines: the service lines of each claim's current version, with the contracted (expected) allowed.
-- grain: clinic_id, claim_id, line_seq (the line's SV1 segment ordinal: unique in the claim, increasing in line order)
-- rule: expected allowed = fee-schedule allowed per unit × units, using the payer's row for the CPT that is
--       effective on the line date; a row for one of the line's modifiers beats a modifier-less row; among those the
--       latest effective_from wins. NULL when the payer has no fee for the code.
with claims as (
    select clinic_id, claim_id, payer_id, current_file_no, current_set_index, current_seg_ordinal
    from intermediate.int_claims
),
lines as (
    select
        c.clinic_id, c.claim_id, c.payer_id,
        l.seg_ordinal as line_seq,
        l.seg_ordinal, l.line_number, l.line_control_number, l.procedure_code,
        l.modifier_1, l.modifier_2, l.modifier_3, l.modifier_4,
        l.charge, l.units, l.service_date_from, l.service_date_to, l.rendering_npi
    from claims c
    join staging.stg_x12_837p__lines l
      on l.file_no = c.current_file_no
     and l.set_index = c.current_set_index
     and l.claim_seg_ordinal = c.current_seg_ordinal
),
fees as (
    -- The best fee row per line: one for a modifier of the line beats a modifier-less one, then the latest
    -- effective_from, then (ties) the alphabetically last modifier.
    select
        l.clinic_id, l.claim_id, l.line_seq,
        arg_max(f.allowed_amount, struct_pack(has_modifier := f.modifier is not null, effective_from := f.effective_from, modifier := f.modifier)) as allowed_amount
    from lines l
    join staging.stg_ehr__fee_schedule f on f.payer_id = l.payer_id and f.cpt = upper(l.procedure_code)
    where l.service_date_from between f.effective_from and f.effective_to
      and (f.modifier is null or f.modifier in (l.modifier_1, l.modifier_2, l.modifier_3, l.modifier_4))
    group by all
)
select
    l.*,
    f.allowed_amount as fee_allowed_per_unit,
    round(f.allowed_amount * l.units, 2)::DECIMAL(18,2) as expected_allowed
from lines l
left join fees f using (clinic_id, claim_id, line_seq)
