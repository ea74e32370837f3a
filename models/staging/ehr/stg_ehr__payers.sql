-- stg_ehr__payers: payers with their financial class, X12 id and authorisation rules.
-- grain: payer_id
-- rule: auth_exempt_visits defaults to 1 (the initial evaluation), in_network to true (DESIGN.md §5).
select
    payer_id,
    payer_name,
    financial_class,
    trim(x12_payer_id) as x12_payer_id,
    coalesce(requires_auth, false) as requires_auth,
    coalesce(auth_exempt_visits, 1) as auth_exempt_visits,
    coalesce(in_network, true) as in_network,
    timely_filing_days
from raw.ehr_payers
