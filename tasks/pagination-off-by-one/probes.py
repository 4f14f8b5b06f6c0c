def check_has_next_last_page():
    from shop.pagination import paginate

    return [paginate(list(range(n)), page=p, per_page=10).has_next
            for n, p in [(30, 3), (31, 4), (10, 1), (0, 1)]]


def check_has_next_middle_pages():
    from shop.pagination import paginate

    return [paginate(list(range(45)), page=p, per_page=10).has_next for p in (1, 2, 3, 4)]


def check_slices():
    from shop.pagination import paginate

    page = paginate(list(range(95)), page=10, per_page=10)
    return [page.items, page.pages, page.total]


def check_cap_and_guards():
    from shop.pagination import paginate

    out = [len(paginate(list(range(300)), per_page=250, max_per_page=120).items)]
    for kwargs in ({"page": 0}, {"per_page": 0}):
        try:
            paginate([1, 2], **kwargs)
            out.append("no error")
        except ValueError as exc:
            out.append(type(exc).__name__)
    return out
