import contextlib
import io

EXPORT = """sale_id,sold_at,region,amount_cents
s1,2024-03-01T00:00:00+00:00,eu,1000
s2,2024-03-01T23:59:59+00:00,us,2500
s3,2024-03-01T22:30:00-05:00,us,700
s4,2024-03-02T00:30:00+02:00,eu,300
s5,2024-03-03T12:00:00+00:00,eu,99
s6,2024-03-04T00:00:00+00:00,apac,12345
s7,2024-02-29T23:59:59+00:00,eu,1
"""


def _write(name, text):
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(text)


def _run(argv):
    from salesreport.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return [code, out.getvalue().splitlines(), err.getvalue().strip()]


def _sales():
    from salesreport.loading import read_sales

    return list(read_sales(EXPORT.splitlines(keepends=True)))


def check_between_days_bounds():
    from datetime import date

    from salesreport.summary import between_days

    sales = _sales()
    ranges = [(date(2024, 3, 1), date(2024, 3, 1)), (date(2024, 3, 2), None),
              (None, date(2024, 3, 1)), (None, None), (date(2024, 3, 5), date(2024, 3, 9))]
    return [[s.sale_id for s in between_days(sales, since, until)] for since, until in ranges]


def check_between_days_lazy_and_errors():
    from datetime import date

    from salesreport.summary import between_days

    pulled = []

    def source():
        for sale in _sales():
            pulled.append(sale.sale_id)
            yield sale

    filtered = between_days(source(), date(2024, 3, 2), date(2024, 3, 3))
    first = next(filtered).sale_id
    out = [first, list(pulled)]
    try:
        list(between_days([], date(2024, 3, 2), date(2024, 3, 1)))
        out.append("accepted")
    except ValueError as exc:
        out.append(str(exc))
    return out


def check_cli_range():
    _write("sales.csv", EXPORT)
    return [_run(["sales.csv", "--since", "2024-03-01", "--until", "2024-03-02"]),
            _run(["sales.csv", "--since", "2024-03-03", "--region", "EU"]),
            _run(["sales.csv", "--until", "2024-02-29"])]


def check_cli_unfiltered():
    _write("sales.csv", EXPORT)
    return _run(["sales.csv", "--region", "us", "--region", "apac"])


def check_cli_errors():
    _write("sales.csv", EXPORT)
    _write("broken.csv", EXPORT + "s8,2024-03-05T10:00:00,eu,5\n")
    backwards = _run(["sales.csv", "--since", "2024-03-04", "--until", "2024-03-01"])
    bad_date = _run(["sales.csv", "--since", "2024-13-01"])
    broken = _run(["broken.csv", "--since", "2024-03-04"])
    missing = _run(["nope.csv"])
    return [backwards, bad_date[0], broken[0], broken[2], missing[0], missing[1]]
