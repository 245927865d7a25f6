"""webservice/upload.php: files into the token user's draft area, answered as Moodle does."""

from __future__ import annotations

from typing import Any

from ._state import DraftFile, SiteState


def upload_error(message: str, errorcode: str) -> dict[str, Any]:
    """What upload.php (an AJAX script) prints for an exception when the site is not in developer debugging."""
    return {"error": message, "errorcode": errorcode, "stacktrace": None, "debuginfo": None, "reproductionlink": None}


def store_upload(state: SiteState, userid: int, fields: dict[str, str], files: list[tuple[str, str, bytes]]
                 ) -> tuple[str, Any]:
    """(outcome, answer): the stored files' records, or upload.php's error object."""
    if fields.get("filearea", "draft") != "draft":
        return "invalidparameter", upload_error("Invalid parameter value detected", "invalidparameter")
    itemid = int(fields.get("itemid") or 0) or 100_000_000 + state.next_id("draft_itemid")
    filepath = fields.get("filepath", "/") or "/"
    answer = []
    for _field, filename, content in files:
        state.draft_files.append(DraftFile(itemid, filename, filepath, len(content), content, userid))
        answer.append({"component": "user", "contextid": 5, "userid": str(userid), "filearea": "draft",
                       "filename": filename, "filepath": filepath, "itemid": itemid, "license": "unknown",
                       "author": state.users[userid].fullname, "source": ""})
    return "ok", answer
