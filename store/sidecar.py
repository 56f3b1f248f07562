"""The reviews sidecar: every review write is also appended, as one JSON line, to
``reviews.jsonl`` beside the store, so a store rebuilt after damage loses no review.

Events, in commit order (appended inside the writing transaction):
``{"action": "save", "review": {column: value, ...}}`` (a reviews-table row),
``{"action": "clear", "content_hash": ..., "start": ..., "end": ...}`` and
``{"action": "document", "content_hash": ..., "reviews": [row, ...]}`` (all reviews
of one text after re-extraction moved them). Replaying them gives the reviews table.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

DEFAULT_STORE_NAME = "figures.sqlite"
SIDECAR_NAME = "reviews.jsonl"

Key = tuple[str, int, int]


def sidecar_path(store_path: str | Path) -> Path:
    """``reviews.jsonl`` beside the project's store (``figures.sqlite``); for a store
    with another name, ``<stem>.reviews.jsonl``, so two stores never share one."""
    path = Path(store_path)
    if path.name == DEFAULT_STORE_NAME:
        return path.with_name(SIDECAR_NAME)
    return path.with_name(f"{path.stem}.{SIDECAR_NAME}")


def append_events(path: Path, events: Iterable[Mapping[str, Any]]) -> None:
    """Append events to the sidecar, flushed to disk before the caller commits."""
    lines = "".join(json.dumps(dict(event), ensure_ascii=False) + "\n" for event in events)
    if not lines:
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(lines)
        handle.flush()
        os.fsync(handle.fileno())


def save_event(review: Mapping[str, Any]) -> dict[str, Any]:
    """The event of a saved review (a reviews-table row as a mapping)."""
    return {"action": "save", "review": dict(review)}


def clear_event(content_hash: str, start: int, end: int) -> dict[str, Any]:
    """The event of a cleared review."""
    return {"action": "clear", "content_hash": content_hash, "start": int(start), "end": int(end)}


def document_event(content_hash: str, reviews: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The event that sets all reviews of one text (after they moved)."""
    return {"action": "document", "content_hash": content_hash,
            "reviews": [dict(r) for r in reviews]}


def read_events(path: Path) -> Iterator[dict[str, Any]]:
    """The sidecar's events; a damaged line (a write cut short) is skipped."""
    if not path.exists():
        return
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                yield event


def replay(events: Iterable[Mapping[str, Any]]) -> dict[Key, dict[str, Any]]:
    """The reviews the events leave, by (content_hash, start, end)."""
    reviews: dict[Key, dict[str, Any]] = {}
    for event in events:
        action = event.get("action")
        if action == "save" and isinstance(event.get("review"), dict):
            _put(reviews, event["review"])
        elif action == "clear":
            reviews.pop(_key(event), None)
        elif action == "document":
            content_hash = event.get("content_hash")
            for key in [k for k in reviews if k[0] == content_hash]:
                del reviews[key]
            for review in event.get("reviews") or []:
                _put(reviews, review)
    return reviews


def _key(record: Mapping[str, Any]) -> Key:
    return str(record.get("content_hash")), int(record.get("start", -1)), int(record.get("end", -1))


def _put(reviews: dict[Key, dict[str, Any]], review: Mapping[str, Any]) -> None:
    try:
        reviews[_key(review)] = dict(review)
    except (TypeError, ValueError):
        pass  # a damaged record: nothing to restore
