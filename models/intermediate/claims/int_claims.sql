-- int_claims: one row per claim with its current and original version (DESIGN.md §6.1).
-- grain: clinic_id, claim_id
-- rule: the current version is the latest submitted; a claim whose current version is a void (8) is voided and is
--       excluded from every metric. billed_amount = CLM02 of the current version; submitted_on = BHT04 of the
--       original version (the first frequency-1 submission, else the first submission of any kind);
--       current_submitted_on = BHT04 of the current version;
--       first_service_date = earliest line DTP*472 of the current version; days_to_submit = submitted_on −
--       first_service_date. The patient is the EHR patient of the claim's visits (keyed hash), else the keyed hash
--       of payer + member id from the 837. The provider is the EHR visits' provider, else the 837's rendering
--       provider: 2310B, else the lines' 2420A, else the billing provider (2310B is omitted when they are the same).
with versions as (select * from intermediate.int_claim_versions),
-- One pass over the versions: the current one is the last in submission order; the original's date is the first
-- frequency-1 submission (else the first of any kind).
per_claim as (
    select
        clinic_id,
        claim_id,
        max(version_seq) as current_seq,
        coalesce(min(submitted_on) filter (where frequency_code = '1'), min(submitted_on)) as original_submitted_on,
        count(*) as versions,
        count(*) filter (where frequency_code = '7') as replacements
    from versions
    group by all
),
current_version as (
    select p.original_submitted_on as submitted_on, v.submitted_on as current_submitted_on, p.versions, p.replacements,
           v.* exclude (submitted_on)
    from per_claim p
    join versions v on v.clinic_id = p.clinic_id and v.claim_id = p.claim_id and v.version_seq = p.current_seq
),
current_lines as (
    select cv.clinic_id, cv.claim_id,
           min(l.service_date_from) as first_service_date,
           max(l.service_date_to) as last_service_date,
           count(*) as lines,
           sum(l.units) as units,
           min(l.rendering_npi) as line_rendering_npi
    from current_version cv
    join staging.stg_x12_837p__lines l
      on l.file_no = cv.file_no and l.set_index = cv.set_index and l.claim_seg_ordinal = cv.seg_ordinal
    group by all
),
visit_patients as (
    select vc.claim_clinic_id as clinic_id, v.claim_id, min(v.patient_key) as patient_key,
           min(v.provider_npi) as provider_npi, count(*) filter (where v.status = 'completed') as completed_visits
    from staging.stg_ehr__visits v
    join intermediate.int_visit_claims vc using (visit_id)
    group by all
)
select
    cv.clinic_id,
    cv.claim_id,
    cv.payer_id,
    p.financial_class,
    coalesce(vp.patient_key, cv.member_key) as patient_key,
    coalesce(vp.provider_npi, cv.rendering_npi, cl.line_rendering_npi, cv.billing_npi) as provider_npi,
    cv.billed_amount,
    cv.submitted_on,
    cv.current_submitted_on,
    cl.first_service_date,
    cl.last_service_date,
    cv.submitted_on - cl.first_service_date as days_to_submit,
    cv.frequency_code as current_frequency_code,
    cv.frequency_code = '8' as is_voided,
    cv.versions,
    cv.replacements,
    coalesce(cl.lines, 0) as lines,
    cl.units,
    coalesce(vp.completed_visits, 0) as completed_visits,
    cv.prior_auth_number,
    cv.file_no as current_file_no,
    cv.set_index as current_set_index,
    cv.seg_ordinal as current_seg_ordinal
from current_version cv
left join current_lines cl using (clinic_id, claim_id)
left join visit_patients vp using (clinic_id, claim_id)
left join intermediate.int_payers p on p.payer_id = cv.payer_id
