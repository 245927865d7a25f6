"""Fixtures shared by the SCORM tests (imported by name in each test module)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from curriculum.content import LoadResult, bundled_content_root, discover_programmes
from scorm_lms import CHROMIUM, CHROMIUM_ARGS, LmsPage, LmsServer, browser_tests_wanted, install_scorm_again
from scorm_programmes import load_bundled

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = REPO_ROOT.parent / "shared" / "schemas"
BUNDLED = [folder.name for folder in discover_programmes(bundled_content_root())]


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    if not (SCHEMAS / "scorm12").is_dir() or not (SCHEMAS / "scorm2004").is_dir():
        pytest.fail(f"the official SCORM schemas are expected in {SCHEMAS} (the shared/ folder beside the repository)")
    return SCHEMAS


@pytest.fixture(scope="session")
def bundled_programmes() -> dict[str, LoadResult]:
    """Every bundled programme, loaded once (problems included: content is others' work in progress)."""
    return load_bundled()


@pytest.fixture(scope="session")
def scorm_again(request: pytest.FixtureRequest) -> Path:
    browser_tests_wanted()
    from scorm_lms import SCORM_AGAIN_VERSION

    cache = getattr(request.config, "cache", None)  # None when pytest runs with -p no:cacheprovider
    folder = Path(cache.mkdir(f"scorm-again-{SCORM_AGAIN_VERSION}")) if cache else Path(tempfile.gettempdir()) / f"curriculum-scorm-again-{SCORM_AGAIN_VERSION}"
    return install_scorm_again(folder)


# Each test module imports these fixtures, which makes pytest see one definition per module;
# the server and the browser behind them are started once per run and stopped at its end.
_shared: dict[str, object] = {}


@pytest.fixture(scope="session")
def lms_server(request: pytest.FixtureRequest, scorm_again: Path, tmp_path_factory: pytest.TempPathFactory) -> LmsServer:
    if "server" not in _shared:
        server = LmsServer(runtime=scorm_again, packages=tmp_path_factory.mktemp("lms-packages")).start()
        _shared["server"] = server
        request.config.add_cleanup(lambda: (server.stop(), _shared.pop("server", None)))
    return _shared["server"]


@pytest.fixture(scope="session")
def chromium(request: pytest.FixtureRequest):
    browser_tests_wanted()
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the SCORM browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _shared["browser"] = browser

        def stop() -> None:
            _shared.pop("browser", None)
            browser.close()
            playwright.stop()

        request.config.add_cleanup(stop)
    return _shared["browser"]


@pytest.fixture
def lms(chromium, lms_server: LmsServer) -> LmsPage:
    page = LmsPage(chromium.new_context(viewport={"width": 1024, "height": 800}), lms_server)
    yield page
    page.close()
