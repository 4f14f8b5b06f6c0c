"""Import OpenEnv's client without its server.

`openenv/core/__init__.py` imports `openenv.core.env_server`, whose `__init__` builds the whole
server side (FastAPI, gradio, MCP, pandas): about 2 000 modules and seconds of CPU, for a client
that needs three leaf modules (`env_client`, `client_types`, `env_server.types`).

`install()` puts a finder in front of the import system that loads those two packages with
their `__init__` not yet run, so importing a leaf module loads only that module and what it
imports. The first attribute a caller reads from either package (`from openenv.core import
EnvClient`, `openenv.core.env_server.create_app`, `import *`) runs the package's `__init__` then,
in full: code that wants the server gets the same modules as without the deferral.
"""

from __future__ import annotations

import sys
import threading
import types
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any

PACKAGES = ("openenv.core", "openenv.core.env_server")

_lock = threading.RLock()
_running: set[str] = set()


class _DeferredPackage(types.ModuleType):
    """A package whose `__init__` runs on the first attribute missing from it."""

    def __getattr__(self, name: str) -> Any:
        with _lock:  # other threads wait here until the `__init__` has run
            if type(self) is _DeferredPackage:
                if self.__name__ in _running:  # read by its own `__init__`: not there yet
                    raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
                _running.add(self.__name__)
                try:
                    _run_init(self)
                finally:
                    _running.discard(self.__name__)
        return getattr(self, name)


def _run_init(module: types.ModuleType) -> None:
    spec = module.__spec__
    assert spec is not None and isinstance(spec.loader, _DeferringLoader)
    real = spec.loader.loader
    real.exec_module(module)
    spec.loader = module.__loader__ = real
    module.__class__ = types.ModuleType


class _DeferringLoader(Loader):
    def __init__(self, loader: Loader):
        self.loader = loader

    def exec_module(self, module: types.ModuleType) -> None:
        module.__class__ = _DeferredPackage

    def __getattr__(self, name: str) -> Any:  # resource readers, get_filename, ...
        return getattr(self.loader, name)


class _DeferringFinder(MetaPathFinder):
    def find_spec(self, fullname: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if fullname not in PACKAGES:
            return None
        spec = PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return None  # not installed, or not a package: the import system does as usual
        spec.loader = _DeferringLoader(spec.loader)
        return spec


def install() -> None:
    """Defer the packages' `__init__` from now on (no effect on ones imported already)."""
    with _lock:
        if not any(isinstance(f, _DeferringFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _DeferringFinder())
