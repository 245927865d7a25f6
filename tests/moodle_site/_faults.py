"""Misbehaviour on demand: slow answers, HTTP errors and dropped connections, per function.

Each fault is used up after `times` calls, so a client's retry meets a site that has recovered.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ._log import Call
from ._server import Answer


@dataclass
class Fault:
    kind: str  # "fail" or "drop"
    remaining: int
    status: int = 503
    after_execution: bool = False


class Faults:
    def __init__(self) -> None:
        self.latency = 0.0
        self._slow: dict[str, float] = {}
        self._armed: dict[str, list[Fault]] = {}
        self._lock = threading.Lock()

    def slow(self, name: str, seconds: float) -> None:
        self._slow[name] = seconds

    def arm(self, name: str, fault: Fault) -> None:
        """Replaces the function's fault of the same kind (so `times=0` disarms it)."""
        with self._lock:
            others = [f for f in self._armed.get(name, []) if f.kind != fault.kind]
            self._armed[name] = [*others, fault]

    def delay(self, name: str) -> float:
        return self.latency + self._slow.get(name, 0.0)

    def take(self, name: str) -> Fault | None:
        """The next fault for this call, if any (each one counts down)."""
        with self._lock:
            for fault in self._armed.get(name, []):
                if fault.remaining > 0:
                    fault.remaining -= 1
                    return fault
        return None


def fault_answer(call: Call, fault: Fault) -> Answer:
    if fault.kind == "drop":
        call.outcome = "dropped"
        return Answer(drop=True)
    call.outcome = f"http {fault.status}"
    return Answer(f"<html><body><h1>{fault.status} Service Unavailable</h1></body></html>", status=fault.status,
                  content_type="text/html; charset=utf-8")
