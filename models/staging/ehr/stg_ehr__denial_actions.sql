-- stg_ehr__denial_actions: what the billing team did about a denial (appeal, corrected claim, outreach, write-off).
-- grain: claim_id, action, action_on
-- rule: the free-text note is not carried forward (it may hold patient details).
select
    claim_id,
    action,
    action_on,
    amount
from raw.ehr_denial_actions
