"""A local, stateful Moodle 4.5.6 for tests: real HTTP on 127.0.0.1, answers as /work/shared/moodle/README.md.

    with running_moodle_site() as site:
        httpx.post(site.url + "/webservice/rest/server.php", data={"wstoken": site.token, ...})

In pytest use the `moodle_site` fixture (tests/moodle_site/fixtures.py).
"""

from ._log import Call, Received
from .site import MoodleSite, running_moodle_site

__all__ = ["Call", "MoodleSite", "Received", "running_moodle_site"]
