{#
    Fail for every combination of the given columns that occurs in more than one row.
    Use it to test the key of a model whose grain spans several columns.
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set column_list = combination_of_columns | join(', ') %}

select
    {{ column_list }},
    count(*) as row_count

from {{ model }}

group by {{ column_list }}

having count(*) > 1

{% endtest %}
