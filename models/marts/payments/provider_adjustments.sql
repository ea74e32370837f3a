-- provider_adjustments: every provider-level adjustment of the 835s (PLB reason/amount pair), typed by reason code —
-- the money that moves a payment without a claim: takebacks, forward balances, interest (domain-reference §1.5).
-- grain: file_sha256, set_index, seg_ordinal, pair
-- rule: 835 sets dated (remit_date = BPR16, fallback DTM*405, GS04) on or before the as-of date; amount = PLB04 as
--       sent (a positive amount reduces the payment, a negative one increases it); payment_effect = −amount.
--       reason_type: L6 interest, WO takeback (overpayment recovery), FB forward_balance, 72 authorized_return,
--       PI periodic_interim_payment, J1 nonreimbursable, L3 penalty, IR irs_withholding, 50 late_charge, else other.
--       clinic_id = the payee's clinic when the payee is exactly one clinic (int_remit_payee_clinics), else NULL.
with sets as (
    select * from intermediate.int_remit_sets where remit_date <= (select as_of from config.params)
),
payee as (
    select file_no, set_index, min(clinic_id) as clinic_id
    from intermediate.int_remit_payee_clinics
    group by all
    having count(*) = 1
)
select
    p.file_sha256,
    p.set_index,
    p.seg_ordinal,
    p.pair,
    s.trace_number,
    s.payer_id,
    y.clinic_id,
    s.remit_date,
    s.received_on,
    p.fiscal_period_date,
    p.reason_code,
    case p.reason_code
        when 'L6' then 'interest'
        when 'WO' then 'takeback'
        when 'FB' then 'forward_balance'
        when '72' then 'authorized_return'
        when 'PI' then 'periodic_interim_payment'
        when 'J1' then 'nonreimbursable'
        when 'L3' then 'penalty'
        when 'IR' then 'irs_withholding'
        when '50' then 'late_charge'
        else 'other'
    end as reason_type,
    p.reference_id,
    p.amount::DECIMAL(18,2) as amount,
    (-p.amount)::DECIMAL(18,2) as payment_effect
from staging.stg_x12_835__provider_adjustments p
join sets s using (file_no, set_index)
left join payee y using (file_no, set_index)
