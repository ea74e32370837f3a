-- ar_aging: open insurance A/R by payer and age bucket as of the as-of date (DESIGN.md §6.4).
-- grain: as_of, payer_id ('*' = all), bucket ('0-30', '31-60', '61-90', '91-120', '121+', '*' = all)
-- rule: over non-voided claims submitted on or before as-of with a positive insurance balance (see
--       int_claim_balances); age = as-of − first_service_date. Negative balances are credit balances: excluded here
--       and reported in ar_summary.credit_balance and marts.credit_balances. Every bucket of every payer with claims
--       gets a row (zeros when empty).
with b as (select * from intermediate.int_claim_balances),
buckets as (
    select * from (values ('0-30', 1), ('31-60', 2), ('61-90', 3), ('91-120', 4), ('121+', 5), ('*', 6)) t(bucket, bucket_order)
),
payers as (select distinct payer_id from b union all select '*'),
agg as (
    select
        case when grouping(payer_id) = 1 then '*' else payer_id end as payer_id,
        case when grouping(bucket) = 1 then '*' else bucket end as bucket,
        count(*) as claims,
        sum(insurance_balance) as balance
    from b
    where insurance_balance > 0
    group by grouping sets ((payer_id, bucket), (payer_id), (bucket), ())
)
select
    (select as_of from config.params) as as_of,
    p.payer_id,
    k.bucket,
    coalesce(a.claims, 0) as claims,
    coalesce(a.balance, 0)::DECIMAL(18,2) as balance,
    k.bucket_order
from payers p
cross join buckets k
left join agg a on a.payer_id = p.payer_id and a.bucket = k.bucket
