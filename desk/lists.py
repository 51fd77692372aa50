"""What the desk's lists share about their address: sortable column headers
(a link and ``aria-sort`` per column) and the parameters they could not read.

The orders themselves are the FilterSet's (``config/sorting.py``); a list names
which column sorts by which of them. Markup: ``templates/desk/_sort_header.html``
and ``_parameter_problems.html``.
"""

from django.utils.translation import gettext as _

from desk.paging import PAGING_PARAMS, POSITION_PARAMS, without_paging


def sort_headers(params, filterset, columns: dict[str, tuple[str, str | None]]):
    """For each column (name: its first sort when clicked, the other way or
    None): the link that sorts by it, or the other way when it is the sort, and
    its ``aria-sort`` while it is the sort. The link keeps the filters and starts
    again at the first page."""
    orders = filterset.filters["sort"]
    current = params.get("sort", "")
    if current not in orders.orders:
        current = orders.default  # absent or unreadable: the list's own order
    headers = {}
    for column, (first, other) in columns.items():
        active = current in (first, other)
        target = other if active and current == first and other else first
        query = params.copy()
        for name in (*POSITION_PARAMS, "sort"):
            query.pop(name, None)
        query["sort"] = target
        headers[column] = {
            "url": f"?{query.urlencode()}",
            "label": orders.orders[target].label,
            "aria_sort": (
                ("descending" if current.startswith("-") else "ascending")
                if active
                else None
            ),
        }
    return headers


def is_filtered(params) -> bool:
    """Whether the list's address narrows it (anything but paging and the sort)."""
    return bool(without_paging(params).dict().keys() - {"sort"})


def parameter_problems(params, filterset) -> list[str]:
    """What the list could not read in its address, in words (it shows the rest)."""
    problems = []
    if filterset.is_bound and not filterset.is_valid():
        for name, errors in filterset.errors.items():
            label = (
                filterset.form.fields[name].label
                if name in filterset.form.fields
                else name
            )
            value = ", ".join(params.getlist(name))
            problems.append(
                _("%(filter)s “%(value)s” was ignored: %(errors)s")
                % {"filter": label, "value": value, "errors": " ".join(errors)}
            )
    for name in PAGING_PARAMS:
        value = params.get(name)
        if value is not None and not value.strip().isdigit():
            problems.append(
                _(
                    "The paging parameter %(name)s=“%(value)s” is not a number and "
                    "was ignored."
                )
                % {"name": name, "value": value}
            )
    return problems
