"""Input guard in front of OpenEnv's routes: malformed input is answered here, never crashes.

OpenEnv's `/ws` handler ends the session on a frame it cannot handle (binary, a top-level JSON
value that is not an object, nesting deep enough to overflow the parser, lone surrogates that
later fail to serialise) and lets send errors of a client that left mid-step escape as
tracebacks. This ASGI middleware screens every WebSocket frame and HTTP JSON body first and
answers problems in OpenEnv's own error format, so the handler only sees well-formed JSON
objects; it also turns a vanished client into one log line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# uvicorn's own logger: its "connection open/closed" lines are where a reader looks for this.
log = logging.getLogger("uvicorn.error")

MAX_MESSAGE_BYTES = 1 << 20
# An action nests three levels (message, data, finding); anything much deeper is not one.
MAX_JSON_DEPTH = 32


class InputProblem(ValueError):
    """Why a frame or body is refused: `code` is OpenEnv's WebSocket error code."""

    def __init__(self, message: str, code: str, loc: tuple[str | int, ...] = (),
                 syntax: bool = False, errors: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.code = code
        self.loc = loc
        self.syntax = syntax  # plain JSON syntax error, which FastAPI words well for HTTP
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        if self._errors is not None:
            return self._errors
        return [{"type": "invalid_input", "loc": list(self.loc), "msg": str(self)}]


def _refuse_constant(name: str) -> Any:
    raise InputProblem(f"Invalid JSON: {name} is not a JSON number", "INVALID_JSON")


def parse_message(text: str | bytes) -> Any:
    """The JSON value of a frame or body, or InputProblem saying why it is not acceptable."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"Invalid JSON: {exc}", "INVALID_JSON", syntax=True) from None
    except RecursionError:
        raise InputProblem(f"Invalid JSON: nested deeper than {MAX_JSON_DEPTH} levels",
                           "INVALID_JSON") from None
    except UnicodeDecodeError:
        raise InputProblem("Invalid JSON: not UTF-8 text", "INVALID_JSON") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        if isinstance(exc, InputProblem):
            raise
        raise InputProblem("Invalid JSON: a number is too long", "INVALID_JSON") from None
    check_value(value)
    return value


def check_value(value: Any) -> None:
    """Refuse nesting beyond MAX_JSON_DEPTH and lone surrogates, naming where they are."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, loc = stack.pop()
        if len(loc) > MAX_JSON_DEPTH:
            raise InputProblem(f"nested deeper than {MAX_JSON_DEPTH} levels", "VALIDATION_ERROR",
                               loc[:MAX_JSON_DEPTH])
        if isinstance(item, str):
            if not _is_text(item):
                raise InputProblem("text holds a lone surrogate: not valid Unicode",
                                   "VALIDATION_ERROR", loc)
        elif isinstance(item, dict):
            for key, sub in item.items():
                if not _is_text(key):
                    raise InputProblem("a key holds a lone surrogate: not valid Unicode",
                                       "VALIDATION_ERROR", loc)
                stack.append((sub, (*loc, key)))
        elif isinstance(item, list):
            stack.extend((sub, (*loc, i)) for i, sub in enumerate(item))


def _is_text(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _error_frame(problem: InputProblem) -> str:
    return json.dumps({"type": "error", "data": {
        "message": str(problem), "code": problem.code, "errors": problem.errors()}})


_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
               bool: "boolean", type(None): "null"}


def check_reset(options: dict[str, Any], reset_model: type[BaseModel],
                prefix: tuple[str, ...]) -> InputProblem | None:
    """Validate reset options before OpenEnv spreads them as keyword arguments into its own
    functions (where a name such as "self" or "func" breaks the call)."""
    try:
        reset_model.model_validate(options)
    except ValidationError as exc:
        errors = jsonable_encoder(exc.errors(include_url=False, include_context=False))
        return InputProblem("Invalid message", "VALIDATION_ERROR",
                            errors=[{**e, "loc": [*prefix, *e["loc"]]} for e in errors])
    return None


def check_frame(message: Message, reset_model: type[BaseModel] | None = None
                ) -> InputProblem | None:
    """Why a `websocket.receive` message cannot go to OpenEnv's handler, or None.

    With `reset_model`, a reset's options are validated here (see `check_reset`).
    """
    text = message.get("text")
    if text is None:
        return InputProblem("binary frames are not accepted: send a JSON object as text",
                            "INVALID_JSON")
    try:
        value = parse_message(text)
    except InputProblem as problem:
        return problem
    if not isinstance(value, dict):
        return InputProblem('a message is a JSON object with a "type" field, not '
                            f"{_JSON_TYPES[type(value)]}", "VALIDATION_ERROR")
    data = value.get("data")
    if reset_model is not None and value.get("type") == "reset" and isinstance(data, dict):
        return check_reset(data, reset_model, ("data",))
    return None


def _json_or_unmarked(scope: Scope) -> bool:
    """A body FastAPI would read as JSON (other kinds, e.g. the web UI's uploads, pass as is)."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return b"json" in value.lower()
    return True


class InputGuard:
    """ASGI middleware: screen WebSocket frames and HTTP JSON bodies before OpenEnv sees them."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_MESSAGE_BYTES,
                 reset_model: type[BaseModel] | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.reset_model = reset_model

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        elif (scope["type"] == "http" and scope["method"] in ("POST", "PUT", "PATCH")
              and _json_or_unmarked(scope)):
            await self._http(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        gone = False

        async def guarded_send(message: Message) -> None:
            nonlocal gone
            if gone:
                return
            try:
                await send(message)
            except OSError:  # uvicorn's ClientDisconnected: the client left mid-step
                gone = True
                client = scope.get("client") or ("?", 0)
                log.info("%s:%s - client left before its answer; session closed", *client)

        async def guarded_receive() -> Message:
            while True:
                if gone:
                    return {"type": "websocket.disconnect", "code": 1006}
                message = await receive()
                if message["type"] != "websocket.receive":
                    return message
                problem = check_frame(message, self.reset_model)
                if problem is None:
                    return message
                await guarded_send({"type": "websocket.send", "text": _error_frame(problem)})

        await self.app(scope, guarded_receive, guarded_send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left before sending its body
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                response = JSONResponse(
                    {"detail": f"request body exceeds {self.max_bytes} bytes"}, status_code=413)
                await response(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = None
        if body.strip():
            try:
                value = parse_message(body)
            except InputProblem as exc:
                # FastAPI words plain syntax errors well itself.
                problem = None if exc.syntax else exc
            else:
                if (self.reset_model is not None and scope["path"] == "/reset"
                        and isinstance(value, dict)):
                    problem = check_reset(value, self.reset_model, ())
        if problem is not None:
            detail = [{**e, "loc": ["body", *e["loc"]]} for e in problem.errors()]
            await JSONResponse({"detail": detail}, status_code=422)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _client_validation_handler(client_models: tuple[type[BaseModel], ...]):
    """422 for a ValidationError of a model the client fills (its reset options, its action),
    in FastAPI's shape; any other ValidationError is the server's own bug and stays a 500."""
    titles = {model.__name__ for model in client_models}

    async def handle(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ValidationError)
        if exc.title not in titles:
            log.error("server error on %s", request.url.path, exc_info=exc)
            return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
        errors = exc.errors(include_url=False, include_context=False)
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

    return handle


def guard(app: FastAPI, reset_model: type[BaseModel],
          client_models: tuple[type[BaseModel], ...] = (),
          max_bytes: int = MAX_MESSAGE_BYTES) -> FastAPI:
    """Install the input guard, and the 422 answer for the client's models, on an OpenEnv app."""
    app.add_exception_handler(
        ValidationError, _client_validation_handler((reset_model, *client_models)))
    app.add_middleware(InputGuard, max_bytes=max_bytes, reset_model=reset_model)
    return app
