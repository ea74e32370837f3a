-- denial_systematic: payers whose denials look systematic (DESIGN.md §6.2) — usually a contract or credentialing
-- problem, not individual claims.
-- grain: payer_id
-- rule: over the last 8 weeks (claims first adjudicated after as-of − 56 days, up to as-of): systematic when the
--       payer's denial rate exceeds 10%, it has at least 5 initial denials, and one category holds more than half of
--       them. top_category is the category with most denials (ties: seed category order).
with params as (select as_of from config.params),
recent as (
    select payer_id, initial_outcome, denial_category
    from marts.claims, params
    where is_adjudicated and not is_voided
      and first_adjudicated_on > params.as_of - 56 and first_adjudicated_on <= params.as_of
),
per_payer as (
    select payer_id,
           count(*) as adjudicated_claims,
           count(*) filter (where initial_outcome in ('denied', 'partially_denied')) as denied_claims
    from recent group by payer_id
),
per_category as (
    select r.payer_id, r.denial_category as category, count(*) as denials, k.tie_rank
    from recent r
    join staging.stg_seeds__adjustment_categories k on k.category = r.denial_category
    where r.initial_outcome in ('denied', 'partially_denied')
    group by all
),
top as (
    select * from per_category
    qualify row_number() over (partition by payer_id order by denials desc, tie_rank) = 1
)
select
    p.payer_id,
    (select as_of from params) - 55 as window_start,
    (select as_of from params) as window_end,
    p.adjudicated_claims,
    p.denied_claims,
    p.denied_claims / p.adjudicated_claims as denial_rate,
    t.category as top_category,
    coalesce(t.denials, 0) as top_category_denials,
    case when p.denied_claims > 0 then coalesce(t.denials, 0) / p.denied_claims end as top_category_share,
    coalesce(
        p.denied_claims / p.adjudicated_claims > 0.10
        and p.denied_claims >= 5
        and coalesce(t.denials, 0) > p.denied_claims / 2.0,
        false
    ) as systematic
from per_payer p
left join top t using (payer_id)
