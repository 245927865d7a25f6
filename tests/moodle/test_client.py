"""The web-service client against the local Moodle: encoding, every error, retries, no token anywhere."""

from __future__ import annotations

import logging

import httpx

import pytest

from lms_adapters.moodle.webservice import (
    AccessDeniedError,
    DuplicateIdNumberError,
    InvalidParameterError,
    InvalidTokenError,
    MissingFunctionsError,
    MoodleClient,
    MoodleError,
    MoodleUnavailableError,
    NoPermissionError,
    PasswordPolicyError,
    RecordNotFoundError,
    php_form,
)


def fast(site, token=None, **options) -> MoodleClient:
    return MoodleClient(site.url, token or site.token, sleep=lambda seconds: None, **options)


def test_nested_lists_and_dicts_use_php_bracket_syntax():
    pairs = php_form({
        "cohorts": [{"categorytype": {"type": "system", "value": ""}, "name": "Sociālie darbinieki"}],
        "values": ["a@example.lv", "b@example.lv"],
        "enablecompletion": True,
        "skipped": None,
    })
    assert pairs == [
        ("cohorts[0][categorytype][type]", "system"),
        ("cohorts[0][categorytype][value]", ""),
        ("cohorts[0][name]", "Sociālie darbinieki"),
        ("values[0]", "a@example.lv"),
        ("values[1]", "b@example.lv"),
        ("enablecompletion", "1"),
    ]


def test_the_site_parses_what_the_client_sends(moodle_site):
    with fast(moodle_site) as client:
        created = client.call("core_course_create_categories", {"categories": [{"name": "Dažādie klienti", "idnumber": "x:1", "parent": 0}]})
        found = client.call("core_course_get_categories", {"criteria": [{"key": "idnumber", "value": "x:1"}]})
    assert created[0]["name"] == "Dažādie klienti"
    assert [item["id"] for item in found] == [created[0]["id"]]


def test_a_null_answer_is_none(moodle_site):
    with fast(moodle_site) as client:
        user = client.call("core_user_create_users", {"users": [{"username": "learner1", "createpassword": 1, "firstname": "A", "lastname": "B", "email": "a@example.lv", "auth": "manual"}]})
        course = client.call("core_course_create_courses", {"courses": [{"fullname": "C", "shortname": "C1", "categoryid": 1}]})
        answer = client.call("enrol_manual_enrol_users", {"enrolments": [{"roleid": 5, "userid": user[0]["id"], "courseid": course[0]["id"]}]})
    assert answer is None


def test_a_wrong_token_says_where_tokens_are_made(moodle_site):
    with fast(moodle_site, token="not-a-real-token-123") as client, pytest.raises(InvalidTokenError) as caught:
        client.site_info()
    message = str(caught.value)
    assert "does not accept the token" in message and "Manage tokens" in message
    assert "not-a-real-token-123" not in message


def test_a_function_outside_the_service_names_the_function_and_the_page(moodle_site):
    token = moodle_site.add_token(["core_webservice_get_site_info"])
    moodle_site.debugging = True
    with fast(moodle_site, token) as client, pytest.raises(AccessDeniedError) as caught:
        client.call("core_course_get_courses_by_field", {"field": "idnumber", "value": "x"})
    message = str(caught.value)
    assert "core_course_get_courses_by_field" in message and "External services" in message
    assert token not in message


def test_without_debuginfo_an_access_error_explains_both_causes(moodle_site):
    token = moodle_site.add_token(["core_webservice_get_site_info"])
    with fast(moodle_site, token) as client, pytest.raises(AccessDeniedError) as caught:
        client.call("core_course_get_courses_by_field", {"field": "idnumber", "value": "x"})
    message = str(caught.value)
    assert "External services" in message and "webservice/rest:use" in message


def test_rest_not_allowed_names_the_capability(moodle_site):
    token = moodle_site.add_token(rest_allowed=False)
    moodle_site.debugging = True
    with fast(moodle_site, token) as client, pytest.raises(AccessDeniedError) as caught:
        client.site_info()
    assert "webservice/rest:use" in str(caught.value) and "External services" not in str(caught.value)


