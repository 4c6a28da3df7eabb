"""A page of a long list read with its total in one query."""

from django.core.paginator import Paginator
from django.db.models import Count, Window

# Beyond this row, the page asked for is past any real list: left to Django's paginator, which
# counts first (an offset past the database's integers would be an error there).
FURTHEST_ROW = 10**6


def page_with_total(queryset, per_page, number):
    """The page ``number`` of ``queryset``, as Django's ``Paginator.get_page`` gives it, reading the
    total with the page's rows (``COUNT(*) OVER ()``) instead of in a query of its own.

    A number that is not one gives the first page, a number past the last page the last page, as
    ``get_page`` does (then with the count read apart).
    """
    paginator = Paginator(queryset, per_page)
    try:
        number = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):
        number = 1
    bottom = (number - 1) * per_page
    # A count over the rows of a DISTINCT query would count them before DISTINCT removes any.
    if number < 1 or bottom > FURTHEST_ROW or queryset.query.distinct:
        return paginator.get_page(number)
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[bottom : bottom + per_page])
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].total_rows if rows else 0  # Paginator's cached property
    return paginator._get_page(rows, number, paginator)
