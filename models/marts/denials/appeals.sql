-- appeals: the denial workflow of every initially denied claim — first action, routing against the SLA, appeals
-- and corrections, overturn, recovery and write-off (DESIGN.md §6.3).
-- grain: clinic_id, claim_id
-- rule: first_action_on = the earliest of the claim's denial actions (any date) and the submission of a
--       replacement 837 (frequency 7) sent on or after the denial was received ("a later replacement": one sent
--       before the 835 arrived answers no denial); routed_within_sla = first_action_on − denial_received_on ≤ SLA.
--       resolution: 'overturned' (a later non-reversal remit paid > 0), else 'written_off' (a
--       write-off action), else 'in_progress' (worked, not resolved), else 'unworked'.
select
    clinic_id,
    claim_id,
    payer_id,
    patient_key,
    category,
    primary_carc,
    initial_outcome,
    denied_amount,
    first_adjudicated_on,
    denial_received_on,
    first_action,
    first_action_on,
    days_to_first_action,
    routed_within_sla,
    appeals,
    corrections,
    overturned,
    overturned_on,
    recovered_amount,
    written_off_amount,
    case
        when overturned then 'overturned'
        when written_off then 'written_off'
        when not unworked then 'in_progress'
        else 'unworked'
    end as resolution,
    resolution_path
from intermediate.int_denials
