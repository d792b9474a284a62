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
