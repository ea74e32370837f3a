-- recoupments: the money payers take back, as its own stream with its own trend (domain-reference §3: takebacks
-- "tracked as their own stream, never netted silently into payments"): claim reversals and PLB takebacks, with the
-- forward balances and interest of the same 835s.
-- grain: period_grain ('week', 'month', 'all'), period_start (of the 835's remit_date), payer_id ('*' = all)
-- rule: over 835s dated on or before the as-of date: reversals = CLP02 = 22 records (matched to a claim or not);
--       reversed_amount = Σ −CLP04 of those (positive: money taken back; gross — a correction usually pays part of it
--       again); corrected_amount = Σ CLP04 of the other records of the same 835 set for a CLP01 it reverses (the
--       correction sent with the reversal); takebacks / takeback_amount = PLB WO pairs and Σ their amounts;
--       recouped_amount = reversed_amount + takeback_amount (gross); net_recouped_amount = recouped_amount −
--       corrected_amount (what the payer kept; negative when the corrections paid more than was taken back); forward_balance_amount = Σ PLB FB (negative: a negative net carried forward, positive: a
--       carried balance deducted now); interest_paid = −Σ PLB L6; other_plb_amount = Σ the other PLB amounts (as sent,
--       positive reduces the payment). Re-sent 835s are not loaded twice, so they count once.
with sets as (
    select * from intermediate.int_remit_sets where remit_date <= (select as_of from config.params)
),
clps as (
    select c.file_no, c.set_index, c.claim_id as clp01, c.claim_status, c.paid_amount, s.payer_id, s.remit_date
    from staging.stg_x12_835__claims c
    join sets s using (file_no, set_index)
),
reversed_keys as (select distinct file_no, set_index, clp01 from clps where claim_status = '22'),
reversals as (
    select payer_id, remit_date as d, 1 as reversals, -paid_amount as reversed_amount, 0 as corrected_amount,
           0 as takebacks, 0 as takeback_amount, 0 as forward_balance_amount, 0 as interest_paid, 0 as other_plb_amount
    from clps
    where claim_status = '22'
),
corrections as (
    select c.payer_id, c.remit_date, 0, 0, c.paid_amount, 0, 0, 0, 0, 0
    from clps c
    semi join reversed_keys k using (file_no, set_index, clp01)
    where c.claim_status <> '22'
),
plb as (
    select s.payer_id, s.remit_date as d, 0, 0, 0,
           case when p.reason_code = 'WO' then 1 else 0 end,
           case when p.reason_code = 'WO' then p.amount else 0 end,
           case when p.reason_code = 'FB' then p.amount else 0 end,
           case when p.reason_code = 'L6' then -p.amount else 0 end,
           case when p.reason_code not in ('WO', 'FB', 'L6') then p.amount else 0 end
    from staging.stg_x12_835__provider_adjustments p
    join sets s using (file_no, set_index)
),
events as (select * from reversals union all select * from corrections union all select * from plb),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from events
    union all
    select 'month', date_trunc('month', d)::DATE, * from events
    union all
    select 'all', NULL::DATE, * from events
)
select
    period_grain,
    period_start,
    case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
    sum(reversals)::BIGINT as reversals,
    sum(reversed_amount)::DECIMAL(18,2) as reversed_amount,
    sum(corrected_amount)::DECIMAL(18,2) as corrected_amount,
    sum(takebacks)::BIGINT as takebacks,
    sum(takeback_amount)::DECIMAL(18,2) as takeback_amount,
    (sum(reversed_amount) + sum(takeback_amount))::DECIMAL(18,2) as recouped_amount,
    (sum(reversed_amount) + sum(takeback_amount) - sum(corrected_amount))::DECIMAL(18,2) as net_recouped_amount,
    sum(forward_balance_amount)::DECIMAL(18,2) as forward_balance_amount,
    sum(interest_paid)::DECIMAL(18,2) as interest_paid,
    sum(other_plb_amount)::DECIMAL(18,2) as other_plb_amount
from periods
group by grouping sets ((period_grain, period_start, payer_id), (period_grain, period_start))
