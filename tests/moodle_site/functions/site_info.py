"""core_webservice_get_site_info: who the token is and which functions it may call."""

from __future__ import annotations

from typing import Any

from .._registry import SITE_RELEASE, SITE_VERSION, Context, external
from .._spec import many, value


@external("core_webservice_get_site_info", {"serviceshortnames": many(value("alpha"), [])}, write=False)
def get_site_info(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    user = context.user
    functions = [{"name": f.name, "version": f.version} for f in context.settings["token_functions"]]
    return {
        "sitename": context.settings["sitename"],
        "username": user.username,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "fullname": user.fullname,
        "lang": user.lang,
        "userid": user.id,
        "siteurl": context.url,
        "userpictureurl": f"{context.url}/theme/image.php/boost/core/1/u/f1",
        "functions": functions,
        "downloadfiles": 1,
        "uploadfiles": 1,
        "release": SITE_RELEASE,
        "version": SITE_VERSION,
        "mobilecssurl": "",
        "advancedfeatures": [{"name": "usecomments", "value": 1}, {"name": "usetags", "value": 1},
                             {"name": "enablenotes", "value": 1}, {"name": "messaging", "value": 1},
                             {"name": "enableblogs", "value": 1}, {"name": "enablecompletion", "value": 1},
                             {"name": "enablebadges", "value": 1}, {"name": "mnet_dispatcher_mode", "value": 0}],
        "usercanmanageownfiles": True,
        "userquota": 104857600,
        "usermaxuploadfilesize": 104857600,
        "userhomepage": 1,
        "userprivateaccesskey": "",
        "siteid": 1,
        "sitecalendartype": "gregorian",
        "usercalendartype": "gregorian",
        "userissiteadmin": user.siteadmin,
        "theme": "boost",
        "limitconcurrentlogins": 0,
        "policyagreed": 1,
    }
