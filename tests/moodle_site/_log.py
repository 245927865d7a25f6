"""What the site keeps of each request, for tests to read (never the token in a call's params)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Call:
    """One REST call (or upload) as the site saw it."""

    function: str
    kind: str  # "read", "write" or "unknown"
    items: int  # elements of the largest array parameter (how much one call carried)
    params: dict[str, Any]
    outcome: str = "pending"  # "ok", an errorcode, "http 503", "dropped" or "server bug"


@dataclass
class Received:
    """A raw HTTP request exactly as it arrived: tests check where the token travelled."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


def largest_array(params: dict[str, Any]) -> int:
    return max((len(item) for item in params.values() if isinstance(item, dict)), default=0)
