"""A reproducible zip: the same files give the same bytes, every time, everywhere.

Fixed timestamps and permissions, the manifest first and every other entry in
sorted order, forward slashes, no directory entries, and no name that could
leave the folder it is unpacked into.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

from ._errors import ScormExportError

MANIFEST = "imsmanifest.xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_UNSAFE = re.compile(r"[\x00-\x1f\\:*?\"<>|]")


def check_member_name(name: str) -> str:
    """``name`` if it is a safe relative path inside the package, else ScormExportError."""
    parts = name.split("/")
    if not name or name.startswith("/") or _UNSAFE.search(name) or any(part in ("", ".", "..") for part in parts):
        raise ScormExportError(f"'{name}' is not a safe file name inside a package")
    return name


def reproducible_zip(files: Mapping[str, bytes]) -> bytes:
    if MANIFEST not in files:
        raise ScormExportError("a SCORM package needs imsmanifest.xml at its root")
    names = [MANIFEST, *sorted(name for name in files if name != MANIFEST)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(check_member_name(name), date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()
