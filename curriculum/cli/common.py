"""Consoles and small helpers shared by the commands."""

from __future__ import annotations

from rich.console import Console

console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False)