def test_missing_functions_are_all_named_before_anything_is_written(moodle_site):
    token = moodle_site.add_token(["core_webservice_get_site_info", "core_course_get_categories"])
    with fast(moodle_site, token) as client, pytest.raises(MissingFunctionsError) as caught:
        client.require_functions(["core_course_get_categories", "core_course_create_courses", "core_user_create_users"])
    assert caught.value.missing == ["core_course_create_courses", "core_user_create_users"]
    assert "nothing was changed" in str(caught.value)
    assert moodle_site.write_calls() == []


def test_an_invalid_parameter_shows_debuginfo_when_the_site_gives_it(moodle_site):
    moodle_site.debugging = True
    with fast(moodle_site) as client, pytest.raises(InvalidParameterError) as caught:
        client.call("core_course_get_contents", {})
    assert "courseid" in str(caught.value)


def test_an_invalid_parameter_without_debuginfo_says_how_to_see_it(moodle_site):
    with fast(moodle_site) as client, pytest.raises(InvalidParameterError) as caught:
        client.call("core_course_get_contents", {})
    assert "Debugging" in str(caught.value)


def test_a_taken_idnumber_is_a_duplicate(moodle_site):
    with fast(moodle_site) as client:
        client.call("core_course_create_categories", {"categories": [{"name": "A", "idnumber": "same"}]})
        with pytest.raises(DuplicateIdNumberError) as caught:
            client.call("core_course_create_categories", {"categories": [{"name": "B", "idnumber": "same"}]})
    assert caught.value.errorcode == "categoryidnumbertaken"


def test_a_taken_username_is_a_duplicate(moodle_site):
    moodle_site.debugging = True
    user = {"username": "learner1", "createpassword": 1, "firstname": "A", "lastname": "B", "email": "a@example.lv", "auth": "manual"}
    with fast(moodle_site) as client:
        client.call("core_user_create_users", {"users": [user]})
        with pytest.raises(DuplicateIdNumberError) as caught:
            client.call("core_user_create_users", {"users": [{**user, "email": "c@example.lv"}]})
    assert "learner1" in str(caught.value)


def test_the_password_policy_message_loses_its_html(moodle_site):
    user = {"username": "learner2", "password": "short", "firstname": "A", "lastname": "B", "email": "b@example.lv", "auth": "manual"}
    with fast(moodle_site) as client, pytest.raises(PasswordPolicyError) as caught:
        client.call("core_user_create_users", {"users": [user]})
    message = str(caught.value)
    assert "Passwords must be at least 8 characters long" in message
    assert "<div>" not in message and "error/" not in message


def test_an_unknown_function_says_the_site_or_plugin_lacks_it(moodle_site):
    with fast(moodle_site) as client, pytest.raises(RecordNotFoundError) as caught:
        client.call("local_nothing_get_anything", {})
    assert "does not know the function local_nothing_get_anything" in str(caught.value)


def test_a_missing_course_is_a_missing_record(moodle_site):
    with fast(moodle_site) as client, pytest.raises(RecordNotFoundError) as caught:
        client.call("core_course_get_contents", {"courseid": 999})
    assert "deleted" in str(caught.value)


def test_503_is_retried_until_the_site_recovers(moodle_site):
    moodle_site.fail_function("core_webservice_get_site_info", status=503, times=2)
    with fast(moodle_site) as client:
        info = client.site_info()
    assert info.sitename and client.calls[-1].attempts == 3
    assert moodle_site.calls().count("core_webservice_get_site_info") == 3


def test_a_dropped_connection_is_retried(moodle_site):
    moodle_site.drop_connection("core_course_get_categories", times=1)
    with fast(moodle_site) as client:
        assert client.call("core_course_get_categories", {}) is not None
    assert client.calls[-1].attempts == 2


def test_a_slow_function_times_out_and_gives_up_after_the_retries(moodle_site):
    moodle_site.slow_function("core_course_get_categories", 1.0)
    with fast(moodle_site, timeout=0.2, retries=1) as client, pytest.raises(MoodleUnavailableError) as caught:
        client.call("core_course_get_categories", {})
    message = str(caught.value)
    assert "after 2 tries" in message and "no answer in time" in message
    assert moodle_site.token not in message


def test_backoff_grows_exponentially(moodle_site):
    waits: list[float] = []
    moodle_site.fail_function("core_course_get_categories", status=502, times=3)
    with MoodleClient(moodle_site.url, moodle_site.token, sleep=waits.append, backoff=0.5) as client:
        client.call("core_course_get_categories", {})
    assert waits == [0.5, 1.0, 2.0]


