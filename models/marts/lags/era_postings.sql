-- era_postings: every ERA payment posted in the practice-management system with its posting lag, for the posting
-- lag distribution (the per-payment detail behind marts.posting_lag).
-- grain: payment_id
-- rule: payments.method = 'era' matched to their 835 by trace number (never to an 835 of another known payer than
--       the one the payment names; an 835 with an unmapped payer id still matches);
--       lag_days = posted_on − received_on of the 835 (GS04); unmatched payments have no lag (and are a finding).
select
    payment_id,
    payer_id,
    trace_number,
    amount,
    remit_received_on,
    posted_on,
    lag_days,
    matched,
    lag_days <= 1 as within_1_day
from intermediate.int_era_postings
