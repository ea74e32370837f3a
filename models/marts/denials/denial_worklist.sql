-- denial_worklist: initially denied claims nobody has worked yet (DESIGN.md §6.3): no denial action, no
-- replacement claim sent since the denial was received, and not paid since. What the billing team should pick up today, oldest first.
-- grain: clinic_id, claim_id
-- rule: age_days = as-of − denial_received_on; resolution_path by category (eligibility → patient outreach /
--       coverage check; authorization → retro-auth request; coding → correct and resubmit; documentation → send
--       records; medical necessity → clinical appeal; timely filing → proof of timely filing; credentialing →
--       enrolment fix). amount_at_stake = the denied amount, or the billed amount when the payer sent no denial
--       adjustment (CLP02 = 4 without CAS). Patients appear only as a pseudonymous key.
select
    clinic_id,
    claim_id,
    payer_id,
    patient_key,
    category,
    primary_carc,
    denied_amount,
    case when denied_amount > 0 then denied_amount else billed_amount end as amount_at_stake,
    denial_received_on,
    age_days,
    age_days > (select denial_routing_sla_days from config.params) as past_sla,
    resolution_path,
    owner
from intermediate.int_denials
where unworked
