"""One small module per mutation kind: a source with a site of that kind, one without, and a
driver whose outcome every mutant of that kind changes (tests/test_mutators.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    kind: str
    present: str  # a module with at least one site of the kind
    absent: str  # a module with none
    driver: str  # statements run after the module, in its namespace, that set `result`


CASES = [
    Case(
        "compare-boundary",
        '''\
def fits(word, limit):  # naïve: "é" counts as one character
    # a word of exactly `limit` characters fits
    if len("naïve" + word) - 5 <= limit:
        return "fits"
    return "too long"
''',
        '''\
def fits(word, limit):
    return "fits" if word == limit else "too long"
''',
        "result = fits('abc', 3)",
    ),
    Case(
        "compare-negation",
        '''\
def label(value):
    # None means "unset"
    if value is None:
        return "unset"
    return "set"
''',
        '''\
def label(value):
    return value or "unset"
''',
        "result = label(None)",
    ),
    Case(
        "arithmetic-operator",
        '''\
def total(prices, shipping):
    subtotal = sum(prices)  # before shipping
    subtotal += shipping
    return subtotal * 2
''',
        '''\
def total(prices, shipping):
    return "-".join([*prices, shipping])
''',
        "result = total([3, 4], 5)",
    ),
    Case(
        "integer-division",
        '''\
def pages(count, per_page):
    return (count + per_page - 1) // per_page  # rounded up
''',
        '''\
def pages(count, per_page):
    return divmod(count, per_page)
''',
        "result = pages(7, 2)",
    ),
    Case(
        "constant-off-by-one",
        '''\
def third(items):
    return items[2]  # zero-based
''',
        '''\
def third(items, index):
    return items[index] * 2
''',
        "result = third(list('abcde'))",
    ),
    Case(
        "bound-off-by-one",
        '''\
def squares(n):
    out = []
    for i in range(n):
        out.append(i * i)
    return out
''',
        '''\
def squares(items):
    return [i * i for i in items]
''',
        "result = squares(4)",
    ),
    Case(
        "slice-off-by-one",
        '''\
def middle(items, start):
    # everything but the ends
    return items[start:-1]
''',
        '''\
def middle(items, start):
    return items[start]
''',
        "result = middle(list('abcdef'), 1)",
    ),
    Case(
        "inverted-condition",
        '''\
def evens(numbers):
    return [n for n in numbers if n % 2 == 0]
''',
        '''\
def evens(numbers):
    while True:
        return numbers
''',
        "result = evens([1, 2, 3, 4])",
    ),
    Case(
        "removed-guard",
        '''\
def ratio(part, whole):
    # nothing of nothing is nothing
    if whole == 0:
        return 0.0

    return part / whole
''',
        '''\
def ratio(part, whole):
    if whole == 0:
        print("empty")
    return part / (whole or 1)
''',
        "result = ratio(1, 0)",
    ),
    Case(
        "swapped-arguments",
        '''\
def shift(point, dx, dy):
    return move(point, dx, dy)


def move(point, dx, dy):
    return (point[0] + dx, point[1] + dy)
''',
        '''\
def shift(point, dx):
    return move(point, dx=dx)


def move(point, dx):
    return (point[0] + dx, point[1])
''',
        "result = shift((0, 0), 1, 2)",
    ),
    Case(
        "boolean-operator",
        '''\
def valid(name, age):
    return bool(name and age >= 18 and age < 130)
''',
        '''\
def valid(name, aliases):
    return name or aliases or {}
''',
        "result = [valid('', 20), valid('ann', 12), valid('ann', 20)]",
    ),
    Case(
        "min-max",
        '''\
def clamp(value, top):
    return min(value, top)  # never above top
''',
        '''\
def clamp(value, top):
    return sorted([value, top])[0]
''',
        "result = clamp(5, 3)",
    ),
    Case(
        "return-flip",
        '''\
def is_admin(user):
    if user.get("role") == "admin":
        return True
    return user.get("owner", False)
''',
        '''\
def is_admin(user):
    return user.get("role") == "admin"
''',
        "result = is_admin({'role': 'admin'})",
    ),
    Case(
        "exception-swallowed",
        '''\
def price(table, sku):
    try:
        return table[sku]
    except KeyError:
        # an unknown product is an error, not a free one
        raise LookupError(f"unknown sku {sku}") from None
''',
        '''\
def price(table, sku):
    try:
        return table[sku]
    except KeyError:
        return None
''',
        "try:\n    result = price({}, 'x')\nexcept LookupError as error:\n    result = str(error)",
    ),
    Case(
        "broadened-except",
        '''\
def parse(text):
    try:
        return int(text)
    except (ValueError, OverflowError):  # not a number: no value
        return None
''',
        '''\
def parse(text):
    try:
        return int(text)
    except Exception:
        return None
''',
        "try:\n    result = parse(None)\nexcept TypeError:\n    result = 'not text'",
    ),
    Case(
        "wrong-default",
        '''\
def head(items, count=2, strict=False):
    if strict and len(items) < count:
        raise ValueError("too short")
    return items[:count]
''',
        '''\
def head(items, count=None):
    return items[: count or 2]
''',
        "result = [head('abcd'), head('a')]",
    ),
    Case(
        "lost-await",
        '''\
async def fetch(value):
    return value


async def double(value):
    got = await fetch(value)  # the value, not a coroutine
    return got * 2
''',
        '''\
async def double(value):
    return value * 2
''',
        "import asyncio\nresult = asyncio.run(double(21))",
    ),
    Case(
        "resource-leak",
        '''\
def save(path, rows):
    with open(path, "w") as out:  # flushed and closed on every way out
        for row in rows:
            if row is None:
                raise ValueError("empty row")
            out.write(f"{row}\\n")
    return len(rows)
''',
        '''\
def save(path, rows):
    with lock:
        return len(rows)
''',
        '''\
import os
import tempfile

path = os.path.join(tempfile.mkdtemp(), "rows.txt")
try:
    save(path, ["a", None])
except ValueError as error:  # keeps the failed call's frame (and its file) alive
    with open(path) as written:
        result = written.read()
    del error
''',
    ),
    Case(
        "shared-mutable-default",
        '''\
def collect(item, into=None):
    # a fresh list for every call that brings none
    if into is None:
        into = []
    into.append(item)
    return into
''',
        '''\
def collect(item, into=None):
    into = into or []
    into.append(item)
    return into
''',
        "collect(1)\nresult = collect(2)",
    ),
    Case(
        "dropped-keyword",
        '''\
def by_size(values):
    return sorted(values, key=abs)  # smallest magnitude first
''',
        '''\
def by_size(values):
    return sorted(values)
''',
        "result = by_size([-3, 1, 2])",
    ),
    Case(
        "inverted-flag",
        '''\
def largest(values):
    return sorted(values, reverse=True)[0]
''',
        '''\
def largest(values):
    return sorted(values, key=abs)[-1]
''',
        "result = largest([1, 3, 2])",
    ),
    Case(
        "skipped-cleanup",
        '''\
def first(log, items):
    log.append("open")
    try:
        if not items:
            return None  # nothing to take
        return items[0]
    finally:
        # always paired with "open"
        log.append("close")
''',
        '''\
def first(log, items):
    log.append("open")
    try:
        value = items[0]
    finally:
        log.append("close")
    return value
''',
        "log = []\nfirst(log, [])\nresult = log",
    ),
]
