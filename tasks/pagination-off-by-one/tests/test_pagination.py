from shop.pagination import paginate


def test_first_page():
    page = paginate(list(range(50)), page=1, per_page=20)
    assert page.items == list(range(20))
    assert page.pages == 3


def test_has_next_on_first_page():
    assert paginate(list(range(50)), page=1, per_page=20).has_next


def test_per_page_is_capped():
    page = paginate(list(range(500)), page=1, per_page=1000)
    assert len(page.items) == 100
