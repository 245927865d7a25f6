"""The REST client: one POST per call, bracket-encoded, errors raised by errorcode.

The token travels only in the POST body (``wstoken``), never in a URL, and
is kept out of ``repr``, log lines and exception messages. Reads are retried
with exponential backoff on timeouts, dropped connections and 5xx answers;
writes are retried too, and whoever writes re-reads by idnumber before
creating anything again, so a write that succeeded but whose answer was lost
does not become a duplicate.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from urllib.parse import urlencode
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._encoding import php_form
from ._errors import MissingFunctionsError, MoodleError, MoodleResponseError, MoodleUnavailableError, error_from_answer

log = logging.getLogger("lms_adapters.moodle")

REST_PATH = "/webservice/rest/server.php"
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
READ_MARKERS = ("_get_", "_search_", "get_site_info")
# Writes that create something with no unique key Moodle would refuse a second
# time: repeating one whose answer was lost makes a duplicate. They are retried
# only when the request never left (no connection); the next publish finds
# what they made by the code in its description.
# mod_attendance is a plugin; publish uses it only when the token's service allows all three.
ATTENDANCE_FUNCTIONS = ("mod_attendance_add_attendance", "mod_attendance_add_session", "mod_attendance_get_sessions")
NOT_REPEATABLE = frozenset({"mod_attendance_add_attendance", "mod_attendance_add_session", "core_course_duplicate_course"})


def is_read(function: str) -> bool:
    """Moodle names its reading functions get/search: those change nothing and are safe to repeat."""
    return any(marker in function for marker in READ_MARKERS)


@dataclass(frozen=True)
class CallRecord:
    function: str
    write: bool
    seconds: float
    attempts: int


@dataclass(frozen=True)
class SiteInfo:
    sitename: str
    release: str
    version: str
    username: str
    userid: int
    functions: frozenset[str] = field(repr=False)

    @property
    def has_attendance(self) -> bool:
        """mod_attendance is a plugin: present on many sites, not all, and a service may allow only part of it."""
        return self.functions.issuperset(ATTENDANCE_FUNCTIONS)


class MoodleClient:
    """A Moodle site's REST web service, called with one token.

    ``transport`` is any httpx transport (tests pass none and talk to a real
    local server); ``sleep`` is how backoff waits (tests may shorten it).
    """

    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not url or not token:
            raise MoodleError("a Moodle address and token are needed: --url/--token, CURRICULUM_MOODLE_URL/CURRICULUM_MOODLE_TOKEN, or [moodle] in curriculum.toml")
        self.url = checked_url(url)
        if self.url.endswith(REST_PATH):
            self.url = self.url[: -len(REST_PATH)]
        self.__token = token
        self.retries = max(0, retries)
        self.backoff = backoff
        self._sleep = sleep
        self._http = httpx.Client(timeout=timeout, transport=transport, follow_redirects=False)
        self.calls: list[CallRecord] = []
        self._site_info: SiteInfo | None = None

    def __repr__(self) -> str:
        return f"MoodleClient({self.url!r})"

    def __enter__(self) -> "MoodleClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- counting ---------------------------------------------------------------

    @property
    def write_calls(self) -> list[CallRecord]:
        return [call for call in self.calls if call.write]

    @property
    def read_calls(self) -> list[CallRecord]:
        return [call for call in self.calls if not call.write]

    # -- calling ----------------------------------------------------------------

    def call(self, function: str, params: Mapping[str, Any] | None = None) -> Any:
        """Call ``function`` with ``params`` (nested dicts and lists allowed) and return its decoded answer."""
        body = urlencode([("wstoken", self.__token), ("wsfunction", function), ("moodlewsrestformat", "json"), *php_form(params or {})]).encode()
        write = not is_read(function)
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            failure: tuple[str, bool] | None = None  # (reason, the request never left)
            try:
                response = self._http.post(self.url + REST_PATH, content=body, headers=FORM)
                if response.status_code >= 500:
                    failure = (f"server error HTTP {response.status_code}", False)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                # Only words leave this block: httpx's exception holds the request, whose body
                # holds the token, and raising in here would chain it as __context__.
                failure = (self._scrub(_describe(error)), isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout)))
            if failure is None:
                break
            reason, unsent = failure
            if attempt > self.retries or (function in NOT_REPEATABLE and not unsent):
                self._record(function, write, started, attempt)
                raise MoodleUnavailableError(
                    f"Moodle at {self.url} gave no usable answer to {function} after {attempt} tries ({reason}). "
                    "Check that the site is up and try again: what was done so far is kept, and the next run continues without duplicates",
                    function=function,
                )
            delay = self.backoff * 2 ** (attempt - 1)
            log.warning("Moodle %s: %s; trying again in %.1f s", function, reason, delay)
            self._sleep(delay)
        self._record(function, write, started, attempt)
        return self._decode(function, response)

    def _record(self, function: str, write: bool, started: float, attempts: int) -> None:
        seconds = time.perf_counter() - started
        self.calls.append(CallRecord(function, write, seconds, attempts))
        log.debug("Moodle %s %s: %.3f s, %d attempt(s)", "write" if write else "read", function, seconds, attempts)

    def _decode(self, function: str, response: httpx.Response) -> Any:
        if response.status_code in (301, 302, 303, 307, 308, 404):
            raise MoodleResponseError(
                f"{self.url} has no Moodle web service (HTTP {response.status_code} for {REST_PATH}): check the site address, and that "
                "web services and the REST protocol are enabled (Site administration > Server > Web services > Overview)",
                function=function,
            )
        if response.status_code >= 400:
            raise MoodleResponseError(f"Moodle at {self.url} answered HTTP {response.status_code} to {function}", function=function)
        text = response.text.strip()
        try:
            answer = json.loads(text) if text else None
        except json.JSONDecodeError:
            snippet = self._scrub(text[:80])
            raise MoodleResponseError(
                f"Moodle at {self.url} answered {function} with something that is not JSON ({snippet!r}...): is this the site's address?",
                function=function,
            ) from None
        if isinstance(answer, dict) and "exception" in answer and "errorcode" in answer:
            clean = {key: self._scrub(str(value)) if isinstance(value, str) else value for key, value in answer.items()}
            raise error_from_answer(clean, function, self.url)
        return answer

    def _scrub(self, text: str) -> str:
        return text.replace(self.__token, "[token]")

    # -- site info ----------------------------------------------------------------

    def site_info(self, refresh: bool = False) -> SiteInfo:
        """Who the token is and which functions its service allows (read once, kept)."""
        if self._site_info is None or refresh:
            answer = self.call("core_webservice_get_site_info") or {}
            self._site_info = SiteInfo(
                sitename=str(answer.get("sitename", "")),
                release=str(answer.get("release", "")),
                version=str(answer.get("version", "")),
                username=str(answer.get("username", "")),
                userid=int(answer.get("userid") or 0),
                functions=frozenset(item.get("name", "") for item in answer.get("functions") or []),
            )
        return self._site_info

    def require_functions(self, functions: Iterable[str], purpose: str = "publishing") -> SiteInfo:
        """Check every function is allowed before anything is written: one error naming all missing ones."""
        info = self.site_info()
        missing = sorted(set(functions) - info.functions)
        if missing:
            raise MissingFunctionsError(missing, purpose)
        return info


def _describe(error: Exception) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(error, httpx.ConnectError):
        return "cannot connect"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the connection was dropped"
    return type(error).__name__


def checked_url(url: str) -> str:
    """The site address without a trailing slash, refused when the token could not travel safely in it.

    The token goes in the POST body; an address with a query or a user name would put other secrets
    in logs and proxies, and one without http(s):// would fail on every try."""
    example = "give the site's address as in a browser, e.g. https://moodle.example.org"
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as error:
        raise MoodleError(f"the Moodle address is not a valid web address ({error}): {example}") from None
    if parsed.userinfo:
        raise MoodleError(f"the Moodle address must not hold a user name or password (user@ before the host): {example}; the token is given apart")
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise MoodleError(f"the Moodle address '{url}' does not start with https:// (or http://): {example}")
    if parsed.query:
        raise MoodleError(f"the Moodle address must not hold a query (?...): {example}; the token is given apart, never in the address")
    if parsed.scheme == "http" and not _loopback(parsed.host):
        log.warning("the Moodle address %s uses plain http: the token travels unencrypted; use https:// unless this is a test site", url)
    return str(parsed.copy_with(fragment=None)).rstrip("/")


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
