-- int_claim_acks: the 277CA verdicts of each claim, as of the as-of date.
-- grain: clinic_id, claim_id
-- rule: a 277CA status names its claim by CLM01 and the billing provider (2100C NM109: an NPI, or a TIN). It goes to
--       the claim of that CLM01 among the clinics with that billing NPI (sites of a group may share one), else with
--       that TIN, else the 'unknown:<id>' clinic of 837s with that NPI — placed only when exactly one of them has the
--       claim. last_ack_outcome = the latest accepted / rejected status on the current version (statuses dated on or
--       after its submission: a rejection of an earlier submission is answered by the resubmission, which awaits its
--       own 277CA, NULL until then); an informational one only when there is none ("received" or "forwarded" does not
--       undo a rejection); same date: the later file, then the later segment. rejections = the 277CA transaction sets that reject the claim (two rejection STCs of one claim in one
--       277CA, say A3:21 and A7:562, are one rejection with two reasons).
with statuses as (
    select coalesce(billing_npi, '?') as provider_id, claim_id, ack_outcome, status_date, file_no, set_index, seg_ordinal
    from staging.stg_x12_277ca__statuses
    where coalesce(status_date, DATE '0001-01-01') <= (select as_of from config.params)
),
clinics as (select clinic_id, billing_npi, tin from staging.stg_ehr__clinics),
providers as (select distinct provider_id from statuses),
by_npi as (select distinct p.provider_id, c.clinic_id from providers p join clinics c on c.billing_npi = p.provider_id),
by_tin as (
    select distinct p.provider_id, c.clinic_id
    from providers p join clinics c on c.tin = regexp_replace(p.provider_id, '[^0-9]', '', 'g')  -- as the clinics' TINs
    anti join by_npi n using (provider_id)
),
provider_clinics as (
    select * from by_npi
    union all
    select * from by_tin
    union all
    select p.provider_id, 'unknown:' || p.provider_id
    from providers p
    anti join by_npi n using (provider_id)
    anti join by_tin t using (provider_id)
),
-- Each status with the clinics it may be about, materialised before the claims join (see int_remit_records).
status_clinics as materialized (
    select s.*, pc.clinic_id
    from statuses s
    join provider_clinics pc using (provider_id)
),
placed as (
    select sc.*, c.current_submitted_on, count(*) over (partition by sc.file_no, sc.set_index, sc.seg_ordinal) as clinics
    from status_clinics sc
    join (select clinic_id, claim_id, current_submitted_on from intermediate.int_claims) c using (clinic_id, claim_id)
)
select clinic_id, claim_id,
       arg_max(ack_outcome, (ack_outcome <> 'informational', coalesce(status_date, DATE '0001-01-01'), file_no, set_index, seg_ordinal))
           filter (where coalesce(status_date, DATE '9999-12-31') >= coalesce(current_submitted_on, DATE '0001-01-01'))
           as last_ack_outcome,
       count(distinct (file_no, set_index)) filter (where ack_outcome = 'rejected') as rejections
from placed
where clinics = 1
group by all
