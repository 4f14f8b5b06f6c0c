import contextlib
import io
import json
import os
import tempfile

from csv2json.cli import main
from csv2json.convert import convert_rows


def test_convert_rows_infers_types():
    records = convert_rows(["id,price,active,note\n", "1,2.50,true,\n"])
    assert records == [{"id": 1, "price": 2.5, "active": True, "note": None}]


def test_main_converts_several_files():
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (("a.csv", "sku,qty\nA,1\n"), ("b.csv", "sku,qty\nB,2\n")):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as handle:
                handle.write(body)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main([os.path.join(tmp, "*.csv")])
    assert code == 0
    assert json.loads(out.getvalue()) == [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]
