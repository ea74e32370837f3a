-- claims_submitted_before_service: claims whose submission date (BHT04 of the original) is before their first date of
-- service: a negative days_to_submit, which counts as "within 1 day" in marts.submission_lag (DESIGN §6.5: ≤ 1) but is
-- a wrong service or creation date (billing ahead of the visit is not allowed).
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, clinic_id || '/' || claim_id as key,
       'submitted ' || strftime(submitted_on, '%Y-%m-%d') || ', before its first date of service ' ||
       strftime(first_service_date, '%Y-%m-%d') || ' (days to submit ' || days_to_submit || ')' as message
from intermediate.int_claims
where days_to_submit < 0 and not is_voided
