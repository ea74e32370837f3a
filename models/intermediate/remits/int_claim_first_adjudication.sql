-- int_claim_first_adjudication: each claim's first adjudication and initial outcome (DESIGN.md §6.1).
-- grain: clinic_id, claim_id
-- rule: the first adjudication is the claim's earliest remit record (remit_date, then ingest order, then position)
--       that is not a reversal and whose CLP02 is 1, 2, 3, 4, 19, 20 or 21. From that record only:
--       denied if CLP02 = 4 or (CLP04 = 0 and it has a denial adjustment); partially_denied if CLP04 > 0 and it has
--       a denial adjustment; otherwise paid (a $0 payment wholly to deductible is paid). The denial category is the
--       category of its largest denial adjustment (ties: the category order of the seed), CLP02 = 4 without a denial
--       adjustment → other_denial; primary_carc is that adjustment's CARC. denied_amount = Σ its denial adjustments.
--       Denial adjustments are netted per service line (or claim level), group code and CARC first; a net denial of
--       $0 or less denies nothing (a $0 one counts only on a CLP02 = 4 record, for the category). A CR-group
--       adjustment (4010 correction/reversal) restates an earlier one and is never a new denial
--       (models/seeds/carc_categories.md).
with first_record as (
    select *
    from intermediate.int_remit_records
    where claim_id is not null and is_adjudication and not is_reversal
    qualify row_number() over (
        partition by clinic_id, claim_id order by remit_date, load_seq, set_index, seg_ordinal
    ) = 1
),
-- The record's denial adjustments netted per service line (or claim level), group code and CARC: a denial the payer
-- takes back on the same line (CAS*CO*16*15 then CAS*CO*16*-15) nets to 0, and a negative one alone (an adjustment
-- reversed) denies nothing. Different lines stay separate adjustments (the largest is still one line's).
denial_nets as (
    select a.record_key, a.group_code, a.carc, a.category, min(a.tie_rank) as tie_rank, sum(a.amount) as amount,
           min(a.seg_ordinal) as seg_ordinal, min(a.triplet) as triplet
    from intermediate.int_remit_adjustments a
    semi join first_record f using (record_key)
    where a.is_denial and a.group_code <> 'CR'
    group by a.record_key, a.line_seg_ordinal, a.group_code, a.carc, a.category
),
denial_adjustments as (
    select d.*
    from denial_nets d
    join first_record f using (record_key)
    -- a $0 (or negative) net denial denies nothing (some payers send CAS*CO*16*0 as a remark): it makes no claim
    -- denied or partially denied; on a CLP02 = 4 record a $0 one still names the category
    where d.amount > 0 or (f.claim_status = '4' and d.amount = 0)
),
largest as (
    select record_key, category, carc
    from denial_adjustments
    qualify row_number() over (
        partition by record_key order by amount desc, tie_rank, carc, seg_ordinal, triplet
    ) = 1
),
denied_totals as (
    select record_key, sum(amount) as denied_amount, count(*) as denial_adjustments
    from denial_adjustments group by all
)
select
    f.clinic_id,
    f.claim_id,
    f.record_key as first_record_key,
    f.remit_date as first_adjudicated_on,
    f.received_on as first_received_on,
    f.remit_payer_id as first_remit_payer_id,
    f.claim_status as first_claim_status,
    f.paid_amount as first_paid_amount,
    case
        when f.claim_status = '4' or (f.paid_amount = 0 and d.record_key is not null) then 'denied'
        when f.paid_amount > 0 and d.record_key is not null then 'partially_denied'
        else 'paid'
    end as initial_outcome,
    case
        when d.record_key is not null then l.category
        when f.claim_status = '4' then 'other_denial'
    end as denial_category,
    l.carc as primary_carc,
    coalesce(d.denied_amount, 0) as denied_amount,
    f.load_seq as first_load_seq,
    f.set_index as first_set_index,
    f.seg_ordinal as first_seg_ordinal
from first_record f
left join denied_totals d using (record_key)
left join largest l using (record_key)
