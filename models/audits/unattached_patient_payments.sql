-- unattached_patient_payments: patient payments the warehouse cannot place, so they lower no balance and are no cash
-- revenue: a payment that names a claim (payments.claim_id) no non-voided claim has, or that several clinics have
-- while neither the visit nor the patient tells which; a payment that names a visit the visits export does not
-- have; a payment that names neither a claim nor a visit. (A payment for a known visit not billed yet waits for its
-- claim; one for a cash-pay visit is cash revenue.)
with p as (
    select p.*, v.visit_id is not null as visit_known
    from intermediate.int_patient_payments p
    left join (select visit_id from intermediate.int_visits) v using (visit_id)
)
select 'warn' as severity, NULL as file_sha256, 'payment' as entity, p.payment_id as key,
       case when p.named_claim_id is null and p.visit_id is null then 'patient payment names neither a claim nor a visit'
            when p.named_claim_id is null then 'patient payment names visit ' || p.visit_id || ', which is not in the visits export'
            when coalesce(n.clinics, 0) = 0 then 'patient payment names claim ' || p.named_claim_id || ', which no clinic has billed'
            else 'patient payment names claim ' || p.named_claim_id || ', which ' || n.clinics::VARCHAR
                 || ' clinics have; neither its visit nor its patient tells which'
       end as message
from p
left join (
    select claim_id, count(*) as clinics from intermediate.int_claims where not is_voided group by claim_id
) n on n.claim_id = p.named_claim_id
where p.clinic_id is null
  and (p.named_claim_id is not null or p.visit_id is null or not p.visit_known)
