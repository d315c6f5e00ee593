"""Reading a window of an ordered list that an index serves."""

from django.core.paginator import Paginator


def window(ordered, bottom, top, count=None) -> list:
    """Rows `bottom` to `top` of the queryset `ordered`. Past the middle of a list of `count`
    rows they are read from its end, backwards: the last page of 100,000 then skips 50 index
    entries instead of 99,950."""
    if count is None or bottom <= count // 2:
        return list(ordered[bottom:top])
    end = min(top, count)
    return list(ordered.reverse()[count - end : count - bottom])[::-1]


class CountedPaginator(Paginator):
    """Django's Paginator over an ordered queryset of ids whose count is known already (a
    tally), so it is not counted again; a page reads its ids through window() and turns them
    into rows with `load(ids)`, which gives {id: row} (e.g. a queryset's in_bulk)."""

    def __init__(self, ordered_ids, per_page, count: int, load):
        super().__init__(ordered_ids, per_page)
        self.known_count, self.load = count, load

    @property
    def count(self):
        return self.known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = window(self.object_list, bottom, bottom + self.per_page, self.count)
        rows = self.load(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
