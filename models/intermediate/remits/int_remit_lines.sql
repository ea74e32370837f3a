-- int_remit_lines: every 835 service payment (SVC) of the remit records in scope, matched to a line of the claim's
-- current version.
-- grain: record_key, seg_ordinal
-- rule: match on the line item control number (835 REF*6R = 837 REF*6R: int_remit_svcs); failing that, on procedure
--       code and all modifiers as submitted (SVC06 when the payer adjudicated under another code, else SVC01; in any
--       order) and service date, pairing the n-th such SVC of a record with the n-th such 837 line among the lines no
--       SVC of the record took by control number; then the same on procedure code and first modifier (a payer that
--       dropped or changed a later modifier), with the lines left. An SVC without a line date (the 835 sends line
--       dates only when the claim dates do not cover them) pairs the same way without the date: the n-th dateless SVC
--       with the n-th line left in date order. An SVC still unmatched (SVC01 without the submitted modifiers and no
--       SVC06) pairs the same way on procedure code alone, with the lines still left. Within each pairing the SVCs and
--       the lines are numbered by the size of their charge (SVC02 echoes the line's charge, so a 2-unit line and a
--       1-unit line of one code and date pair with their own SVCs whatever their order), then by position. A line
--       pairs with at most one SVC of a record (except two SVCs naming one control number: a line the payer split).
--       The line's adjustments are carried for allowed = paid + patient responsibility: `patient_responsibility`
--       (category, as in the claim's allowed) and `pr_group_amount` (every group-PR amount, including
--       PR-96/119/26/27, which are denials: the line allowed of §6.9's underpayment, "SVC03 + that line's PR
--       adjustments").
with svcs as (select * from intermediate.int_remit_svcs),
lines as (select * from intermediate.int_claim_lines),
adj as (
    select record_key, line_seg_ordinal,
           sum(amount) filter (where category = 'patient_responsibility') as patient_responsibility,
           sum(amount) filter (where group_code = 'PR') as pr_group_amount
    from intermediate.int_remit_adjustments
    where level = 'line' and (category = 'patient_responsibility' or group_code = 'PR')
    group by all
),
-- The fallback pairings only for the SVCs the control number did not match, and only with the lines of the claim
-- that no SVC of the same record took: a line is paired with at most one SVC of a record.
unmatched as (select * from svcs where control_line_seq is null),
taken_by_control_number as (
    select record_key, control_line_seq as line_seq
    from svcs semi join (select distinct record_key from unmatched) u using (record_key)
    where control_line_seq is not null
),
free_lines as (
    select r.record_key, l.line_seq, upper(l.procedure_code) as procedure_code, coalesce(l.modifier_1, '') as modifier_1,
           array_to_string(list_sort(list_filter(list_transform([l.modifier_1, l.modifier_2, l.modifier_3, l.modifier_4],
               x -> upper(trim(x))), x -> coalesce(x, '') <> '')), ':') as modifiers,
           l.service_date_from, l.charge
    from (select distinct record_key, clinic_id, claim_id from unmatched) r
    join lines l on l.clinic_id = r.clinic_id and l.claim_id = r.claim_id
    anti join taken_by_control_number t on t.record_key = r.record_key and t.line_seq = l.line_seq
),
-- Procedure code, every modifier and date: the n-th such SVC of a record with the n-th such free line.
by_mods_dated as (
    select u.record_key, u.seg_ordinal, f.line_seq
    from (
        select *, row_number() over (partition by record_key, submitted_code, modifiers, service_date_from order by abs(charge) desc, seg_ordinal) as n
        from unmatched where service_date_from is not null
    ) u
    join (
        select *, row_number() over (partition by record_key, procedure_code, modifiers, service_date_from order by charge desc, line_seq) as n
        from free_lines
    ) f
      on f.record_key = u.record_key and f.procedure_code = u.submitted_code and f.modifiers = u.modifiers
     and f.service_date_from = u.service_date_from and f.n = u.n
),
by_mods_dateless as (
    select u.record_key, u.seg_ordinal, f.line_seq
    from (
        select *, row_number() over (partition by record_key, submitted_code, modifiers order by abs(charge) desc, seg_ordinal) as n
        from unmatched where service_date_from is null
    ) u
    join (
        select *, row_number() over (partition by record_key, procedure_code, modifiers order by charge desc, service_date_from, line_seq) as n
        from free_lines anti join by_mods_dated d using (record_key, line_seq)
    ) f
      on f.record_key = u.record_key and f.procedure_code = u.submitted_code and f.modifiers = u.modifiers and f.n = u.n
),
by_mods as (select * from by_mods_dated union all select * from by_mods_dateless),
-- Then procedure code, first modifier and date, with the SVCs and lines left.
unmatched_b as (select u.* from unmatched u anti join by_mods using (record_key, seg_ordinal)),
free_b as (select f.* from free_lines f anti join by_mods using (record_key, line_seq)),
by_code_dated as (
    select u.record_key, u.seg_ordinal, f.line_seq
    from (
        select *, row_number() over (partition by record_key, submitted_code, modifier_1, service_date_from order by abs(charge) desc, seg_ordinal) as n
        from unmatched_b where service_date_from is not null
    ) u
    join (
        select *, row_number() over (partition by record_key, procedure_code, modifier_1, service_date_from order by charge desc, line_seq) as n
        from free_b
    ) f
      on f.record_key = u.record_key and f.procedure_code = u.submitted_code and f.modifier_1 = u.modifier_1
     and f.service_date_from = u.service_date_from and f.n = u.n
),
-- A dateless SVC: procedure code and first modifier, the n-th with the n-th free line in date order (after the dated).
by_code_dateless as (
    select u.record_key, u.seg_ordinal, f.line_seq
    from (
        select *, row_number() over (partition by record_key, submitted_code, modifier_1 order by abs(charge) desc, seg_ordinal) as n
        from unmatched_b where service_date_from is null
    ) u
    join (
        select *, row_number() over (partition by record_key, procedure_code, modifier_1 order by charge desc, service_date_from, line_seq) as n
        from free_b anti join by_code_dated d using (record_key, line_seq)
    ) f
      on f.record_key = u.record_key and f.procedure_code = u.submitted_code and f.modifier_1 = u.modifier_1 and f.n = u.n
),
by_code as (select * from by_code_dated union all select * from by_code_dateless),
-- Last resort, for a payer that drops the submitted modifiers from SVC01 without sending SVC06 (a PT line billed
-- 97110-GP comes back as HC:97110): the SVCs still unmatched pair the same way on procedure code (and date) alone,
-- with the free lines still untaken.
leftover as (select u.* from unmatched_b u anti join by_code using (record_key, seg_ordinal)),
free_left as (select f.* from free_b f anti join by_code b using (record_key, line_seq)),
by_code_only_dated as (
    select u.record_key, u.seg_ordinal, f.line_seq
    from (
        select *, row_number() over (partition by record_key, submitted_code, service_date_from order by abs(charge) desc, seg_ordinal) as n
        from leftover where service_date_from is not null
    ) u
    join (
        select *, row_number() over (partition by record_key, procedure_code, service_date_from order by charge desc, line_seq) as n
        from free_left
    ) f
      on f.record_key = u.record_key and f.procedure_code = u.submitted_code and f.service_date_from = u.service_date_from
     and f.n = u.n
),
by_code_only_dateless as (
    select u.record_key, u.seg_ordinal, f.line_seq
    from (
        select *, row_number() over (partition by record_key, submitted_code order by abs(charge) desc, seg_ordinal) as n
        from leftover where service_date_from is null
    ) u
    join (
        select *, row_number() over (partition by record_key, procedure_code order by charge desc, service_date_from, line_seq) as n
        from free_left anti join by_code_only_dated d using (record_key, line_seq)
    ) f
      on f.record_key = u.record_key and f.procedure_code = u.submitted_code and f.n = u.n
),
by_code_only as (select * from by_code_only_dated union all select * from by_code_only_dateless)
select
    rl.record_key, rl.clinic_id, rl.claim_id, rl.remit_date, rl.is_reversal, rl.seg_ordinal,
    rl.procedure_code, rl.service_date_from, rl.charge, rl.paid, rl.units_paid, rl.allowed_amount,
    coalesce(rl.control_line_seq, bm.line_seq, bk.line_seq, bo.line_seq) as line_seq,
    coalesce(a.patient_responsibility, 0) as patient_responsibility,
    coalesce(a.pr_group_amount, 0) as pr_group_amount
from svcs rl
left join by_mods bm using (record_key, seg_ordinal)
left join by_code bk using (record_key, seg_ordinal)
left join by_code_only bo using (record_key, seg_ordinal)
left join adj a on a.record_key = rl.record_key and a.line_seg_ordinal = rl.seg_ordinal
