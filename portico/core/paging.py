"""Reading a window of an ordered list that an index serves."""


def window(ordered, bottom, top, count=None) -> list:
    """Rows `bottom` to `top` of the queryset `ordered`. Past the middle of a list of `count`
    rows they are read from its end, backwards: the last page of 100,000 then skips 50 index
    entries instead of 99,950."""
    if count is None or bottom <= count // 2:
        return list(ordered[bottom:top])
    end = min(top, count)
    return list(ordered.reverse()[count - end : count - bottom])[::-1]
