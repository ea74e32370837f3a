-- int_remit_adjustments: every CAS amount (claim and line level, all six triplets) of the remit records in scope,
-- with its category.
-- grain: record_key, seg_ordinal, triplet
-- rule: category from the seed carc_categories by group code + CARC, else by CARC alone ('*' rows), else by group:
--       PR → patient_responsibility, CO → other_denial, OA/PI → other_denial, CR → reversal (DESIGN.md §6.1).
--       is_denial comes from the category (13 denial categories).
with adj as (select * from staging.stg_x12_835__adjustments),
records as (select * from intermediate.int_remit_records),
carc as (select * from staging.stg_seeds__carc_categories),
cats as (select * from staging.stg_seeds__adjustment_categories),
classified as (
    select
        r.record_key,
        r.clinic_id,
        r.claim_id,
        r.remit_date,
        r.is_reversal,
        a.seg_ordinal,
        a.triplet,
        a.level,
        a.line_seg_ordinal,
        a.group_code,
        a.carc,
        a.amount,
        a.quantity,
        coalesce(
            exact.category,
            any_group.category,
            case a.group_code
                when 'PR' then 'patient_responsibility'
                when 'CO' then 'other_denial'
                when 'OA' then 'other_denial'
                when 'PI' then 'other_denial'
                when 'CR' then 'reversal'
                else 'other_denial'
            end
        ) as category,
        coalesce(exact.subcategory, any_group.subcategory) as subcategory
    from adj a
    join records r
      on r.file_no = a.file_no and r.set_index = a.set_index and r.seg_ordinal = a.claim_seg_ordinal
    left join carc exact on exact.group_code = a.group_code and exact.carc = a.carc
    left join carc any_group on any_group.group_code = '*' and any_group.carc = a.carc
)
select c.*, k.is_denial, k.tie_rank
from classified c
join cats k using (category)
