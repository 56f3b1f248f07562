"""The project's config.yaml with one change made to it: how config tests build bad
configs (parsed once per run; libyaml when PyYAML has it). `edited_config` validates the
changed mapping directly; `config_with` writes it out as YAML text, for the tests of
reading config files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from extractors.config import SAFE_LOADER, Config, config_from

CONFIG = Path(__file__).resolve().parent.parent / "config.yaml"


@cache
def project_config() -> dict:
    """The project's config.yaml, parsed."""
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def edited(change: Callable[[dict], object]) -> dict:
    """A copy of the project's config with `change` made to it."""
    data = copy.deepcopy(project_config())
    change(data)
    return data


def edited_config(change: Callable[[dict], object]) -> Config:
    """The project's config with `change` made to it, validated (ConfigError if bad)."""
    return config_from(edited(change))


def config_with(change: Callable[[dict], object]) -> str:
    """The project's config with `change` made to it, as YAML text."""
    return yaml.dump(edited(change), Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True)
