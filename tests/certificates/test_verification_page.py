"""The verification page in headless Chromium against the real server on 127.0.0.1.

The pilot of 'different-client' gives people whose language is Latvian,
English or Russian; their certificates are checked as a person with the QR
code would: open the address, read the status, type another code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from babel.dates import format_date

from curriculum.content import load_valid_programme
from curriculum.services.certificates import issue_certificates, revoke_certificate
from curriculum.services.pilot import run_pilot
from curriculum.signing import load_or_create_key
from curriculum.store import UnitOfWork, open_database
from curriculum.web import start_in_thread, verification_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
COURSE = "state-administration-course"
REASON = "<script>alert('x')</script> issued by mistake"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("register")
    engine = open_database(f"sqlite:///{folder / 'records.db'}")
    programme = load_valid_programme("different-client").programme
    key = load_or_create_key(folder / "key.pem")
    server = verification_server(engine, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with UnitOfWork(engine) as uow:
        run_pilot(uow, programme, folder, None)
        summary = issue_certificates(uow, programme, COURSE, key, base + "/verify/", issued_on=dt.date(2010, 6, 30))
        by_language: dict[str, list] = {}
        for record in summary.issued:
            by_language.setdefault(record.language, []).append(record)
        revoked = revoke_certificate(uow, by_language["lv"][1].serial, REASON)
        uow.commit()
    start_in_thread(server)
    yield base, by_language, revoked
    server.shutdown()
    server.server_close()
    engine.dispose()


@pytest.fixture(scope="module")
def browser():
    if os.environ.get("CURRICULUM_SKIP_BROWSER") == "1":
        pytest.skip("CURRICULUM_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def test_a_valid_latvian_certificate_is_shown_in_latvian(register, page):
    base, by_language, _ = register
    record = by_language["lv"][0]
    response = page.goto(record.payload["url"])
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "lv"
    assert page.locator("#status").inner_text() == "Derīgs sertifikāts"
    assert page.locator("#name").inner_text() == record.name
    assert page.locator("#course").inner_text() == record.payload["course"]
    assert page.locator("#serial").inner_text() == record.serial
    assert page.locator("#issued-on").inner_text() == format_date(dt.date(2010, 6, 30), format="long", locale="lv")
    assert "2010. gada 30. jūnijs" in page.locator("#issued-on").inner_text()
    assert page.locator("#hours").inner_text().startswith("9 st.")


def test_a_valid_russian_certificate_is_shown_in_russian(register, page):
    base, by_language, _ = register
    record = by_language["ru"][0]
    page.goto(record.payload["url"])
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#status").inner_text() == "Действительный сертификат"
    assert page.locator("#name").inner_text() == record.name
    assert page.locator("#issued-on").inner_text() == "30 июня 2010\u202fг."
    # the reader may switch language
    page.click("a[hreflang=en]")
    assert page.locator("#status").inner_text() == "Valid certificate"
    assert page.locator("#issued-on").inner_text() == "June 30, 2010"


def test_a_revoked_certificate_says_so_with_the_reason_as_plain_text(register, page):
    base, _, revoked = register
    page.goto(revoked.payload["url"])
    assert page.locator("#status").inner_text() == "Atsaukts"
    assert page.locator("#status").get_attribute("data-status") == "revoked"
    assert page.locator("#reason").inner_text() == REASON
    assert page.dialogs == [] and page.locator("script").count() == 0


def test_an_unknown_code_is_not_found_in_the_readers_language(register, browser):
    base, _, _ = register
    context = browser.new_context(locale="lt-LT")
    page = context.new_page()
    response = page.goto(base + "/verify/ABCD-EFGH-JKMN")
    assert response.status == 404
    assert page.locator("#status").inner_text() == "Nerastas"
    context.close()


def test_typing_a_code_in_the_form_opens_its_certificate(register, page):
    base, by_language, _ = register
    record = by_language["en"][0]
    page.goto(base + "/")
    page.fill("#code-input", record.code.lower().replace("-", " "))
    page.click("button[type=submit]")
    page.wait_for_url(f"**/verify/{record.code}")
    assert page.locator("#status").inner_text() == "Valid certificate"
    assert page.locator("#name").inner_text() == record.name


def test_the_json_answer(register):
    base, by_language, revoked = register
    record = by_language["lv"][0]
    with urllib.request.urlopen(f"{base}/verify/{record.code}.json") as response:
        body = json.loads(response.read())
        assert response.headers["Content-Type"].startswith("application/json")
    assert body["status"] == "valid" and body["certificate"]["name"] == record.name and body["serial"] == record.serial
    with urllib.request.urlopen(f"{base}/verify/{revoked.code}.json") as response:
        assert json.loads(response.read())["revocation_reason"] == REASON
    with urllib.request.urlopen(f"{base}/keys.json") as response:
        keys = json.loads(response.read())["keys"]
    assert [key["kid"] for key in keys] == [record.payload["key_id"]] and keys[0]["crv"] == "Ed25519"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/verify/NOPE.json")
    assert missing.value.code == 404 and json.loads(missing.value.read())["status"] == "unknown"


def test_a_serial_number_is_not_a_key_to_the_page(register):
    """Serials are sequential: answering them would let anyone list every holder. Only the code opens a certificate."""
    base, by_language, _ = register
    record = by_language["lv"][0]
    for path in (f"/verify/{record.serial}", f"/verify/{record.serial}.json", f"/verify/{record.serial.lower()}.json",
                 f"/verify?code={record.serial}"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + path)
        body = missing.value.read().decode("utf-8")
        assert missing.value.code == 404 and record.name not in body, path
    assert json.loads(urllib.request.urlopen(f"{base}/verify/{record.serial}.json".replace(record.serial, record.code)).read())["status"] == "valid"
    with urllib.request.urlopen(f"{base}/verify/{record.code.lower().replace('-', '')}") as response:
        assert record.name in response.read().decode("utf-8")
