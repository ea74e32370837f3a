-- stg_seeds__carc_categories: the reviewed CARC → category seed (models/seeds/carc_categories.csv).
-- grain: group_code ('*' = any group), carc
select
    upper(trim(group_code)) as group_code,
    upper(trim(carc)) as carc,
    category,
    coalesce(nullif(subcategory, ''), NULL) as subcategory
from seeds.carc_categories
