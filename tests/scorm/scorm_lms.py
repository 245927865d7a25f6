"""A real little LMS for the browser tests: an HTTP server on 127.0.0.1 and a host page.

The server serves the host page (tests/scorm/host/), the scorm-again runtime
(installed with npm into pytest's cache folder, never into the repository),
and the unpacked packages; it records every request and every commit the
runtime POSTs (a terminate commit arrives as a beacon with text/plain).
The host page plays one SCO at a time in an iframe with scorm-again as
window.API / window.API_1484_11 and keeps each SCO's data between launches.
"""

from __future__ import annotations

import io
import json
import mimetypes
import os
import shutil
import subprocess
import threading
import time
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

SCORM_AGAIN_VERSION = "3.4.3"
HOST_FOLDER = Path(__file__).parent / "host"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_tests_wanted() -> None:
    if os.environ.get("CURRICULUM_SKIP_BROWSER") == "1":
        pytest.skip("CURRICULUM_SKIP_BROWSER=1")


def install_scorm_again(cache_dir: Path) -> Path:
    """scorm-again's dist folder, installed with npm into ``cache_dir`` on first use."""
    dist = cache_dir / "node_modules" / "scorm-again" / "dist"
    if (dist / "scorm12.min.js").is_file() and (dist / "scorm2004.min.js").is_file():
        return dist
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to install the scorm-again runtime for the SCORM browser tests (apt-get install npm)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(cache_dir), f"scorm-again@{SCORM_AGAIN_VERSION}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0 or not (dist / "scorm12.min.js").is_file():
        pytest.fail(f"npm could not install scorm-again {SCORM_AGAIN_VERSION}:\n{completed.stdout}\n{completed.stderr}")
    return dist


@dataclass
class Commit:
    key: str
    content_type: str
    body: dict


@dataclass
class LmsServer:
    """The HTTP side of the test LMS."""

    runtime: Path
    packages: Path
    commits: list[Commit] = field(default_factory=list)
    requests: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "LmsServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                file = owner.resolve(path)
                if file is None:
                    owner.record(path, 404)
                    self.send_error(404)
                    return
                body = file.read_bytes()
                owner.record(path, 200)
                self.send_response(200)
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "application/xml"):
                    kind += "; charset=utf-8"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                path = unquote(urlsplit(self.path).path)
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode("utf-8")
                if path.startswith("/commit/"):
                    with owner.lock:
                        owner.commits.append(Commit(path.removeprefix("/commit/"), self.headers.get("Content-Type", ""), json.loads(raw)))
                owner.record(path, 200)
                answer = b'{"result": true, "errorCode": 0}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def record(self, path: str, status: int) -> None:
        with self.lock:
            self.requests.append((path, status))

    def resolve(self, path: str) -> Path | None:
        roots = {"/scorm-again/": self.runtime, "/packages/": self.packages, "/": HOST_FOLDER}
        for prefix, root in roots.items():
            if path.startswith(prefix):
                candidate = (root / path[len(prefix):]).resolve()
                if candidate.is_file() and candidate.is_relative_to(root.resolve()):
                    return candidate
                return None
        return None

    def install(self, name: str, package: bytes) -> str:
        """Unpacks a package as an LMS does; returns its URL path."""
        folder = self.packages / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            archive.extractall(folder)
        return f"/packages/{name}"

    def commits_for(self, key: str) -> list[Commit]:
        with self.lock:
            return [commit for commit in self.commits if commit.key == key]

    def terminate_commits(self, key: str) -> list[Commit]:
        return [commit for commit in self.commits_for(key) if commit.content_type.startswith("text/plain")]

    def wait_for_terminate(self, key: str, seen: int, timeout: float = 5.0) -> Commit:
        """The terminate commit of ``key`` after the first ``seen`` ones (it arrives as a beacon, later)."""
        deadline = time.monotonic() + timeout
        while True:
            commits = self.terminate_commits(key)
            if len(commits) > seen:
                return commits[seen]
            if time.monotonic() > deadline:
                raise AssertionError(f"no terminate commit arrived for {key}")
            time.sleep(0.02)


@dataclass
class Sco:
    item: str
    title: str
    href: str
    mastery_score: str | None = None
    scaled_passing_score: str | None = None


def scos_of(package: bytes) -> list[Sco]:
    """The SCOs of a package in organisation order, read from its manifest as an LMS does."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    namespace = root.nsmap[None]
    ns = {"cp": namespace, "imsss": "http://www.imsglobal.org/xsd/imsss"}
    adlcp = root.nsmap["adlcp"]
    hrefs = {resource.get("identifier"): resource.get("href") for resource in root.iterfind(".//cp:resource", ns)}
    scos = []
    for item in root.iterfind(".//cp:organization/cp:item", ns):
        mastery = item.findtext(f"{{{adlcp}}}masteryscore")
        measure = item.findtext(".//imsss:primaryObjective[@satisfiedByMeasure='true']/imsss:minNormalizedMeasure", namespaces=ns)
        scos.append(Sco(item.get("identifier"), item.findtext("cp:title", namespaces=ns), hrefs[item.get("identifierref")], mastery, measure))
    return scos


class LmsPage:
    """One learner's browser tab on the test LMS."""

    def __init__(self, context, server: LmsServer) -> None:
        self.context = context
        self.server = server
        self.page = context.new_page()
        self.urls: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.urls.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(server.base_url + "/host.html")

    @property
    def frame(self):
        return self.page.frame_locator("#sco")

    def launch(self, key: str, href: str, version: str, sco: Sco | None = None, continue_valid: bool = False, mode: str | None = None):
        options = {"key": key, "href": href, "version": version, "continueValid": continue_valid, "mode": mode}
        if sco is not None and sco.mastery_score:
            options["masteryScore"] = sco.mastery_score
        if sco is not None and sco.scaled_passing_score:
            options["scaledPassingScore"] = sco.scaled_passing_score
        self.page.evaluate("options => host.launch(options)", options)
        return self.frame

    def leave(self, key: str | None = None, beacon: bool = True) -> dict | None:
        """The learner leaves the SCO (the LMS loads another page into the frame).

        With ``key``: returns the data model the LMS received when the SCO finished, from
        the terminate beacon; with ``beacon`` False from the last commit before it (a
        beacon carries at most 64 KB, which a long course's interactions exceed).
        """
        seen = len(self.server.terminate_commits(key)) if key else 0
        self.page.evaluate("() => host.unload()")
        if key is None:
            return None
        if beacon:
            return self.server.wait_for_terminate(key, seen).body["cmi"]
        self.page.wait_for_function("key => host.events.some(e => e.key === key && e.event === 'finish')", arg=key)
        return self.server.commits_for(key)[-1].body["cmi"]

    def stored(self, key: str) -> dict:
        return self.page.evaluate("key => host.store[key]", key)

    def calls(self, key: str | None = None) -> list[dict]:
        calls = self.page.evaluate("() => host.calls")
        return [call for call in calls if key is None or call["key"] == key]

    def failed_calls(self) -> list[dict]:
        return [call for call in self.calls() if call["result"] != "true"]

    def foreign_requests(self) -> list[str]:
        return [url for url in self.urls if not url.startswith(self.server.base_url) and not url.startswith(("about:", "data:"))]

    def close(self) -> None:
        self.context.close()
