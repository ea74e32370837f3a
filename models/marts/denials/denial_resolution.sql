-- denial_resolution: how initial denials were worked and resolved, by period of first adjudication and payer
-- (DESIGN.md §6.3).
-- grain: period_grain, period_start, payer_id ('*' = all)
-- rule: initial_denials = claims first adjudicated in the period with an initial denial; routed_within_sla = those
--       whose first action came within the SLA (2 days) of the denial's receipt; overturned = those a later
--       non-reversal remit paid (> 0); overturn_rate = overturned / initial_denials; recovered_amount = what those
--       later records paid; written_off_amount = Σ write-off actions; open_denials = initial denials neither
--       overturned nor written off (still receivable); unworked_denials = those with no action at all (the worklist).
--       Every payer and period with adjudicated claims has a row: one without denials shows 0 denials and NULL rates.
--       Read literally, as DESIGN.md words them: a later record that paid stays an overturn even if the payer reverses
--       it afterwards (the recovery happened; the takeback is a new event), and an action dated before the denial
--       arrived (worked from a phone call or a portal) is still the first action, within the SLA.
with adjudicated as (
    select c.payer_id, c.first_adjudicated_on as d, n.claim_id is not null as is_denial, n.*
    exclude (payer_id)
    from marts.claims c
    left join intermediate.int_denials n using (clinic_id, claim_id)
    where c.is_adjudicated and not c.is_voided
),
periods as (
    select 'week' as period_grain, date_trunc('week', d)::DATE as period_start, * from adjudicated
    union all
    select 'month', date_trunc('month', d)::DATE, * from adjudicated
    union all
    select 'all', NULL::DATE, * from adjudicated
)
select
    period_grain,
    period_start,
    case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
    count(*) filter (where is_denial) as initial_denials,
    count(*) filter (where routed_within_sla) as routed_within_sla,
    count(*) filter (where routed_within_sla) / nullif(count(*) filter (where is_denial), 0) as routed_within_sla_pct,
    count(*) filter (where overturned) as overturned,
    count(*) filter (where overturned) / nullif(count(*) filter (where is_denial), 0) as overturn_rate,
    coalesce(sum(recovered_amount), 0)::DECIMAL(18,2) as recovered_amount,
    coalesce(sum(written_off_amount), 0)::DECIMAL(18,2) as written_off_amount,
    count(*) filter (where is_denial and not overturned and not written_off) as open_denials,
    count(*) filter (where unworked) as unworked_denials,
    count(*) filter (where appeals > 0) as appealed,
    median(days_to_first_action) as median_days_to_first_action
from periods
group by grouping sets ((period_grain, period_start, payer_id), (period_grain, period_start))
