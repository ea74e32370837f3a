-- data_quality: one row per open data-quality finding (DESIGN.md §6.12): the checks run while loading (835
-- balancing B-S / B-C / B-T, PLB interest = Σ AMT*I, re-sent 835s, CSV problems), CSV rejects, and the audits run
-- after every build (models/audits: unmatched remits, orphan reversals, claims without a visit, insurance visits
-- without a claim, visits with an unknown payer, claims in an 837 set a 999 rejected, …). Messages never carry
-- patient data.
-- grain: one row per finding
-- rule: a rejected CSV row is one finding (check csv_reject, key file:line) whose message lists each failing
--       value's column and reason; the per-file count of rejects (load finding csv_rejects) stays in
--       raw.load_findings and the ingest output, so a rejected row is not counted twice here.
select check_name, check_name as "check", severity, file_sha256, entity, key, message, 'load' as source
from raw.load_findings
where check_name <> 'csv_rejects'
union all
select 'csv_reject', 'csv_reject', 'warn', file_sha256, 'csv_row:' || entity, file_name || ':' || line_number,
       string_agg(coalesce(nullif(column_name, '') || ': ', '') || reason, '; ' order by column_name, reason), 'load'
from raw.csv_rejects
group by file_sha256, file_name, entity, line_number
union all
select check_name, check_name, severity, file_sha256, entity, key, message, 'audit'
from audits.findings
