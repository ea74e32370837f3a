-- int_remit_records: every 835 claim payment (CLP loop) dated on or before the as-of date, matched to its claim.
-- grain: record_key (a number for the file_no, set_index, seg_ordinal of the CLP segment)
-- rule: remit_date = BPR16 (fallback DTM*405, GS04); received_on = GS04 of the 835's group. CLP01 matches CLM01
--       within the clinic of the payee (N1*PE NPI, else TIN); failing that, a CLP01 that names exactly one claim in
--       the warehouse matches it. Unmatched records are kept (claim_id NULL) and reported by an audit. CLP02 = 22 is
--       a reversal (amounts negative as sent); CLP02 in 1,2,3,4,19,20,21 adjudicates. Records are ordered by
--       remit_date, then ingest order, then position (DESIGN.md §6.1).
with records as (select * from staging.stg_x12_835__claims),
remits as (select * from staging.stg_x12_835__remittances),
sets as (select * from staging.stg_x12__sets),
npi as (select identifier, clinic_id from intermediate.int_clinic_lookup where identifier_type = 'npi'),
tin as (select identifier, clinic_id from intermediate.int_clinic_lookup where identifier_type = 'tin'),
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
        coalesce(pl.payer_id, 'unknown:' || m.payer_key) as remit_payer_id,
        coalesce(npi.clinic_id, tin.clinic_id) as payee_clinic_id,
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
    join remits m using (file_no, set_index)
    join sets s using (file_no, set_index)
    left join intermediate.int_payer_lookup pl on pl.x12_payer_id = m.payer_key
    left join npi on npi.identifier = m.payee_npi
    left join tin on tin.identifier = m.payee_tin
),
-- (Plain equi-joins only: a condition mixing a key with a filter on one side makes DuckDB use a nested-loop join.)
matched as (
    select
        j.*,
        coalesce(c.clinic_id, case when j.payee_clinic_id is null then u.clinic_id end) as clinic_id
    from joined j
    left join claims c on c.clinic_id = j.payee_clinic_id and c.claim_id = j.clp01
    left join intermediate.int_unique_claim_ids u on u.claim_id = j.clp01
)
select
    m.*,
    case when m.clinic_id is not null then m.clp01 end as claim_id
from matched m
where m.remit_date <= (select as_of from config.params)
