"""realpolitik: a sourced, time-aware model of a geopolitical system, read from news articles."""
from __future__ import annotations

__all__ = ["Realpolitik", "Settings"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # loaded on first use, so the command line can set the math libraries' threads before spaCy and
    # NumPy load (see `realpolitik.config.BLAS_THREADS`)
    if name == "Realpolitik":
        from realpolitik.api import Realpolitik

        return Realpolitik
    if name == "Settings":
        from realpolitik.config import Settings

        return Settings
    raise AttributeError(f"module 'realpolitik' has no attribute {name!r}")
