"""What one job may use: wall clock, per-item time, and the rlimits the runner sets on itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    wall_s: float = 20.0
    item_timeout_s: float = 3.0
    cpu_s: int = 20
    as_mb: int = 768
    fsize_mb: int = 16
    nofile: int = 128
    nproc: int = 256
    tmpfs_mb: int = 32

    def rlimits(self) -> dict[str, int]:
        return {
            "cpu_s": self.cpu_s,
            "as_mb": self.as_mb,
            "fsize_mb": self.fsize_mb,
            "nofile": self.nofile,
            "nproc": self.nproc,
        }
