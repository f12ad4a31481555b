"""The one publishing pipeline (see ``pipeline``): the guards (``guards``), 索引号 allocation
(``index_numbers``), approval (``approval``), one action class per route, status labels and
the permission tester (``states``)."""
