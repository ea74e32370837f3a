-- stg_seeds__adjustment_categories: the 18 adjustment categories, which are denials, their tie order and
-- the resolution path a denial of the category takes (models/seeds/adjustment_categories.csv).
-- grain: category
select
    category,
    is_denial::BOOLEAN as is_denial,
    tie_rank::INTEGER as tie_rank,
    label,
    nullif(resolution_path, '') as resolution_path,
    nullif(owner, '') as owner,
    try_cast(preventable AS BOOLEAN) as preventable
from seeds.adjustment_categories
