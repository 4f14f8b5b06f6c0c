"""A hostile WebSocket client: malformed frames and fields, each followed by a valid step.

`cases()` builds the corpus from the action model itself (every field of every action type with
wrong types, lone surrogates and over-size values) plus every frame kind. `run_fuzz()` plays it
over one real connection and reports which cases dropped the session or went unrefused.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from python_env.models import Finding, PythonAction

SURROGATE = "a\ud800"
# Python internals that must never reach a client in an error message.
INTERNALS = ("not supported between instances", "object has no attribute", "NoneType",
             "Traceback", "KeyError", "takes no keyword", "got multiple values",
             "surrogates not allowed", "Exceeds the limit")

_STR_BAD: list[Any] = [123, True, 1.5, [], {}, SURROGATE]
_INT_BAD: list[Any] = ["abc", "1", True, 1.5, [], {}, SURROGATE, -1]


@dataclass(frozen=True)
class Case:
    name: str
    frame: str | bytes
    # False where a well-formed answer that is not an error is also right (e.g. MCP replies).
    must_refuse: bool = True


@dataclass
class FuzzReport:
    cases: int = 0
    dropped: list[str] = field(default_factory=list)
    unrefused: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    broken_after: list[str] = field(default_factory=list)


def _frame(message: Any) -> str:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, exactly as a hostile client sends them.
    return json.dumps(message, ensure_ascii=True)


def _step(data: Any) -> str:
    return _frame({"type": "step", "data": data})


def _valid_finding(path: str) -> dict[str, Any]:
    return {"file": path, "line": 1, "category": "bug", "severity": "major", "title": "t"}


def _minimal(action_type: str, path: str) -> dict[str, Any]:
    """A valid payload of each action type (never sent as is: cases break one field of it)."""
    extra: dict[str, dict[str, Any]] = {
        "read_file": {"path": path},
        "search": {"pattern": "def"},
        "add_finding": {"finding": _valid_finding(path)},
        "remove_finding": {"finding_id": 0},
        "propose_patch": {"path": path, "content": "x = 1\n"},
        "submit": {"decision": "approve"},
    }
    return {"action_type": action_type, **extra.get(action_type, {})}


def _max_length(model: type, name: str) -> int | None:
    for meta in model.model_fields[name].metadata:
        if getattr(meta, "max_length", None) is not None:
            return meta.max_length
    return None


def _is_int(model: type, name: str) -> bool:
    return "int" in repr(model.model_fields[name].annotation)


def _bad_values(model: type, name: str) -> list[tuple[str, Any]]:
    values = _INT_BAD if _is_int(model, name) else _STR_BAD
    out = [(f"{type(v).__name__}:{v!r}"[:40], v) for v in values]
    limit = _max_length(model, name)
    if limit is not None:
        out.append(("oversize", "x" * (limit + 1)))
    return out


def action_cases(path: str) -> list[Case]:
    from python_env.action_table import ACTION_SPECS

    out: list[Case] = []
    for kind, spec in ACTION_SPECS.items():
        allowed = spec.fields
        base = _minimal(kind, path)
        for name in sorted(allowed):
            if name == "finding":
                for sub in Finding.model_fields:
                    for label, value in _bad_values(Finding, sub):
                        finding = {**_valid_finding(path), sub: value}
                        out.append(Case(f"{kind}.finding.{sub}={label}",
                                        _step({**base, "finding": finding})))
                out.append(Case(f"{kind}.finding=str", _step({**base, "finding": "x"})))
                out.append(Case(f"{kind}.finding.extra",
                                _step({**base, "finding": {**_valid_finding(path), "x": 1}})))
                continue
            for label, value in _bad_values(PythonAction, name):
                out.append(Case(f"{kind}.{name}={label}", _step({**base, name: value})))
        for name in ACTION_SPECS["read_file"].fields | {"pattern"}:
            if name not in allowed:
                out.append(Case(f"{kind}+foreign {name}", _step({**base, name: path})))
        for name in ("path", "pattern", "finding", "finding_id", "decision"):
            if name in base:
                out.append(Case(f"{kind}-missing {name}",
                                _step({k: v for k, v in base.items() if k != name})))
    out += [
        Case("action_type unknown", _step({"action_type": "fly"})),
        Case("action_type int", _step({"action_type": 3})),
        Case("action_type surrogate", _step({"action_type": SURROGATE})),
        Case("action empty", _step({})),
        Case("action key surrogate", _step({"action_type": "read_file", "path": path,
                                            SURROGATE: 1})),
        Case("decision unknown", _step({"action_type": "submit", "decision": "maybe"})),
        Case("read_file end before start", _step({"action_type": "read_file", "path": path,
                                                  "start_line": 5, "end_line": 2})),
        Case("read_file no such file", _step({"action_type": "read_file", "path": "nope.py"})),
        Case("read_file escapes", _step({"action_type": "read_file", "path": "../etc/passwd"})),
        Case("read_file absolute", _step({"action_type": "read_file", "path": "/etc/passwd"})),
        Case("read_file NUL", _step({"action_type": "read_file", "path": "a\x00b"})),
        Case("search bad regex", _step({"action_type": "search", "pattern": "("})),
        Case("propose_patch to a directory", _step(
            {"action_type": "propose_patch", "path": path.rpartition("/")[0] or ".",
             "content": "x = 1\n"})),
        Case("propose_patch long name", _step(
            {"action_type": "propose_patch", "path": "a" * 290 + ".py", "content": "x = 1\n"})),
        Case("propose_patch under a file", _step(
            {"action_type": "propose_patch", "path": f"{path}/x.py", "content": "x = 1\n"})),
        Case("propose_patch bad diff", _step(
            {"action_type": "propose_patch", "path": path, "diff": "@@ -1,1 +1,1 @@\n-nope\n+x\n"})),
        Case("propose_patch syntax error", _step(
            {"action_type": "propose_patch", "path": path, "content": "def (:\n"})),
        Case("remove_finding unknown", _step({"action_type": "remove_finding",
                                              "finding_id": 10**30})),
    ]
    return out


def reset_cases() -> list[Case]:
    def reset(data: Any) -> Case:
        return Case(f"reset {json.dumps(data)[:50]}", _frame({"type": "reset", "data": data}))

    return [
        reset({"foo": 1}),
        reset({"self": 1}),
        reset({"split": "nope"}),
        reset({"split": 3}),
        reset({"split": SURROGATE}),
        reset({"split": "train", "index": 10**6}),
        reset({"split": "train", "index": -1}),
        reset({"split": "train", "index": True}),
        reset({"split": "train", "index": "0"}),
        reset({"split": "train", "index": 0.5}),
        reset({"split": "generated", "index": -1}),
        reset({"task_id": "no-such-task"}),
        reset({"task_id": 7}),
        reset({"task_id": SURROGATE}),
        reset({"task_id": "x" * 10_000}),
        reset({"task_id": "gen-abc"}),
        reset({"task_id": "pagination-off-by-one", "split": "train"}),
        reset({"seed": "x"}),
        reset({"seed": -1}),
        reset({"seed": True}),
        reset({"episode_id": SURROGATE}),
        reset({"episode_id": 5}),
        reset({"episode_id": "x" * 10_000}),
        reset([1, 2]),
        reset("x"),
        reset(None),
    ]


def frame_cases() -> list[Case]:
    deep = "[" * 1000 + "]" * 1000
    return [
        Case("binary frame", b"\x00\x01\x02"),
        Case("binary JSON", _step({"action_type": "read_file"}).encode()),
        Case("empty text", ""),
        Case("whitespace", "   "),
        Case("invalid JSON", "{"),
        Case("top-level array", "[]"),
        Case("top-level string", '"reset"'),
        Case("top-level number", "1"),
        Case("top-level null", "null"),
        Case("top-level true", "true"),
        Case("1000 nested lists", deep),
        Case("100000 nested lists", "[" * 100_000 + "]" * 100_000),
        Case("nested data", _frame({"type": "step", "data": {"path": json.loads(deep[:200]
                                                                                   + deep[-200:])}})),
        Case("nested objects", '{"type": "step", "data": ' + '{"a":' * 1000 + "1" + "}" * 1001),
        Case("huge integer", '{"type": "reset", "data": {"seed": ' + "9" * 5000 + "}}"),
        Case("NaN", '{"type": "reset", "data": {"seed": NaN}}'),
        Case("Infinity", '{"type": "step", "data": {"action_type": "read_file", "path": "x", '
                         '"start_line": Infinity}}'),
        Case("duplicate keys", '{"type": "state", "type": "nope"}'),
        Case("type missing", _frame({"data": {}})),
        Case("type null", _frame({"type": None})),
        Case("type int", _frame({"type": 1})),
        Case("type list", _frame({"type": ["step"]})),
        Case("type surrogate", _frame({"type": SURROGATE})),
        Case("type unknown", _frame({"type": "fly"})),
        Case("key surrogate", _frame({"type": "state", SURROGATE: 1})),
        Case("step without data", _frame({"type": "step"})),
        Case("step data list", _frame({"type": "step", "data": [1]})),
        Case("step data string", _frame({"type": "step", "data": "read_file"})),
        Case("step data null", _frame({"type": "step", "data": None})),
        Case("state extra", _frame({"type": "state", "data": {"x": 1}})),
        Case("mcp junk", _frame({"type": "mcp", "data": {"x": 1}}), must_refuse=False),
        Case("mcp data list", _frame({"type": "mcp", "data": [1]})),
        Case("mcp tools/call", _frame({"type": "mcp", "data": {
            "jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "x"}}}),
            must_refuse=False),
        Case("invalid UTF-8 escape", '{"type": "state", "x": "\\udfff\\ud800"}'),
    ]


def cases(path: str) -> list[Case]:
    return frame_cases() + reset_cases() + action_cases(path)


def _recv(ws: ClientConnection, timeout: float = 60) -> dict[str, Any]:
    return json.loads(ws.recv(timeout=timeout))


def _refused(reply: dict[str, Any]) -> tuple[bool, str]:
    if reply.get("type") == "error":
        data = reply.get("data") or {}
        return True, json.dumps(data)
    if reply.get("type") == "observation":
        error = (reply.get("data") or {}).get("observation", {}).get("last_action_error")
        return error is not None, str(error)
    return False, ""


def run_fuzz(base_url: str, task_id: str, on_case: Any = None) -> FuzzReport:
    """Play every case on one connection; after each, a valid step and `state` must agree."""
    with contextlib.ExitStack() as stack:
        return _run(base_url.replace("http", "ws", 1) + "/ws", task_id, on_case, stack)


def _run(url: str, task_id: str, on_case: Any, stack: contextlib.ExitStack) -> FuzzReport:
    report = FuzzReport()

    def open_episode() -> tuple[ClientConnection, str, int]:
        conn = stack.enter_context(connect(url, max_size=None, open_timeout=30))
        conn.send(_frame({"type": "reset", "data": {"task_id": task_id}}))
        obs = _recv(conn)["data"]["observation"]
        changed = [f["path"] for f in obs["files"] if f["changed"]]
        return conn, changed[0], obs["steps_remaining"]

    ws, path, remaining = open_episode()
    for case in cases(path):
        report.cases += 1
        if on_case is not None:
            on_case(case)
        if remaining < 4:
            ws.send(_frame({"type": "reset", "data": {"task_id": task_id}}))
            remaining = _recv(ws)["data"]["observation"]["steps_remaining"]
        try:
            ws.send(case.frame)
            reply = _recv(ws)
            refused, text = _refused(reply)
            if case.must_refuse and not refused:
                report.unrefused.append(case.name)
            if any(marker in text for marker in INTERNALS):
                report.leaked.append(f"{case.name}: {text[:200]}")
            ws.send(_step({"action_type": "read_file", "path": path, "end_line": 1}))
            after = _recv(ws)
            ws.send(_frame({"type": "state"}))
            state = _recv(ws)
        except (ConnectionClosed, TimeoutError, OSError):
            report.dropped.append(case.name)
            ws.close()
            ws, path, remaining = open_episode()
            continue
        obs = (after.get("data") or {}).get("observation") or {}
        state_data = state.get("data") or {}
        if (after.get("type") != "observation" or obs.get("last_action_error")
                or obs.get("task_id") != state_data.get("task_id")
                or obs.get("steps_remaining") != obs.get("step_budget", 0)
                - state_data.get("step_count", -1)):
            report.broken_after.append(f"{case.name}: {json.dumps(after)[:200]} / {state}")
            ws.close()
            ws, path, remaining = open_episode()
            continue
        remaining = obs["steps_remaining"]
    ws.close()
    return report
