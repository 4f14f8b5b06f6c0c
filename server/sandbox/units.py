"""How a probe job's probes reach the runner's children: one unit per probe in a sealed memfd
that the runner never reads (see probe_units.py and the runner's "Probe hygiene")."""

from __future__ import annotations

import fcntl
import marshal
import os

from ..probe_units import OPAQUE_NAME, opaque


def units_file(names: list[str], units: tuple[str, ...]) -> int:
    """A sealed memfd holding one (name, source) unit per probe, after an index of 16-byte
    (offset, length) entries: each child of the runner reads its own entry and unit only."""
    blobs = [marshal.dumps((OPAQUE_NAME, opaque(unit, name)))
             for name, unit in zip(names, units, strict=True)]
    index, offset = bytearray(), 16 * len(blobs)
    for blob in blobs:
        index += offset.to_bytes(8, "little") + len(blob).to_bytes(8, "little")
        offset += len(blob)
    fd = os.memfd_create("probe-units", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    try:
        view = memoryview(bytes(index) + b"".join(blobs))
        while view:
            view = view[os.write(fd, view):]
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK
                    | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE)
    except BaseException:
        os.close(fd)
        raise
    return fd
