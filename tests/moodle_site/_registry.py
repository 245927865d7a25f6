"""The external functions the fake site knows, declared like Moodle's `db/services.php`.

Each area module registers its functions with `@external(...)`: the name,
the parameter description (validated before the handler runs), whether it
writes, and the plugin it belongs to (so a site can be built without it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ._capabilities import DISPLAY_NAMES
from ._errors import required_capability
from ._spec import Single, Spec

if TYPE_CHECKING:
    from ._state import SiteState, User


@dataclass
class Context:
    """What a handler may use: the site's tables, the token's user and site-wide settings."""

    state: "SiteState"
    user: "User"
    url: str
    languages: frozenset[str]
    settings: dict[str, Any]
    denied: frozenset[str] = frozenset()

    def require(self, capability: str) -> None:
        """`require_capability`: a `nopermissions` error when a test took the capability away."""
        if capability in self.denied:
            raise required_capability(capability, DISPLAY_NAMES.get(capability, capability))


Handler = Callable[[Context, dict[str, Any]], Any]

SITE_VERSION = "2024100706"
SITE_RELEASE = "4.5.6 (Build: 20250811)"
PLUGIN_VERSIONS = {"core": SITE_VERSION, "mod_scorm": "2024100700", "mod_attendance": "2024101800"}


@dataclass(frozen=True)
class ExternalFunction:
    name: str
    parameters: Single
    handler: Handler
    write: bool
    component: str

    @property
    def plugin(self) -> str | None:
        """The optional plugin that must be installed, or None for core."""
        return self.component if self.component in OPTIONAL_PLUGINS else None

    @property
    def version(self) -> str:
        return PLUGIN_VERSIONS.get(self.component, SITE_VERSION)


OPTIONAL_PLUGINS = ("mod_attendance", "mod_customcert")
REGISTRY: dict[str, ExternalFunction] = {}


def external(name: str, parameters: dict[str, Spec], *, write: bool, component: str = "core") -> Callable[[Handler], Handler]:
    """Register a handler as the external function `name`."""

    def register(handler: Handler) -> Handler:
        REGISTRY[name] = ExternalFunction(name, Single(parameters), handler, write, component)
        return handler

    return register
