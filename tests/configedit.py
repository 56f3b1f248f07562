"""The project's config.yaml with one change made to it: how config tests build bad
configs (parsed once per run; libyaml when PyYAML has it)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from extractors.config import SAFE_LOADER

CONFIG = Path(__file__).resolve().parent.parent / "config.yaml"


@cache
def project_config() -> dict:
    """The project's config.yaml, parsed."""
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def config_with(change: Callable[[dict], object]) -> str:
    """The project's config with `change` made to it, as YAML text."""
    data = copy.deepcopy(project_config())
    change(data)
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True)
