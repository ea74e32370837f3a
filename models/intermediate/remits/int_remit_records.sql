-- int_remit_records: every 835 claim payment (CLP loop) dated on or before the as-of date, matched to its claim.
-- grain: record_key (a number for the file_no, set_index, seg_ordinal of the CLP segment)
-- rule: remit_date = BPR16 (fallback DTM*405, GS04); received_on = GS04 of the 835's group. CLP01 matches CLM01
--       within the clinic of the payee: the clinic whose billing NPI is the N1*PE NPI; else the clinics with its TIN
--       (N1*PE FI or REF*TJ; several clinics of a group may share one: the CLP01 must name a claim of exactly one of
--       them); else, when no clinic row states that TIN (clinics.tin is optional), the clinics whose 837s carry it as
--       the billing provider's tax id (2010AA REF*EI); else, when no clinic has the NPI or the TIN, the
--       'unknown:<NPI>' clinic the 837s of that NPI went to.
--       A CLP01 that matches no CLM01 exactly matches the one CLM01 of those clinics that differs only in letter
--       case, if there is exactly one (claim_id is then the CLM01 as submitted). A payee the warehouse does not know
--       matches nothing. Unmatched records are kept (claim_id NULL) and reported
--       by an audit. CLP02 = 22 is a reversal (amounts negative as sent); CLP02 in 1,2,3,4,19,20,21 adjudicates.
--       Records are ordered by remit_date, then ingest order, then position (DESIGN.md §6.1).
with records as (select * from staging.stg_x12_835__claims),
-- the payer of each payment set, resolved once per set (not per record): REF*2U (payer_key), else N1*PR N104
set_payers as (
    select file_no, set_index, payment_date, production_date, trace_number, payer_key, payer_id as remit_payer_id
    from intermediate.int_remit_sets
),
sets as (select * from staging.stg_x12__sets),
claims as (select clinic_id, claim_id from intermediate.int_claims),
joined as (
    select
        row_number() over (order by r.file_no, r.set_index, r.seg_ordinal) as record_key,
        r.file_sha256, r.file_no, r.set_index, r.seg_ordinal,
        s.load_seq,
        coalesce(m.payment_date, m.production_date, s.group_date) as remit_date,
        s.group_date as received_on,
        m.trace_number,
        m.payer_key,
        m.remit_payer_id,
        r.claim_id as clp01,
        r.claim_status,
        r.charge_amount,
        r.paid_amount,
        r.patient_responsibility_amount,
        r.interest_amount,
        r.payer_claim_control_number,
        r.claim_status = '22' as is_reversal,
        r.claim_status in ('1', '2', '3', '4', '19', '20', '21') as is_adjudication
    from records r
    join set_payers m using (file_no, set_index)
    join sets s using (file_no, set_index)
),
-- The clinics each payment set's payee may be (int_remit_payee_clinics: one row per set and clinic).
payee_clinics as (select * from intermediate.int_remit_payee_clinics),
-- (Plain equi-joins only: a condition mixing a key with a filter on one side makes DuckDB use a nested-loop join.)
-- Each record with the clinics its payee may be, materialised first: left to itself the optimiser joined the payee
-- clinics with every claim of the clinic before looking at CLP01 (42 s instead of 1 s at 1 M lines).
record_clinics as materialized (
    select j.record_key, j.clp01, pc.clinic_id
    from joined j
    join payee_clinics pc using (file_no, set_index)
),
exact as (
    select rc.record_key, min(c.clinic_id) as clinic_id, min(c.claim_id) as claim_id, count(*) as clinics
    from record_clinics rc
    join claims c on c.clinic_id = rc.clinic_id and c.claim_id = rc.clp01
    group by rc.record_key
),
-- A CLP01 that names no claim exactly but differs from one CLM01 of the payee's clinics only in letter case (a payer
-- that upper-cases claim ids): that claim, when it is the only one.
by_case as (
    select rc.record_key, min(c.clinic_id) as clinic_id, min(c.claim_id) as claim_id, count(*) as clinics
    from (select * from record_clinics anti join exact using (record_key)) rc
    join claims c on c.clinic_id = rc.clinic_id and upper(c.claim_id) = upper(rc.clp01)
    group by rc.record_key
),
matches as (
    select * from exact
    union all
    select * from by_case where clinics = 1
),
matched as (
    select j.*, case when mt.clinics = 1 then mt.clinic_id end as clinic_id,
           case when mt.clinics = 1 then mt.claim_id end as matched_claim_id,
           coalesce(mt.clinics, 0) as payee_clinic_matches
    from joined j
    left join matches mt using (record_key)
)
select
    m.* exclude (matched_claim_id),
    m.matched_claim_id as claim_id
from matched m
where m.remit_date <= (select as_of from config.params)
