-- insurance_visits_without_claim: completed insurance visits more than 1 day old with no claim (the documented, not
-- billed queue; see marts.unbilled_visits).
select 'warn' as severity, NULL as file_sha256, 'visit' as entity, visit_id as key,
       'completed insurance visit not billed after ' || days_unbilled || ' days' as message
from marts.unbilled_visits
