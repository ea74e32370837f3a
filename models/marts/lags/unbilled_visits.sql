-- unbilled_visits: the "documented, not billed" queue (DESIGN.md §6.5): completed insurance visits more than 1 day
-- old at the as-of date with no claim submitted for them.
-- grain: visit_id
-- rule: a visit has a claim when an 837 with its claim id (CLM01) was submitted in its clinic by the as-of date and
--       is not voided. days_unbilled = as-of − visit_date (> 1). documented_on only when on or before as-of (a
--       later documentation date was not known then).
select
    v.visit_id,
    v.clinic_id,
    v.payer_id,
    v.patient_key,
    v.provider_npi,
    v.visit_date,
    v.visit_type,
    case when v.documented_on <= p.as_of then v.documented_on end as documented_on,
    p.as_of - v.visit_date as days_unbilled
from intermediate.int_visits v
cross join config.params p
where v.status = 'completed' and v.is_insurance and not v.has_claim
  and v.visit_date < p.as_of - 1
