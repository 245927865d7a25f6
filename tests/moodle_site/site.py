"""The fake Moodle site: tokens, knobs for tests, the call log, and REST dispatch.

`running_moodle_site()` starts it on 127.0.0.1 (a free port) in a background
thread; the pytest fixture `moodle_site` wraps the same thing.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import functions  # noqa: F401 - registers every external function
from . import seeding
from ._capabilities import REQUIRED
from ._errors import MoodleError, function_not_allowed, invalid_token, missing_record, rest_not_allowed
from ._faults import Fault, Faults, fault_answer
from ._log import Call, Received, largest_array
from ._php import json_encode, xml_exception, xml_response
from ._registry import OPTIONAL_PLUGINS, REGISTRY, Context, ExternalFunction
from ._server import Answer, start_server
from ._spec import validate
from ._state import SiteState
from ._upload import store_upload, upload_error

# Functions that check their capability themselves, at a later point than the generic check.
_CHECKS_ITS_OWN_CAPABILITY = ("core_course_update_courses", "core_update_inplace_editable")

# Parameters Moodle's REST server takes for itself before calling the function.
_SERVER_PARAMETERS = ("wstoken", "wsfunction", "moodlewsrestformat", "moodlewssettingfilter",
                      "moodlewssettingfileurl", "moodlewssettinglang", "moodlewssettingraw")


@dataclass
class Token:
    """A web-service token: its user and the functions of its service (None = all)."""

    value: str = field(repr=False)
    userid: int
    functions: frozenset[str] | None = None
    rest_allowed: bool = True

    def __repr__(self) -> str:  # never show the secret
        return f"Token(userid={self.userid}, functions={'all' if self.functions is None else len(self.functions)})"


class MoodleSite:
    """A stateful fake Moodle 4.5.6 answering REST calls like the real one."""

    def __init__(self, *, plugins: tuple[str, ...] = OPTIONAL_PLUGINS, debugging: bool = False,
                 languages: tuple[str, ...] = ("en", "lv", "lt", "ru"), latency: float = 0.0) -> None:
        self.state = SiteState()
        self.plugins: set[str] = set(plugins)
        self.debugging = debugging
        self.languages = frozenset(languages)
        self.sitename = "Training Moodle"
        self.call_log: list[Call] = []
        self.requests: list[Received] = []
        self.server_errors: list[str] = []
        self._tokens: dict[str, Token] = {}
        self._faults = Faults()
        self._faults.latency = latency
        self._denied: dict[int, set[str]] = {}
        self._lock = threading.RLock()
        self._server = start_server(self)
        self._thread: threading.Thread | None = None
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.token = self.add_token()

    # Lifecycle ------------------------------------------------------------------

    def start(self) -> "MoodleSite":
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="moodle-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # Tokens ---------------------------------------------------------------------

    def add_token(self, functions: list[str] | None = None, *, userid: int = 2, rest_allowed: bool = True) -> str:
        """A new token for `userid` whose service holds `functions` (None: every function the site has)."""
        value = secrets.token_hex(16)
        self._tokens[value] = Token(value, userid, None if functions is None else frozenset(functions), rest_allowed)
        return value

    def revoke_token(self, value: str) -> None:
        self._tokens.pop(value, None)

    def token_functions(self, value: str) -> list[ExternalFunction]:
        """The functions a token may call, in name order (what site info lists)."""
        token = self._tokens[value]
        return [f for name, f in sorted(REGISTRY.items())
                if self._installed(f) and (token.functions is None or name in token.functions)]

    # Knobs ----------------------------------------------------------------------

    @property
    def latency(self) -> float:
        """Seconds added to every REST answer, like a real network and PHP start-up (benchmarks)."""
        return self._faults.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._faults.latency = seconds

    def slow_function(self, name: str, seconds: float) -> None:
        """Answer `name` only after `seconds` (0 to make it fast again)."""
        self._faults.slow(name, seconds)

    def fail_function(self, name: str, status: int = 503, times: int = 1, *, after_execution: bool = False) -> None:
        """Answer `name` with HTTP `status` the next `times` calls, then recover (`times=0` disarms).

        With `after_execution` the call still runs (a write is done) before the error answer,
        like a proxy timing out while Moodle finishes.
        """
        self._faults.arm(name, Fault("fail", times, status, after_execution))

    def drop_connection(self, name: str, times: int = 1, *, after_execution: bool = False) -> None:
        """Close the connection without answering `name` the next `times` calls (`"upload"` for upload.php)."""
        self._faults.arm(name, Fault("drop", times, after_execution=after_execution))

    def deny_capability(self, capability: str, userid: int = 2) -> None:
        """Take a capability (e.g. `moodle/course:create`) from a user: calls needing it fail with `nopermissions`."""
        self._denied.setdefault(userid, set()).add(capability)

    def set_plugin(self, plugin: str, installed: bool) -> None:
        """Install or remove an optional plugin such as mod_attendance."""
        (self.plugins.add if installed else self.plugins.discard)(plugin)

    # Call log -------------------------------------------------------------------

    def calls(self) -> list[str]:
        """Names of every REST function called, in order."""
        return [call.function for call in self.call_log]

    def write_calls(self) -> list[str]:
        return [call.function for call in self.call_log if call.kind == "write"]

    def read_calls(self) -> list[str]:
        return [call.function for call in self.call_log if call.kind == "read"]

    def reset_log(self) -> None:
        with self._lock:
            self.call_log.clear()
            self.requests.clear()

    def record_request(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> None:
        with self._lock:
            self.requests.append(Received(method, path, query, headers, body))

    # Learner progress and restored content (what pull tests read back) ------------

    def seed_course_content(self, courseid: int, *, scorm_name: str = "E-learning", quiz_name: str = "Knowledge check",
                            modules: int = 2) -> dict[str, int]:
        """Add a SCORM activity and a quiz to a course as if an admin restored its backup; returns their cmids.

        The SCORM package has one SCO per module (`ITEM-1`...) and a last one, `ITEM-CHECK`, like ours.
        """
        with self._lock:
            return seeding.seed_course_content(self.state, courseid, scorm_name, quiz_name, modules)

    def seed_restored_course(self, section_names: list[str], *, fullname: str = "Template", shortname: str = "TPL",
                             categoryid: int = 1, lang: str = "", modules: int = 2) -> int:
        """A course an admin restored once from our backup (a template for `--template-course`); returns its id.

        Its sections are named after the modules; it holds a SCORM activity and a quiz (see
        `seed_course_content`); fullname and shortname get the suffix a CLI restore adds.
        """
        with self._lock:
            return seeding.seed_restored_course(self.state, categoryid, fullname, shortname, list(section_names), lang, modules)

    def set_activity_completion(self, courseid: int, userid: int, cmid: int, state: int,
                                timecompleted: int | None = None) -> None:
        """Completion state of one activity: 0 incomplete, 1 complete, 2 passed, 3 failed."""
        with self._lock:
            seeding.set_activity_completion(self.state, courseid, userid, cmid, state, timecompleted)

    def set_course_completion(self, courseid: int, userid: int, timecompleted: int | None) -> None:
        with self._lock:
            seeding.set_course_completion(self.state, courseid, userid, timecompleted)

    def set_scorm_score(self, cmid: int, userid: int, score: float, *, status: str = "passed",
                        attempt: int = 1, sco: str = "ITEM-CHECK") -> None:
        """Record a SCORM 1.2 attempt on one SCO: `cmi.core.score.raw` and `cmi.core.lesson_status`."""
        with self._lock:
            seeding.set_scorm_score(self.state, cmid, userid, score, status, attempt, sco)

    def set_attendance_status(self, sessionid: int, userid: int, acronym: str, *, takenby: int = 2) -> None:
        """Mark a learner P/L/E/A in a session, as a trainer would in Moodle."""
        with self._lock:
            seeding.set_attendance_status(self.state, sessionid, userid, acronym, takenby)

    # REST -----------------------------------------------------------------------

    def handle_rest(self, request: dict[str, Any]) -> Answer:
        """Run one REST request the way webservice/rest/server.php does."""
        as_json = request.get("moodlewsrestformat") == "json"
        name = request.get("wsfunction") if isinstance(request.get("wsfunction"), str) else ""
        token_value = request.get("wstoken") if isinstance(request.get("wstoken"), str) else ""
        params = {key: item for key, item in request.items() if key not in _SERVER_PARAMETERS}
        known = REGISTRY.get(name)
        call = Call(function=name, kind=("write" if known.write else "read") if known else "unknown",
                    items=largest_array(params), params=params)
        with self._lock:
            self.call_log.append(call)
        delay = self._faults.delay(name)
        if delay:
            time.sleep(delay)
        fault = self._faults.take(name)
        if fault is not None and not fault.after_execution:
            return fault_answer(call, fault)
        try:
            with self._lock:
                result = self._execute(token_value, name, params)
            answer = Answer(json_encode(result) if as_json else xml_response(result),
                            content_type="application/json; charset=utf-8" if as_json else "text/xml; charset=utf-8")
            call.outcome = "ok"
        except MoodleError as error:
            call.outcome = error.errorcode
            answer = self._error_answer(error, as_json)
        except Exception:  # a bug in the fake site: answer like Moodle, keep it for the fixture to report
            self.server_errors.append(traceback.format_exc())
            call.outcome = "server bug"
            bug = MoodleError("coding_exception", "codingerror", "Coding error detected, it must be fixed by a programmer")
            answer = self._error_answer(bug, as_json)
        if fault is not None:
            return fault_answer(call, fault)
        return answer

    def _execute(self, token_value: str, name: str, params: dict[str, Any]) -> Any:
        token = self._tokens.get(token_value)
        if token is None:
            raise invalid_token()
        if not token.rest_allowed:
            raise rest_not_allowed()
        function = REGISTRY.get(name)
        if function is None or not self._installed(function):
            raise missing_record("external_functions")
        if token.functions is not None and name not in token.functions:
            raise function_not_allowed(name)
        user = self.state.users.get(token.userid)
        if user is None:
            raise invalid_token()
        arguments = validate(function.parameters, params)
        context = Context(self.state, user, self.url, self.languages,
                          {"token_functions": self.token_functions(token_value), "sitename": self.sitename},
                          frozenset(self._denied.get(user.id, ())))
        capability = REQUIRED.get(name)
        if capability and name not in _CHECKS_ITS_OWN_CAPABILITY:
            context.require(capability)
        if not function.write:
            return function.handler(context, arguments)
        saved = self.state.snapshot()
        try:
            return function.handler(context, arguments)
        except BaseException:
            self.state.restore(saved)  # Moodle's delegated transaction: all of the call or nothing
            raise

    def _installed(self, function: ExternalFunction) -> bool:
        return function.plugin is None or function.plugin in self.plugins

    def _error_answer(self, error: MoodleError, as_json: bool) -> Answer:
        if as_json:
            return Answer(json_encode(error.as_dict(self.debugging)))
        debuginfo = error.debuginfo if self.debugging else None
        return Answer(xml_exception(error.exception, error.errorcode, error.message, debuginfo),
                      content_type="text/xml; charset=utf-8")

    # Upload ---------------------------------------------------------------------

    def handle_upload(self, fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> Answer:
        """webservice/upload.php: store files in the token user's draft area."""
        call = Call(function="upload", kind="write", items=len(files),
                    params={key: item for key, item in fields.items() if key != "token"})
        with self._lock:
            self.call_log.append(call)
        fault = self._faults.take("upload")
        if fault is not None:
            return fault_answer(call, fault)
        with self._lock:
            token = self._tokens.get(fields.get("token", ""))
            if token is None:
                call.outcome = "invalidtoken"
                return Answer(json_encode(upload_error("Invalid token - token not found", "invalidtoken")))
            call.outcome, answer = store_upload(self.state, token.userid, fields, files)
            return Answer(json_encode(answer))


@contextlib.contextmanager
def running_moodle_site(**options: Any) -> Iterator[MoodleSite]:
    """`with running_moodle_site() as site:` a fresh fake Moodle at `site.url`, token `site.token`."""
    site = MoodleSite(**options).start()
    try:
        yield site
    finally:
        site.stop()
