-- data_quality: one row per open data-quality finding (DESIGN.md §6.12): the checks run while loading (835
-- balancing B-S / B-C / B-T, PLB interest = Σ AMT*I, re-sent 835s, CSV problems), CSV rejects, and the audits run
-- after every build (models/audits: unmatched remits, orphan reversals, claims without a visit, insurance visits
-- without a claim, visits with an unknown payer, claims in an 837 set a 999 rejected, …). Messages never carry
-- patient data.
-- grain: one row per finding
select check_name, check_name as "check", severity, file_sha256, entity, key, message, 'load' as source
from raw.load_findings
union all
select 'csv_reject', 'csv_reject', 'warn', file_sha256, 'csv_row:' || entity, file_name || ':' || line_number,
       coalesce(column_name || ': ', '') || reason, 'load'
from raw.csv_rejects
union all
select check_name, check_name, severity, file_sha256, entity, key, message, 'audit'
from audits.findings
