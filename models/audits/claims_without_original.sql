-- claims_without_original: claims whose 837 versions to the as-of date include no original (frequency 1), only a
-- replacement (7) or a void (8): the original was sent from another system or not exported. submitted_on is then
-- the first version's date (DESIGN §6.1 dates a claim by its original), so days to submit may be too short.
select 'warn' as severity, NULL as file_sha256, 'claim' as entity, clinic_id || '/' || claim_id as key,
       'no original (frequency 1) of the claim is loaded, only ' ||
       string_agg(case frequency_code when '7' then 'a replacement' when '8' then 'a void' else 'frequency ' || coalesce(frequency_code, '?') end,
                  ', ' order by version_seq) ||
       ': its submission date is taken from the first of them' as message
from intermediate.int_claim_versions
group by clinic_id, claim_id
having count(*) filter (where frequency_code = '1') = 0
