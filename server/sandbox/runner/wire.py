"""The runner's wire format: results as compact JSON, without importing `json`.

JSON goes through the `_json` C accelerator directly (the `json` package pulls in `re`, a cost
every job would pay); `jsonable` reduces whatever a probe returns to a deterministic image.
"""

import os


def _encoder(item_separator, key_separator):
    """json.dumps(value, sort_keys=True, separators=...), without importing `json`."""
    try:
        from _json import encode_basestring_ascii, make_encoder

        def default(value):
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

        def dumps(value):
            encode = make_encoder({}, default, encode_basestring_ascii, None, key_separator,
                                  item_separator, True, False, True)
            return "".join(encode(value, 0))

        if dumps({"b": [1, 2.5, None, True], "a": "\u00e9"}) != (
            '{"a"' + key_separator + '"\\u00e9"' + item_separator + '"b"' + key_separator
            + "[1" + item_separator + "2.5" + item_separator + "null" + item_separator + "true]}"
        ):
            raise ValueError("unexpected _json behaviour")
        return dumps
    except Exception:
        import json

        def dumps(value):
            return json.dumps(value, sort_keys=True, separators=(item_separator, key_separator))

        return dumps


def _decoder():
    """json.loads for one document, strict about trailing data, without importing `json`."""
    try:
        from _json import make_scanner

        class Context:  # the attributes json.decoder.JSONDecoder gives the C scanner
            strict = True
            object_hook = None
            object_pairs_hook = None
            parse_float = float
            parse_int = int
            parse_constant = float  # 'NaN', 'Infinity', '-Infinity'
            memo: dict = {}

        scan = make_scanner(Context())

        def loads(text):
            start = len(text) - len(text.lstrip(" \t\n\r"))
            value, end = scan(text, start)
            if text[end:].strip(" \t\n\r"):
                raise ValueError("extra data")
            return value

        if loads(' {"a": [1, 2.5, null, true, "\\u00e9"]} ') != {"a": [1, 2.5, None, True, "\u00e9"]}:
            raise ValueError("unexpected _json behaviour")
        return loads
    except Exception:
        import json

        return json.loads


compact = _encoder(",", ":")
_sort_key = _encoder(", ", ": ")  # what json.dumps(x, sort_keys=True) gives: keys and set order
loads = _decoder()


def jsonable(value, depth=0):
    """A deterministic, JSON-able image of a value (subclasses reduced to their base type)."""
    if depth > 20:
        return {"__depth__": True}
    if value is None or type(value) is bool:
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        f = float.__float__(value)
        return f if f == f and f not in (float("inf"), float("-inf")) else {"__float__": repr(f)}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes__": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [jsonable(v, depth + 1) for v in value]
        return {"__set__": sorted(items, key=_sort_key)}
    if isinstance(value, dict):
        pairs = [(_sort_key(jsonable(k, depth + 1)), jsonable(v, depth + 1))
                 for k, v in dict.items(value)]
        return {"__dict__": sorted(pairs, key=lambda kv: kv[0])}
    name = type(value).__name__
    if name in ("Decimal", "datetime", "date", "time", "timedelta", "Fraction", "UUID",
                "PosixPath", "PurePosixPath", "timezone", "ZoneInfo"):
        return {"__" + name + "__": str(value)}
    return {"__object__": name}


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