def test_the_token_travels_only_in_the_post_body_and_never_in_logs_or_repr(moodle_site, caplog):
    caplog.set_level(logging.DEBUG)
    moodle_site.fail_function("core_course_get_categories", times=1)
    with fast(moodle_site) as client:
        client.site_info()
        client.call("core_course_get_categories", {})
        with pytest.raises(InvalidParameterError) as caught:
            client.call("core_course_get_contents", {})
        text = repr(client) + str(caught.value) + repr(caught.value)
    assert moodle_site.token not in text
    assert moodle_site.token not in caplog.text
    assert caplog.records, "the client logs its calls"
    for received in moodle_site.requests:
        assert moodle_site.token not in received.path + received.query + str(received.headers)
        assert f"wstoken={moodle_site.token}".encode() in received.body


def test_a_missing_capability_names_the_roles_page(moodle_site):
    moodle_site.deny_capability("moodle/course:create")
    with fast(moodle_site) as client, pytest.raises(NoPermissionError) as caught:
        client.call("core_course_create_courses", {"courses": [{"fullname": "C", "shortname": "C1", "categoryid": 1}]})
    assert "Define roles" in str(caught.value) and "core_course_create_courses" in str(caught.value)


@pytest.mark.parametrize("address, words", [
    ("moodle.example.org", "does not start with https://"),
    ("ftp://moodle.example.org", "does not start with https://"),
    ("https://admin:secret-pass@moodle.example.org", "must not hold a user name or password"),
    ("https://moodle.example.org/?wstoken=abc", "must not hold a query"),
    ("https://moodle.example.org:abc", "not a valid web address"),
])
def test_an_address_the_token_should_not_go_to_is_refused_before_any_call(address, words):
    with pytest.raises(MoodleError) as caught:
        MoodleClient(address, "token-that-stays-home")
    assert words in str(caught.value) and "https://moodle.example.org" in str(caught.value)
    assert "secret-pass" not in str(caught.value) and "token-that-stays-home" not in str(caught.value)


def test_a_missing_scheme_is_one_clear_error_not_three_retries(moodle_site):
    address = moodle_site.url.split("://", 1)[1]
    with pytest.raises(MoodleError) as caught:
        MoodleClient(address, moodle_site.token, sleep=lambda seconds: None)
    assert not isinstance(caught.value, MoodleUnavailableError) and moodle_site.requests == []


def test_plain_http_warns_except_on_this_machine(moodle_site, caplog):
    with caplog.at_level(logging.WARNING, logger="lms_adapters.moodle"):
        MoodleClient(moodle_site.url, moodle_site.token).close()
        MoodleClient("http://localhost:8080/", "t").close()
        assert not caplog.records
        client = MoodleClient("http://moodle.example.org/", "t")
    assert client.url == "http://moodle.example.org"
    assert "plain http" in caplog.text and "unencrypted" in caplog.text


def _chain_texts(error: BaseException) -> list[str]:
    """Everything reachable from the error's cause and context: the exceptions, their attributes, requests' bodies."""
    texts, seen, todo = [], set(), [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        texts += [repr(current), str(current)]
        for value in vars(current).values():
            if isinstance(value, httpx.Request):
                texts += [str(value.url), value.content.decode("utf-8", "replace")]
            else:
                texts.append(repr(value))
        todo += [current.__cause__, current.__context__]
    return texts


@pytest.mark.parametrize("fault", ["timeout", "drop", "503"])
def test_no_exception_in_the_chain_holds_the_token(moodle_site, fault):
    if fault == "timeout":
        moodle_site.slow_function("core_course_get_categories", 1.0)
    elif fault == "drop":
        moodle_site.drop_connection("core_course_get_categories", times=5)
    else:
        moodle_site.fail_function("core_course_get_categories", status=503, times=5)
    with fast(moodle_site, timeout=0.2, retries=1) as client, pytest.raises(MoodleUnavailableError) as caught:
        client.call("core_course_get_categories", {})
    texts = _chain_texts(caught.value)
    assert len(texts) >= 2
    assert not [text for text in texts if moodle_site.token in text]
