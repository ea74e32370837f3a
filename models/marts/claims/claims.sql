-- claims: one row per claim (a CLM01 of one billing clinic) with its versions, first adjudication, payments and
-- balance as of the as-of date (DESIGN.md §6.1).
-- grain: clinic_id, claim_id
-- rule: the current version is the latest submitted (a submission to a secondary payer, SBR01 other than P/U, under
--       the CLM01 of a claim with a primary submission is coordination of benefits, not a version of it; see
--       int_claim_versions); voided claims (current version frequency 8) stay here with
--       is_voided = true and are excluded from every other mart. billed_amount = CLM02 of the current version;
--       submitted_on = BHT04 of the original version; first_service_date = earliest line date of the current version;
--       days_to_submit = submitted_on − first_service_date. Initial outcome from the first adjudication only:
--       denied / partially_denied / paid (NULL while not adjudicated); denial adjustments are netted per service
--       line (or claim level), group code and CARC, and one of $0 (a payer's remark such as CAS*CO*16*0, or a denial
--       taken back on the same line) or less denies nothing and decides no outcome, except that a $0 one names the
--       category of a CLP02 = 4 record. Money to date includes reversals.
--       last_ack_outcome: the latest 277CA verdict on the current version (NULL while a resubmission awaits its
--       277CA); ack_rejections: every 277CA that rejected the claim; ack_999_outcome: the 999 verdict on the 837 set
--       that carried the current version (accepted / rejected; NULL without a 999).
with acks as (select * from intermediate.int_claim_acks)
select
    c.clinic_id,
    c.claim_id,
    c.payer_id,
    c.financial_class,
    c.patient_key,
    c.provider_npi,
    c.billed_amount,
    c.submitted_on,
    c.first_service_date,
    c.last_service_date,
    c.days_to_submit,
    c.current_frequency_code,
    c.is_voided,
    c.versions,
    c.lines,
    c.completed_visits,
    f.first_adjudicated_on,
    f.first_adjudicated_on is not null as is_adjudicated,
    f.first_received_on,
    f.initial_outcome,
    coalesce(f.initial_outcome in ('denied', 'partially_denied'), false) as initial_denial,
    f.denial_category,
    f.primary_carc,
    coalesce(f.denied_amount, 0) as denied_amount,
    coalesce(t.remit_records, 0) as remit_records,
    coalesce(t.reversals, 0) as reversals,
    coalesce(t.paid_amount, 0) as paid_amount,
    coalesce(t.patient_responsibility, 0) as patient_responsibility,
    coalesce(t.contractual, 0) as contractual_amount,
    coalesce(t.allowed_amount, 0) as allowed_amount,
    coalesce(t.interest_amount, 0) as interest_amount,
    b.insurance_balance,
    b.patient_balance,
    a.last_ack_outcome,
    coalesce(a.rejections, 0) as ack_rejections,
    k.ack_999_outcome,
    k.ack_999_date
from intermediate.int_claims c
left join intermediate.int_claim_first_adjudication f using (clinic_id, claim_id)
left join intermediate.int_claim_remit_totals t using (clinic_id, claim_id)
left join intermediate.int_claim_balances b using (clinic_id, claim_id)
left join acks a using (clinic_id, claim_id)
left join intermediate.int_837_set_acks k on k.file_no = c.current_file_no and k.set_index = c.current_set_index
