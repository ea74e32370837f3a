-- int_claim_version_spans: which version of each claim was current on any date, for the point-in-time A/R of past
-- weeks (a claim is what its versions submitted by that day say it is: DESIGN.md §6.1 as of that day).
-- grain: clinic_id, claim_id, valid_from
-- rule: from each version's submission date until the next one's (valid_to exclusive, NULL for the current version)
--       the claim is that version: billed_amount = its CLM02, first_service_date = its earliest line DTP*472, voided
--       when it is a void (8). Several versions submitted on one day: the last in submission order. Before the first
--       submission the claim does not exist.
with versions as (select * from intermediate.int_claim_versions),
claims as (select clinic_id, claim_id, versions, first_service_date from intermediate.int_claims),
-- Claims with one version (nearly all) take their first service date from int_claims; only the others read the
-- lines of every version.
multi_dates as (
    select v.clinic_id, v.claim_id, v.version_seq, min(l.service_date_from) as first_service_date
    from versions v
    semi join claims c on c.clinic_id = v.clinic_id and c.claim_id = v.claim_id and c.versions > 1
    join staging.stg_x12_837p__lines l
      on l.file_no = v.file_no and l.set_index = v.set_index and l.claim_seg_ordinal = v.seg_ordinal
    group by all
),
last_of_day as (
    select v.clinic_id, v.claim_id, v.version_seq, v.submitted_on, v.billed_amount, v.frequency_code
    from versions v
    qualify row_number() over (partition by v.clinic_id, v.claim_id, v.submitted_on order by v.version_seq desc) = 1
)
select
    d.clinic_id,
    d.claim_id,
    d.submitted_on as valid_from,
    lead(d.submitted_on) over (partition by d.clinic_id, d.claim_id order by d.submitted_on) as valid_to,
    d.billed_amount,
    coalesce(m.first_service_date, c.first_service_date) as first_service_date,
    d.frequency_code = '8' as is_voided
from last_of_day d
join claims c using (clinic_id, claim_id)
left join multi_dates m using (clinic_id, claim_id, version_seq)
