"""The fake Moodle itself, exercised with plain httpx (never our client): it must answer like Moodle 4.5.6."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest
from lxml import etree

from moodle_site import MoodleSite, running_moodle_site
from moodle_site._php import build_php_array, parse_form

REST = "/webservice/rest/server.php"
# One client for the module: building one per call costs ~100 ms (TLS context); no proxy for 127.0.0.1.
HTTP = httpx.Client(timeout=10, trust_env=False)


def call(site: MoodleSite, function: str, token: str | None = None, *, as_json: bool = True, **params: object
         ) -> httpx.Response:
    data = {"wstoken": site.token if token is None else token, "wsfunction": function, **params}
    if as_json:
        data["moodlewsrestformat"] = "json"
    return HTTP.post(site.url + REST, data=data)


def answer(site: MoodleSite, function: str, **params: object) -> object:
    response = call(site, function, **params)
    assert response.status_code == 200
    return response.json()


def make_course(site: MoodleSite, **extra: object) -> int:
    params = {"courses[0][fullname]": "Intercultural communication", "courses[0][shortname]": "IC-LV",
              "courses[0][categoryid]": 1, **extra}
    created = answer(site, "core_course_create_courses", **params)
    return created[0]["id"]


# PHP bracket syntax -----------------------------------------------------------------------


def test_brackets_build_nested_arrays_in_order() -> None:
    parsed = parse_form("courses%5B0%5D%5Bfullname%5D=A&courses%5B0%5D%5Bcategoryid%5D=2&courses%5B1%5D%5Bfullname%5D=B"
                        "&cohorts[0][categorytype][type]=system&values[]=x&values[]=y&plain=1")
    assert parsed == {"courses": {"0": {"fullname": "A", "categoryid": "2"}, "1": {"fullname": "B"}},
                      "cohorts": {"0": {"categorytype": {"type": "system"}}},
                      "values": {"0": "x", "1": "y"}, "plain": "1"}


def test_later_pairs_override_and_dots_become_underscores_like_php() -> None:
    assert build_php_array([("a", "1"), ("a", "2"), ("b.c", "3")]) == {"a": "2", "b_c": "3"}


# Errors: HTTP 200 and Moodle's shapes ---------------------------------------------------------


def test_invalid_token_is_http_200_with_moodle_error(moodle_site: MoodleSite) -> None:
    response = call(moodle_site, "core_webservice_get_site_info", token="0" * 32)
    assert response.status_code == 200
    assert response.json() == {"exception": "core\\exception\\moodle_exception", "errorcode": "invalidtoken",
                               "message": "Invalid token - token not found"}


def test_unknown_function_is_a_missing_external_functions_record(moodle_site: MoodleSite) -> None:
    assert answer(moodle_site, "core_course_no_such_thing") == {
        "exception": "dml_missing_record_exception", "errorcode": "invalidrecord",
        "message": "Can't find data record in database table external_functions."}


def test_missing_key_debuginfo_only_with_debugging(moodle_site: MoodleSite) -> None:
    production = answer(moodle_site, "core_course_get_contents")
    assert production == {"exception": "core\\exception\\invalid_parameter_exception", "errorcode": "invalidparameter",
                          "message": "Invalid parameter value detected"}
    moodle_site.debugging = True
    debugging = answer(moodle_site, "core_course_get_contents")
    assert debugging["debuginfo"] == "Missing required key in single structure: courseid"


def test_nested_errors_carry_the_path_and_unexpected_keys_are_refused(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    missing = answer(moodle_site, "core_course_create_courses", **{"courses[0][shortname]": "X",
                                                                 "courses[0][categoryid]": 1})
    assert missing["debuginfo"] == ("courses => Invalid parameter value detected: "
                                    "Missing required key in single structure: fullname")
    extra = answer(moodle_site, "core_course_get_contents", courseid=1, colour="red")
    assert extra["debuginfo"] == "Unexpected keys (colour) detected in parameter array."
    typed = answer(moodle_site, "core_course_get_contents", courseid="three")
    assert typed["debuginfo"] == ("courseid => Invalid parameter value detected: Invalid external api parameter: "
                                  'the value is "three", the server was expecting "int" type')


def test_unknown_course_is_a_missing_course_record(moodle_site: MoodleSite) -> None:
    assert answer(moodle_site, "core_course_get_contents", courseid=999)["errorcode"] == "invalidrecord"
    assert answer(moodle_site, "core_course_get_contents", courseid=999)["message"] == (
        "Can't find data record in database table course.")


def test_function_outside_the_token_service_and_rest_not_allowed(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    restricted = moodle_site.add_token(["core_webservice_get_site_info"])
    refused = answer(moodle_site, "core_course_get_contents", token=restricted, courseid=1)
    assert refused["exception"] == "webservice_access_exception"
    assert refused["errorcode"] == "accessexception"
    assert refused["debuginfo"].startswith("Access to the function core_course_get_contents() is not allowed.")
    names = [f["name"] for f in answer(moodle_site, "core_webservice_get_site_info", token=restricted)["functions"]]
    assert names == ["core_webservice_get_site_info"]
    no_rest = moodle_site.add_token(rest_allowed=False)
    denied = answer(moodle_site, "core_webservice_get_site_info", token=no_rest)
    assert denied["errorcode"] == "accessexception"
    assert "webservice/rest:use" in denied["debuginfo"]


def test_without_json_format_errors_are_xml(moodle_site: MoodleSite) -> None:
    response = call(moodle_site, "core_webservice_get_site_info", token="nope", as_json=False)
    root = etree.fromstring(response.content)
    assert root.tag == "EXCEPTION"
    assert root.get("class") == "core\\exception\\moodle_exception"
    assert root.findtext("ERRORCODE") == "invalidtoken"


# Site info -----------------------------------------------------------------------------------


def test_site_info_lists_functions_and_plugins(moodle_site: MoodleSite) -> None:
    info = answer(moodle_site, "core_webservice_get_site_info")
    assert info["release"] == "4.5.6 (Build: 20250811)" and info["version"] == "2024100706"
    assert info["siteurl"] == moodle_site.url and info["userissiteadmin"] is True
    names = {f["name"] for f in info["functions"]}
    assert {"core_course_create_courses", "mod_attendance_add_session", "enrol_manual_enrol_users"} <= names
    moodle_site.set_plugin("mod_attendance", False)
    names = {f["name"] for f in answer(moodle_site, "core_webservice_get_site_info")["functions"]}
    assert "mod_attendance_add_session" not in names
    assert answer(moodle_site, "mod_attendance_add_attendance", courseid=1, name="A")["errorcode"] == "invalidrecord"


def test_json_is_encoded_like_php(moodle_site: MoodleSite) -> None:
    raw = call(moodle_site, "core_webservice_get_site_info").text
    assert "http:\\/\\/127.0.0.1" in raw


# Categories and courses -------------------------------------------------------------------------


def test_categories_by_idnumber_and_duplicate_idnumber(moodle_site: MoodleSite) -> None:
    made = answer(moodle_site, "core_course_create_categories",
                  **{"categories[0][name]": "Integration", "categories[0][idnumber]": "prog-int"})
    assert made == [{"id": 2, "name": "Integration"}]
    found = answer(moodle_site, "core_course_get_categories",
                   **{"criteria[0][key]": "idnumber", "criteria[0][value]": "prog-int"})
    assert [(c["id"], c["idnumber"], c["parent"]) for c in found] == [(2, "prog-int", 0)]
    again = answer(moodle_site, "core_course_create_categories",
                   **{"categories[0][name]": "Again", "categories[0][idnumber]": "prog-int"})
    assert again == {"exception": "core\\exception\\moodle_exception", "errorcode": "categoryidnumbertaken",
                     "message": "ID number is already used for another category"}


def test_course_without_numsections_has_only_general(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site)
    sections = answer(moodle_site, "core_course_get_contents", courseid=courseid)
    assert [(s["section"], s["name"]) for s in sections] == [(0, "General")]


def test_numsections_and_section_names(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site, **{"courses[0][numsections]": 3})
    sections = answer(moodle_site, "core_course_get_contents", courseid=courseid)
    assert [(s["section"], s["name"]) for s in sections] == [
        (0, "General"), (1, "New section"), (2, "New section"), (3, "New section")]
    renamed = answer(moodle_site, "core_update_inplace_editable", component="format_topics", itemtype="sectionname",
                     itemid=sections[2]["id"], value="Module 2: Rights")
    assert renamed["value"] == "Module 2: Rights" and renamed["itemid"] == str(sections[2]["id"])
    assert renamed["displayvalue"].endswith(">Module 2: Rights</a>")
    names = [s["name"] for s in answer(moodle_site, "core_course_get_contents", courseid=courseid)]
    assert names == ["General", "New section", "Module 2: Rights", "New section"]


def test_course_idnumber_lookup_shortname_and_idnumber_taken(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site, **{"courses[0][idnumber]": "ic-lv", "courses[0][lang]": "lv"})
    found = answer(moodle_site, "core_course_get_courses_by_field", field="idnumber", value="ic-lv")
    assert [(c["id"], c["idnumber"], c["lang"]) for c in found["courses"]] == [(courseid, "ic-lv", "lv")]
    assert found["warnings"] == []
    assert answer(moodle_site, "core_course_get_courses_by_field", field="idnumber", value="none")["courses"] == []
    same_short = answer(moodle_site, "core_course_create_courses", **{
        "courses[0][fullname]": "X", "courses[0][shortname]": "IC-LV", "courses[0][categoryid]": 1})
    assert same_short["errorcode"] == "shortnametaken"
    same_id = answer(moodle_site, "core_course_create_courses", **{
        "courses[0][fullname]": "X", "courses[0][shortname]": "X", "courses[0][categoryid]": 1,
        "courses[0][idnumber]": "ic-lv"})
    assert same_id["errorcode"] == "courseidnumbertaken"


def test_a_failing_item_rolls_back_the_whole_call(moodle_site: MoodleSite) -> None:
    failed = answer(moodle_site, "core_course_create_courses", **{
        "courses[0][fullname]": "A", "courses[0][shortname]": "A", "courses[0][categoryid]": 1,
        "courses[1][fullname]": "B", "courses[1][shortname]": "A", "courses[1][categoryid]": 1})
    assert failed["errorcode"] == "shortnametaken"
    assert [c.shortname for c in moodle_site.state.courses.values()] == ["moodle"]


def test_unknown_language_is_refused(moodle_site: MoodleSite) -> None:
    refused = answer(moodle_site, "core_course_create_courses", **{
        "courses[0][fullname]": "A", "courses[0][shortname]": "A", "courses[0][categoryid]": 1,
        "courses[0][lang]": "xx"})
    assert refused == {"exception": "core\\exception\\moodle_exception", "errorcode": "errorinvalidparam",
                       "message": 'The param "lang" is invalid.'}


# Users, enrolments, groups, cohorts ---------------------------------------------------------------


def _user(index: int, **extra: object) -> dict[str, object]:
    fields = {"username": f"learner{index}", "password": "Secret-123", "firstname": "Anna", "lastname": f"Ozola{index}",
              "email": f"learner{index}@example.org", "idnumber": f"p-{index}"}
    fields.update(extra)
    return {f"users[{index}][{key}]": item for key, item in fields.items()}


def test_users_created_found_and_duplicates_refused(moodle_site: MoodleSite) -> None:
    made = answer(moodle_site, "core_user_create_users", **_user(0), **_user(1))
    assert [u["username"] for u in made] == ["learner0", "learner1"]
    found = answer(moodle_site, "core_user_get_users_by_field", field="idnumber", **{"values[0]": "p-1",
                                                                                    "values[1]": "p-9"})
    assert [(u["id"], u["email"]) for u in found] == [(made[1]["id"], "learner1@example.org")]
    moodle_site.debugging = True
    again = answer(moodle_site, "core_user_create_users", **_user(0))
    assert again["errorcode"] == "invalidparameter"
    assert again["debuginfo"] == "Username already exists: learner0"


def test_password_policy_errorcode_is_html(moodle_site: MoodleSite) -> None:
    weak = answer(moodle_site, "core_user_create_users", **_user(0, password="short"))
    assert weak["errorcode"] == ("<div>Passwords must be at least 8 characters long.</div>"
                                 "<div>Passwords must have at least 1 digit(s).</div>"
                                 "<div>Passwords must have at least 1 upper case letter(s).</div>"
                                 "<div>Passwords must have at least 1 special character(s) such as as *, -, or #.</div>")
    assert weak["message"] == "error/" + weak["errorcode"]
    fields = {k: v for k, v in _user(0).items() if not k.endswith("[password]")}
    generated = answer(moodle_site, "core_user_create_users", **fields, **{"users[0][createpassword]": 1})
    assert generated[0]["username"] == "learner0"


def test_usernames_must_be_lowercase(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    upper = answer(moodle_site, "core_user_create_users", **_user(0, username="Learner0"))
    assert upper["errorcode"] == "invalidparameter"
    assert '"Learner0", the server was expecting "username" type' in upper["debuginfo"]


def test_enrolment_groups_and_null_answers(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site)
    userid = answer(moodle_site, "core_user_create_users", **_user(0))[0]["id"]
    enrol = call(moodle_site, "enrol_manual_enrol_users", **{
        "enrolments[0][roleid]": 5, "enrolments[0][userid]": userid, "enrolments[0][courseid]": courseid})
    assert enrol.text == "null"
    unknown = answer(moodle_site, "enrol_manual_enrol_users", **{
        "enrolments[0][roleid]": 5, "enrolments[0][userid]": 999, "enrolments[0][courseid]": courseid})
    assert unknown == {"exception": "dml_missing_record_exception", "errorcode": "invaliduser",
                       "message": "Invalid user"}
    group = answer(moodle_site, "core_group_create_groups", **{
        "groups[0][courseid]": courseid, "groups[0][name]": "Riga, March", "groups[0][description]": "",
        "groups[0][idnumber]": "g-1"})[0]
    assert (group["courseid"], group["name"], group["idnumber"]) == (courseid, "Riga, March", "g-1")
    added = call(moodle_site, "core_group_add_group_members",
                 **{"members[0][groupid]": group["id"], "members[0][userid]": userid})
    assert added.text == "null"
    members = answer(moodle_site, "core_group_get_group_members", **{"groupids[0]": group["id"]})
    assert members == [{"groupid": group["id"], "userids": [userid]}]
    enrolled = answer(moodle_site, "core_enrol_get_enrolled_users", courseid=courseid)
    assert [(u["id"], [r["shortname"] for r in u["roles"]], [g["name"] for g in u["groups"]]) for u in enrolled] == [
        (userid, ["student"], ["Riga, March"])]


def test_cohorts_with_members_by_idnumber_and_username(moodle_site: MoodleSite) -> None:
    answer(moodle_site, "core_user_create_users", **_user(0))
    cohort = answer(moodle_site, "core_cohort_create_cohorts", **{
        "cohorts[0][categorytype][type]": "system", "cohorts[0][categorytype][value]": "",
        "cohorts[0][name]": "Teachers", "cohorts[0][idnumber]": "tg-teachers"})[0]
    assert cohort["visible"] is True and cohort["idnumber"] == "tg-teachers"
    result = answer(moodle_site, "core_cohort_add_cohort_members", **{
        "members[0][cohorttype][type]": "idnumber", "members[0][cohorttype][value]": "tg-teachers",
        "members[0][usertype][type]": "username", "members[0][usertype][value]": "learner0"})
    assert result == {"warnings": []}
    members = answer(moodle_site, "core_cohort_get_cohort_members", **{"cohortids[0]": cohort["id"]})
    assert members == [{"cohortid": cohort["id"], "userids": [3]}]


# Knobs ---------------------------------------------------------------------------------------------


def test_call_log_classifies_and_counts_and_keeps_no_token(moodle_site: MoodleSite) -> None:
    answer(moodle_site, "core_webservice_get_site_info")
    answer(moodle_site, "core_user_create_users", **_user(0), **_user(1), **_user(2))
    assert moodle_site.calls() == ["core_webservice_get_site_info", "core_user_create_users"]
    assert moodle_site.write_calls() == ["core_user_create_users"]
    assert [c.items for c in moodle_site.call_log] == [0, 3]
    assert all(moodle_site.token not in json.dumps(c.params) for c in moodle_site.call_log)
    bodies = [r.body.decode() for r in moodle_site.requests]
    assert all(f"wstoken={moodle_site.token}" in body for body in bodies)
    moodle_site.reset_log()
    assert moodle_site.calls() == [] and moodle_site.requests == []


def test_failing_function_recovers(moodle_site: MoodleSite) -> None:
    moodle_site.fail_function("core_webservice_get_site_info", status=503, times=2)
    statuses = [call(moodle_site, "core_webservice_get_site_info").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert [c.outcome for c in moodle_site.call_log] == ["http 503", "http 503", "ok"]
    moodle_site.fail_function("core_webservice_get_site_info", times=5)
    moodle_site.fail_function("core_webservice_get_site_info", times=0)
    assert call(moodle_site, "core_webservice_get_site_info").status_code == 200


def test_dropped_connection(moodle_site: MoodleSite) -> None:
    moodle_site.drop_connection("core_webservice_get_site_info", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        call(moodle_site, "core_webservice_get_site_info")
    assert call(moodle_site, "core_webservice_get_site_info").status_code == 200


def test_drop_after_execution_still_writes(moodle_site: MoodleSite) -> None:
    moodle_site.drop_connection("core_course_create_courses", after_execution=True)
    with pytest.raises(httpx.RemoteProtocolError):
        make_course(moodle_site)
    assert [c.shortname for c in moodle_site.state.courses.values()] == ["moodle", "IC-LV"]


def test_slow_function_times_out_the_client(moodle_site: MoodleSite) -> None:
    moodle_site.slow_function("core_webservice_get_site_info", 0.5)
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(moodle_site.url + REST, timeout=0.1, data={
            "wstoken": moodle_site.token, "wsfunction": "core_webservice_get_site_info", "moodlewsrestformat": "json"})


def test_upload_gives_a_draft_itemid(moodle_site: MoodleSite) -> None:
    response = HTTP.post(moodle_site.url + "/webservice/upload.php",
                          data={"token": moodle_site.token, "filearea": "draft", "itemid": "0"},
                          files={"file_1": ("course.mbz", b"backup bytes", "application/octet-stream")})
    uploaded = response.json()
    assert [(f["filename"], f["filearea"]) for f in uploaded] == [("course.mbz", "draft")]
    assert moodle_site.state.draft_files[0].content == b"backup bytes"
    assert moodle_site.state.draft_files[0].itemid == uploaded[0]["itemid"]


def test_runs_outside_pytest_and_frees_its_port() -> None:
    with running_moodle_site() as site:
        port = int(site.url.rsplit(":", 1)[1])
        assert httpx.get(site.url + "/nothing").status_code == 404
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


# Progress read back ----------------------------------------------------------------------------


def test_completion_scorm_and_attendance_progress(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site, **{"courses[0][numsections]": 2, "courses[0][enablecompletion]": 1})
    userid = answer(moodle_site, "core_user_create_users", **_user(0))[0]["id"]
    answer(moodle_site, "enrol_manual_enrol_users", **{
        "enrolments[0][roleid]": 5, "enrolments[0][userid]": userid, "enrolments[0][courseid]": courseid})
    cmids = moodle_site.seed_course_content(courseid)
    moodle_site.set_activity_completion(courseid, userid, cmids["scorm"], 2)
    statuses = answer(moodle_site, "core_completion_get_activities_completion_status", courseid=courseid,
                      userid=userid)["statuses"]
    assert [(s["cmid"], s["modname"], s["state"]) for s in statuses] == [
        (cmids["scorm"], "scorm", 2), (cmids["quiz"], "quiz", 0)]
    course_status = answer(moodle_site, "core_completion_get_course_completion_status", courseid=courseid,
                           userid=userid)
    assert course_status["completionstatus"]["completed"] is False
    moodle_site.set_activity_completion(courseid, userid, cmids["quiz"], 1)
    assert answer(moodle_site, "core_completion_get_course_completion_status", courseid=courseid,
                  userid=userid)["completionstatus"]["completed"] is True

    moodle_site.set_scorm_score(cmids["scorm"], userid, 85)
    scorm = answer(moodle_site, "mod_scorm_get_scorms_by_courses", **{"courseids[0]": courseid})["scorms"][0]
    assert scorm["coursemodule"] == cmids["scorm"]
    count = answer(moodle_site, "mod_scorm_get_scorm_attempt_count", scormid=scorm["id"], userid=userid)
    assert count["attemptscount"] == 1
    scoes = answer(moodle_site, "mod_scorm_get_scorm_scoes", scormid=scorm["id"])["scoes"]
    assert [(s["identifier"], s["scormtype"]) for s in scoes] == [
        ("course_organization", ""), ("ITEM-1", "sco"), ("ITEM-2", "sco"), ("ITEM-CHECK", "sco")]
    tracks = answer(moodle_site, "mod_scorm_get_scorm_sco_tracks", scoid=scoes[-1]["id"], userid=userid)
    assert {"element": "cmi.core.score.raw", "value": "85"} in tracks["data"]["tracks"]
    assert {"element": "score_raw", "value": 85.0} in tracks["data"]["tracks"]
    untouched = answer(moodle_site, "mod_scorm_get_scorm_sco_tracks", scoid=scoes[1]["id"], userid=userid)
    assert untouched["data"]["tracks"] == [] and untouched["warnings"][0]["warningcode"] == "notattempted"

    attendanceid = answer(moodle_site, "mod_attendance_add_attendance", courseid=courseid, name="Attendance",
                          intro="", groupmode=0)["attendanceid"]
    sessionid = answer(moodle_site, "mod_attendance_add_session", attendanceid=attendanceid, description="Day 1",
                       sessiontime=1767600000, duration=3600, groupid=0, addcalendarevent=0)["sessionid"]
    moodle_site.set_attendance_status(sessionid, userid, "L")
    session = answer(moodle_site, "mod_attendance_get_session", sessionid=sessionid)
    acronyms = {s["id"]: s["acronym"] for s in session["statuses"]}
    assert list(acronyms.values()) == ["P", "L", "E", "A"]
    # mod_attendance declares the log's statusid as PARAM_TEXT: it arrives as a string.
    assert [(log["studentid"], acronyms[int(log["statusid"])]) for log in session["attendance_log"]] == [(userid, "L")]
    assert isinstance(session["attendance_log"][0]["statusid"], str)
    assert min(acronyms) == 5  # the site's default status set holds ids 1-4
    present = next(i for i, a in acronyms.items() if a == "P")
    marked = call(moodle_site, "mod_attendance_update_user_status", sessionid=sessionid, studentid=userid,
                  takenbyid=2, statusid=present, statusset=0)
    assert marked.text == "null"
    sessions = answer(moodle_site, "mod_attendance_get_sessions", attendanceid=attendanceid)
    assert [acronyms[int(log["statusid"])] for log in sessions[0]["attendance_log"]] == ["P"]


def test_duplicate_course_copies_sections_and_activities(moodle_site: MoodleSite) -> None:
    template = make_course(moodle_site, **{"courses[0][numsections]": 1})
    cmids = moodle_site.seed_course_content(template)
    copy = answer(moodle_site, "core_course_duplicate_course", courseid=template, fullname="Copy", shortname="COPY",
                  categoryid=1)
    contents = answer(moodle_site, "core_course_get_contents", courseid=copy["id"])
    modules = [(m["modname"], m["id"]) for s in contents for m in s["modules"]]
    assert [name for name, _ in modules] == ["scorm", "quiz"]
    assert not {cmid for _, cmid in modules} & set(cmids.values())


# More of Moodle's behaviour ------------------------------------------------------------------------


def test_successful_answer_without_json_format_is_moodle_xml(moodle_site: MoodleSite) -> None:
    response = call(moodle_site, "core_course_create_categories", as_json=False,
                    **{"categories[0][name]": "Integration"})
    root = etree.fromstring(response.content)
    assert root.tag == "RESPONSE"
    keys = {key.get("name"): key.findtext("VALUE") for key in root.iter("KEY")}
    assert keys == {"id": "2", "name": "Integration"}


def test_update_courses_reports_problems_as_warnings_and_adds_sections(moodle_site: MoodleSite) -> None:
    first = make_course(moodle_site)
    second = make_course(moodle_site, **{"courses[0][shortname]": "IC-LT"})
    result = answer(moodle_site, "core_course_update_courses", **{
        "courses[0][id]": first, "courses[0][fullname]": "Renamed", "courses[0][numsections]": 2,
        "courses[1][id]": second, "courses[1][shortname]": "IC-LV"})
    assert result == {"warnings": [{"item": "course", "itemid": second, "warningcode": "shortnametaken",
                                    "message": "Short name is already used for another course (IC-LV)"}]}
    assert moodle_site.state.courses[first].fullname == "Renamed"
    assert [s.section for s in moodle_site.state.course_sections(first)] == [0, 1, 2]
    assert moodle_site.state.courses[second].shortname == "IC-LT"


def test_course_in_a_missing_category(moodle_site: MoodleSite) -> None:
    refused = answer(moodle_site, "core_course_create_courses", **{
        "courses[0][fullname]": "A", "courses[0][shortname]": "A", "courses[0][categoryid]": 99})
    assert refused["errorcode"] == "errorcatcontextnotvalid"
    assert "category id:99" in refused["message"]


def test_user_checks_in_moodles_order(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    answer(moodle_site, "core_user_create_users", **_user(0))
    cases = {
        "Invalid language code: xx": _user(1, lang="xx"),
        "Email address already exists: learner0@example.org": _user(1, email="learner0@example.org"),
        "Email address is invalid: nobody": _user(1, email="nobody"),
        "Invalid password: you must provide a password, or set createpassword.": _user(1, password=""),
        "Invalid authentication type: magic": _user(1, auth="magic"),
    }
    for debuginfo, fields in cases.items():
        refused = answer(moodle_site, "core_user_create_users", **fields)
        assert (refused["errorcode"], refused.get("debuginfo")) == ("invalidparameter", debuginfo)
    assert len(moodle_site.state.users) == 3


def test_users_by_unknown_field_is_a_coding_error(moodle_site: MoodleSite) -> None:
    refused = answer(moodle_site, "core_user_get_users_by_field", field="city", **{"values[0]": "Riga"})
    assert refused["exception"] == "coding_exception" and refused["errorcode"] == "codingerror"


def test_users_by_email_are_matched_exactly(moodle_site: MoodleSite) -> None:
    answer(moodle_site, "core_user_create_users", **_user(0))
    assert answer(moodle_site, "core_user_get_users_by_field", field="email",
                  **{"values[0]": "LEARNER0@example.org"}) == []
    assert len(answer(moodle_site, "core_user_get_users_by_field", field="email",
                      **{"values[0]": "learner0@example.org"})) == 1


def test_cohort_member_twice_is_warning_3_and_bad_category_type_is_refused(moodle_site: MoodleSite) -> None:
    answer(moodle_site, "core_user_create_users", **_user(0))
    answer(moodle_site, "core_cohort_create_cohorts", **{
        "cohorts[0][categorytype][type]": "system", "cohorts[0][categorytype][value]": "",
        "cohorts[0][name]": "Teachers", "cohorts[0][idnumber]": "tg-teachers"})
    member = {"members[0][cohorttype][type]": "idnumber", "members[0][cohorttype][value]": "tg-teachers",
              "members[0][usertype][type]": "username", "members[0][usertype][value]": "learner0",
              "members[1][cohorttype][type]": "idnumber", "members[1][cohorttype][value]": "nope",
              "members[1][usertype][type]": "username", "members[1][usertype][value]": "learner0"}
    assert answer(moodle_site, "core_cohort_add_cohort_members", **member)["warnings"] == [
        {"warningcode": "2", "message": "cohort idnumber=nope not exists"}]
    warnings = answer(moodle_site, "core_cohort_add_cohort_members", **member)["warnings"]
    assert [w["warningcode"] for w in warnings] == ["3", "2"]
    moodle_site.debugging = True
    refused = answer(moodle_site, "core_cohort_create_cohorts", **{
        "cohorts[0][categorytype][type]": "galaxy", "cohorts[0][categorytype][value]": "",
        "cohorts[0][name]": "X", "cohorts[0][idnumber]": "x"})
    assert refused["debuginfo"] == "category type must be id, idnumber or system:galaxy"
    twice = answer(moodle_site, "core_cohort_create_cohorts", **{
        "cohorts[0][categorytype][type]": "system", "cohorts[0][categorytype][value]": "",
        "cohorts[0][name]": "Again", "cohorts[0][idnumber]": "tg-teachers"})
    assert twice["debuginfo"] == "record already exists: idnumber=tg-teachers"


def test_group_names_are_unique_per_course_and_members_must_be_enrolled(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    courseid = make_course(moodle_site)
    group = {"groups[0][courseid]": courseid, "groups[0][name]": "Riga", "groups[0][description]": ""}
    groupid = answer(moodle_site, "core_group_create_groups", **group)[0]["id"]
    assert answer(moodle_site, "core_group_create_groups", **group)["debuginfo"] == (
        "Group with the same name already exists in the course")
    userid = answer(moodle_site, "core_user_create_users", **_user(0))[0]["id"]
    outsider = answer(moodle_site, "core_group_add_group_members",
                      **{"members[0][groupid]": groupid, "members[0][userid]": userid})
    assert outsider["debuginfo"] == "Only enrolled users may be members of groups"


def test_course_completion_needs_a_tracked_user_and_criteria(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site, **{"courses[0][enablecompletion]": 1})
    userid = answer(moodle_site, "core_user_create_users", **_user(0))[0]["id"]
    params = {"courseid": courseid, "userid": userid}
    assert answer(moodle_site, "core_completion_get_course_completion_status", **params)["errorcode"] == (
        "usernotenroled")
    answer(moodle_site, "enrol_manual_enrol_users", **{
        "enrolments[0][roleid]": 5, "enrolments[0][userid]": userid, "enrolments[0][courseid]": courseid})
    assert answer(moodle_site, "core_completion_get_course_completion_status", **params)["errorcode"] == (
        "nocriteriaset")


def test_attendance_group_modes_and_statuses(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    courseid = make_course(moodle_site)
    separate = answer(moodle_site, "mod_attendance_add_attendance", courseid=courseid, name="A", groupmode=1)
    refused = answer(moodle_site, "mod_attendance_add_session", attendanceid=separate["attendanceid"],
                     sessiontime=1767600000)
    assert refused["debuginfo"] == "Group id is not specified (or 0) in separate groups mode."
    missing = answer(moodle_site, "mod_attendance_add_session", attendanceid=999, sessiontime=1767600000)
    assert (missing["errorcode"], missing["message"]) == ("invalidrecordunknown", "Can't find data record in database.")
    plain = answer(moodle_site, "mod_attendance_add_attendance", courseid=courseid, name="B")["attendanceid"]
    sessionid = answer(moodle_site, "mod_attendance_add_session", attendanceid=plain,
                       sessiontime=1767600000)["sessionid"]
    wrong = answer(moodle_site, "mod_attendance_update_user_status", sessionid=sessionid, studentid=2, takenbyid=2,
                   statusid=1, statusset=0)
    assert wrong["debuginfo"] == "Invalid status"
    contents = answer(moodle_site, "core_course_get_contents", courseid=courseid)
    assert [m["modname"] for m in contents[0]["modules"]] == ["attendance", "attendance"]


def test_duplicating_an_unknown_course(moodle_site: MoodleSite) -> None:
    refused = answer(moodle_site, "core_course_duplicate_course", courseid=99, fullname="X", shortname="X",
                     categoryid=1)
    assert (refused["errorcode"], refused["message"]) == ("invalidcourseid", "You are trying to use an invalid course ID")


def test_fail_after_execution_loses_the_answer_but_keeps_the_write(moodle_site: MoodleSite) -> None:
    moodle_site.fail_function("core_course_create_categories", status=502, after_execution=True)
    lost = call(moodle_site, "core_course_create_categories", **{"categories[0][name]": "Integration"})
    assert lost.status_code == 502
    assert [c.name for c in moodle_site.state.categories.values()] == ["Category 1", "Integration"]
    assert moodle_site.call_log[-1].outcome == "http 502"


def test_upload_with_a_wrong_token(moodle_site: MoodleSite) -> None:
    response = HTTP.post(moodle_site.url + "/webservice/upload.php", data={"token": "nope"},
                          files={"file_1": ("a.txt", b"x", "text/plain")})
    assert response.json()["errorcode"] == "invalidtoken"
    assert moodle_site.state.draft_files == []


def test_the_site_writes_nothing_to_the_terminal(moodle_site: MoodleSite, capfd: pytest.CaptureFixture[str]) -> None:
    call(moodle_site, "core_webservice_get_site_info")
    call(moodle_site, "core_webservice_get_site_info", token="0" * 32)
    call(moodle_site, "no_such_function")
    HTTP.get(moodle_site.url + "/missing")
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
    assert moodle_site.token not in repr(moodle_site.call_log) and moodle_site.token not in repr(moodle_site)


def test_a_missing_capability_is_nopermissions_or_a_warning(moodle_site: MoodleSite) -> None:
    moodle_site.debugging = True
    courseid = make_course(moodle_site)
    moodle_site.deny_capability("moodle/course:create")
    moodle_site.deny_capability("moodle/course:update")
    refused = answer(moodle_site, "core_course_create_courses", **{
        "courses[0][fullname]": "B", "courses[0][shortname]": "B", "courses[0][categoryid]": 1})
    assert refused == {"exception": "core\\exception\\required_capability_exception", "errorcode": "nopermissions",
                       "message": "Sorry, but you do not currently have permissions to do that (Create courses).",
                       "debuginfo": "moodle/course:create"}
    updated = answer(moodle_site, "core_course_update_courses", **{"courses[0][id]": courseid,
                                                                   "courses[0][fullname]": "New"})
    assert [w["warningcode"] for w in updated["warnings"]] == ["nopermissions"]
    assert moodle_site.state.courses[courseid].fullname == "Intercultural communication"
    other = moodle_site.add_token()
    moodle_site.deny_capability("moodle/user:create", userid=3)
    assert answer(moodle_site, "core_user_create_users", token=other, **_user(0))[0]["username"] == "learner0"


def test_latency_slows_every_answer(moodle_site: MoodleSite) -> None:
    moodle_site.latency = 0.2
    started = time.perf_counter()
    call(moodle_site, "core_webservice_get_site_info")
    assert time.perf_counter() - started >= 0.2


def test_courses_by_field_lists_the_site_course_and_warns_on_missing_ids(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site)
    everything = answer(moodle_site, "core_course_get_courses_by_field")
    assert [c["id"] for c in everything["courses"]] == [1, courseid]
    some = answer(moodle_site, "core_course_get_courses_by_field", field="ids", value=f"{courseid},77")
    assert [c["id"] for c in some["courses"]] == [courseid]
    assert some["warnings"] == [{"item": "course", "itemid": 77, "warningcode": "1",
                                 "message": "No access rights in course context"}]
    assert answer(moodle_site, "core_course_get_courses_by_field", field="colour", value="x")["errorcode"] == (
        "invalidparameter")


def test_parallel_writes_get_distinct_ids(moodle_site: MoodleSite) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def create(index: int) -> int:
        with httpx.Client(trust_env=False, timeout=10) as client:
            response = client.post(moodle_site.url + REST, data={
                "wstoken": moodle_site.token, "wsfunction": "core_course_create_categories",
                "moodlewsrestformat": "json", "categories[0][name]": f"C{index}"})
            return response.json()[0]["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(24)))
    assert sorted(ids) == list(range(2, 26))


def test_update_users_answers_null_and_skips_unknown_users(moodle_site: MoodleSite) -> None:
    userid = answer(moodle_site, "core_user_create_users", **_user(0))[0]["id"]
    response = call(moodle_site, "core_user_update_users", **{
        "users[0][id]": userid, "users[0][firstname]": "Anete", "users[1][id]": 999, "users[1][firstname]": "X"})
    assert response.text == "null"
    assert moodle_site.state.users[userid].firstname == "Anete"


def test_rest_parameters_may_arrive_as_multipart(moodle_site: MoodleSite) -> None:
    response = HTTP.post(moodle_site.url + REST, files={"courseid": (None, "1")}, data={
        "wstoken": moodle_site.token, "wsfunction": "core_course_get_contents", "moodlewsrestformat": "json"})
    assert [s["section"] for s in response.json()] == [0, 1]


def test_section_names_need_the_courses_format_and_an_existing_section(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site, **{"courses[0][numsections]": 1, "courses[0][format]": "weeks"})
    sectionid = moodle_site.state.course_sections(courseid)[1].id
    edit = {"itemtype": "sectionname", "itemid": sectionid, "value": "<b>Rights</b>"}
    wrong_format = answer(moodle_site, "core_update_inplace_editable", component="format_topics", **edit)
    assert (wrong_format["errorcode"], wrong_format["message"]) == (
        "invalidrecordunknown", "Can't find data record in database.")
    renamed = answer(moodle_site, "core_update_inplace_editable", component="format_weeks", **edit)
    assert renamed["value"] == "Rights"
    missing = answer(moodle_site, "core_update_inplace_editable", component="format_weeks",
                     **{**edit, "itemid": 999})
    assert missing["errorcode"] == "invalidrecordunknown"


def test_categories_with_subcategories_sorted_like_moodle(moodle_site: MoodleSite) -> None:
    top = answer(moodle_site, "core_course_create_categories", **{
        "categories[0][name]": "Integration", "categories[0][idnumber]": "prog"})[0]["id"]
    answer(moodle_site, "core_course_create_categories", **{
        "categories[0][name]": "Latvian", "categories[0][parent]": top, "categories[0][idnumber]": "prog-lv"})
    found = answer(moodle_site, "core_course_get_categories",
                   **{"criteria[0][key]": "idnumber", "criteria[0][value]": "prog"})
    assert [(c["idnumber"], c["depth"], c["path"]) for c in found] == [("prog", 1, f"/{top}"),
                                                                      ("prog-lv", 2, f"/{top}/{top + 1}")]
    only = answer(moodle_site, "core_course_get_categories", addsubcategories=0,
                  **{"criteria[0][key]": "idnumber", "criteria[0][value]": "prog"})
    assert [c["idnumber"] for c in only] == ["prog"]
    refused = answer(moodle_site, "core_course_get_categories",
                     **{"criteria[0][key]": "colour", "criteria[0][value]": "red"})
    assert refused["errorcode"] == "criteriaerror"
    orphan = answer(moodle_site, "core_course_create_categories",
                    **{"categories[0][name]": "X", "categories[0][parent]": 99})
    assert (orphan["errorcode"], orphan["message"]) == ("unknowcategory", "Unknown category")


def test_enrolled_users_options(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site)
    made = answer(moodle_site, "core_user_create_users", **_user(0), **_user(1), **_user(2))
    ids = [u["id"] for u in made]
    enrol = {}
    for index, userid in enumerate(ids):
        enrol.update({f"enrolments[{index}][roleid]": 5, f"enrolments[{index}][userid]": userid,
                      f"enrolments[{index}][courseid]": courseid})
    enrol["enrolments[2][suspend]"] = 1
    answer(moodle_site, "enrol_manual_enrol_users", **enrol)
    active = answer(moodle_site, "core_enrol_get_enrolled_users", courseid=courseid,
                    **{"options[0][name]": "onlyactive", "options[0][value]": 1})
    assert [u["id"] for u in active] == ids[:2]
    page = answer(moodle_site, "core_enrol_get_enrolled_users", courseid=courseid, **{
        "options[0][name]": "limitfrom", "options[0][value]": 1, "options[1][name]": "limitnumber",
        "options[1][value]": 1, "options[2][name]": "userfields", "options[2][value]": "idnumber"})
    assert page == [{"id": ids[1], "idnumber": "p-1"}]


def test_contents_options(moodle_site: MoodleSite) -> None:
    courseid = make_course(moodle_site, **{"courses[0][numsections]": 2})
    moodle_site.seed_course_content(courseid)
    one = answer(moodle_site, "core_course_get_contents", courseid=courseid,
                 **{"options[0][name]": "sectionnumber", "options[0][value]": 1})
    assert [(s["section"], [m["modname"] for m in s["modules"]]) for s in one] == [(1, ["scorm"])]
    bare = answer(moodle_site, "core_course_get_contents", courseid=courseid,
                  **{"options[0][name]": "excludemodules", "options[0][value]": 1})
    assert [s["modules"] for s in bare] == [[], [], []]
