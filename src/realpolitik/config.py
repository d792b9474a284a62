"""Settings, read from the environment with command-line options layered on top."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def load_yaml(text: str):
    """YAML through libyaml's C parser when PyYAML was built with it (its wheels are): the knowledge
    files are read by every worker at start, and the pure-Python parser took most of that time.
    Errors are the same `yaml.YAMLError`, with the same line marks."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# spaCy's CPU pipelines make many small matrix products: OpenBLAS's thread pool costs more than it
# saves there (`nlp.pipe` alone ran 15% faster, 62 against 71 ms of CPU an article, on 2 cores with
# one thread), and realpolitik spreads work over processes, not threads. Worker processes also get
# one OpenMP and MKL thread each, the variables Dask's nanny sets for its workers. A value the user
# set always wins; the libraries read them once, when they load.
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}
WORKER_THREADS = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", **BLAS_THREADS}


def prefer_threads(variables: dict[str, str], environ=os.environ) -> dict[str, str]:
    """Set the thread variables the user left unset; returns those it set."""
    added = {name: value for name, value in variables.items() if name not in environ}
    environ.update(added)
    return added


DEFAULT_DB = "realpolitik.db"


@dataclass
class Settings:
    # Any installed spaCy pipeline name or path: en_core_web_md / _trf where users have them.
    model: str = field(default_factory=lambda: os.environ.get("REALPOLITIK_MODEL", "en_core_web_sm"))
    db: str = field(default_factory=lambda: os.environ.get("REALPOLITIK_DB", DEFAULT_DB))
    actor_files: list[Path] = field(default_factory=list)
    batch_size: int = 16
    # Near-duplicate threshold on estimated Jaccard similarity of word 5-shingles.
    near_duplicate_threshold: float = 0.8
    max_bytes: int = field(default_factory=lambda: int(os.environ.get("REALPOLITIK_MAX_BYTES", 20_000_000)))
