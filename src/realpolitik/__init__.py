"""realpolitik: a sourced, time-aware model of a geopolitical system, read from news articles."""
from realpolitik.api import Realpolitik
from realpolitik.config import Settings

__all__ = ["Realpolitik", "Settings"]
__version__ = "0.1.0"
