-- auth_visits: every completed insurance visit classified against the authorisations in force, valued at expected
-- reimbursement (DESIGN.md §6.6).
-- grain: visit_id
-- rule: status from int_auth_visit_assignment (exempt, authorized, over_limit, expired, no_auth, not_required);
--       leaked = over_limit, expired or no_auth. expected_amount = Σ over the visit's claim lines (same claim, in
--       int_visits.claim_clinic_id; line date = visit date) of fee-schedule allowed × units, falling back to the
--       line charge (0 while unbilled).
--       confirmed_by_denial = the claim's initial denial category is authorization. A voided claim is excluded from
--       every metric: it neither values the visit nor confirms a denial.
with a as (select * from intermediate.int_auth_visit_assignment),
line_values as (
    select clinic_id, claim_id, service_date_from, sum(coalesce(expected_allowed, charge)) as expected_amount
    from intermediate.int_claim_lines
    semi join (select clinic_id, claim_id from intermediate.int_claims where not is_voided) k using (clinic_id, claim_id)
    group by all
),
denials as (
    select clinic_id, claim_id, denial_category from intermediate.int_claim_first_adjudication
    semi join (select clinic_id, claim_id from intermediate.int_claims where not is_voided) k using (clinic_id, claim_id)
)
select
    a.visit_id,
    a.clinic_id,
    a.patient_key,
    a.payer_id,
    a.visit_date,
    a.claim_id,
    a.visit_number,
    a.auth_status as status,
    a.auth_id,
    a.auth_status in ('over_limit', 'expired', 'no_auth') as leaked,
    coalesce(l.expected_amount, 0)::DECIMAL(18,2) as expected_amount,
    coalesce(d.denial_category = 'authorization', false) as confirmed_by_denial
from a
left join line_values l
  on l.clinic_id = a.claim_clinic_id and l.claim_id = a.claim_id and l.service_date_from = a.visit_date
left join denials d on d.clinic_id = a.claim_clinic_id and d.claim_id = a.claim_id
