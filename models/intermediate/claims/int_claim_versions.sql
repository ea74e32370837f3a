-- int_claim_versions: every 837P submission of a claim, as of the as-of date, in submission order.
-- grain: clinic_id, claim_id, version_seq
-- rule: a claim is a CLM01 of one billing clinic (2010AA NPI → clinics.billing_npi; unmapped NPIs stay visible as
--       'unknown:<npi>'). When several clinics (the sites of a group) bill under one NPI, the claim belongs to the
--       site whose visits name it (int_visit_claims: completed visits first, then by clinic_id), else to the first of
--       them by clinic_id. Versions are ordered by submission date (BHT04, fallback GS04) and time (BHT05), then
--       ingest order, then position in the file. Submissions after the as-of date do not exist yet. A submission to
--       a secondary or later payer (SBR01 other than P primary or U unknown: coordination of benefits, often under
--       the primary's CLM01) is not a version of the claim when the claim has a primary submission: it would otherwise
--       become the current version and move the claim, its adjudication and its denials to the secondary payer.
with claims as (select * from staging.stg_x12_837p__claims),
sets as (select * from staging.stg_x12__sets),
headers as (select * from staging.stg_x12_837p__headers),
npi as (select identifier, clinic_id from intermediate.int_clinic_lookup where identifier_type = 'npi'),
payers as (select * from intermediate.int_payer_lookup),
-- CLM01s billed under an NPI several clinics share, with the site whose visits name them (int_visit_claims).
shared_npi_sites as (
    select distinct shared_billing_npi as billing_npi, claim_id, claim_clinic_id as clinic_id
    from intermediate.int_visit_claims
    where shared_billing_npi is not null
),
versions as (
    select
        coalesce(site.clinic_id, npi.clinic_id, 'unknown:' || coalesce(c.billing_npi, '?')) as clinic_id,
        c.claim_id,
        c.frequency_code,
        coalesce(h.submitted_on, s.group_date) as submitted_on,
        case when h.submitted_on is not null then h.submitted_time end as submitted_time,
        c.billed_amount,
        coalesce(p.payer_id, 'unknown:' || coalesce(c.payer_x12_id, '?')) as payer_id,
        c.payer_x12_id,
        c.member_key,
        c.rendering_npi,
        c.billing_npi,
        c.payer_claim_control_number,
        c.prior_auth_number,
        c.claim_filing_indicator,
        coalesce(upper(trim(c.payer_responsibility)), 'P') not in ('P', 'U', '') as is_secondary,
        c.file_sha256,
        c.file_no,
        c.set_index,
        c.seg_ordinal,
        s.load_seq
    from claims c
    join sets s using (file_no, set_index)
    left join headers h using (file_no, set_index)
    left join npi on npi.identifier = c.billing_npi
    left join shared_npi_sites site on site.billing_npi = c.billing_npi and site.claim_id = c.claim_id
    left join payers p on p.x12_payer_id = c.payer_x12_id
),
in_scope as (select * from versions where submitted_on <= (select as_of from config.params)),
secondary as (select * from in_scope where is_secondary),
-- Claims with both kinds of submission (few: the semi join builds on the secondary ones).
with_primary as (
    select distinct clinic_id, claim_id
    from in_scope p
    semi join secondary s using (clinic_id, claim_id)
    where not p.is_secondary
),
kept as (
    select * from in_scope where not is_secondary
    union all
    select * from secondary anti join with_primary using (clinic_id, claim_id)
)
select
    * exclude (is_secondary),
    row_number() over (
        partition by clinic_id, claim_id
        order by submitted_on, submitted_time nulls first, load_seq, set_index, seg_ordinal
    ) as version_seq
from kept
