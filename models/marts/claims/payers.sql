-- payers: the payer dimension for labels and filters.
-- grain: payer_id
select payer_id, payer_name, financial_class, x12_payer_id, requires_auth, auth_exempt_visits, in_network,
       timely_filing_days, payer_id like 'unknown:%' as is_unknown
from intermediate.int_payers
