-- unattached_patient_payments: patient payments that name a claim (payments.claim_id) the warehouse cannot place:
-- no non-voided claim has that id, or several clinics have one and neither the visit nor the patient tells which.
-- Such a payment lowers no patient balance until the export names its visit or the claim is billed.
select 'warn' as severity, NULL as file_sha256, 'payment' as entity, p.payment_id as key,
       case when coalesce(n.clinics, 0) = 0 then 'patient payment names claim ' || p.named_claim_id || ', which no clinic has billed'
            else 'patient payment names claim ' || p.named_claim_id || ', which ' || n.clinics::VARCHAR
                 || ' clinics have; neither its visit nor its patient tells which'
       end as message
from intermediate.int_patient_payments p
left join (
    select claim_id, count(*) as clinics from intermediate.int_claims where not is_voided group by claim_id
) n on n.claim_id = p.named_claim_id
where p.clinic_id is null and p.named_claim_id is not null
