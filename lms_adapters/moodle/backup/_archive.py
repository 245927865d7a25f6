"""A tar.gz like the .mbz files Moodle writes, reproducible: the same files give the
same bytes (sorted entries, fixed times and owners, gzip without a name or time)."""

from __future__ import annotations

import gzip
import io
import tarfile
from collections.abc import Mapping

from .._common import MoodleExportError

FIXED_MTIME = 0
FIRST = "moodle_backup.xml"


def _info(name: str, size: int, directory: bool) -> tarfile.TarInfo:
    if len(name) > 99:
        raise MoodleExportError(f"'{name}' is too long a name for a backup entry")
    info = tarfile.TarInfo(name)
    info.mtime = FIXED_MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if directory:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
    else:
        info.size = size
        info.mode = 0o644
    return info


def reproducible_tgz(files: Mapping[str, bytes]) -> bytes:
    """moodle_backup.xml first (what a restore reads before anything else), then
    every folder and file in sorted order, each folder before what it holds."""
    folders = {"/".join(name.split("/")[:depth]) for name in files for depth in range(1, name.count("/") + 1)}
    entries = sorted([(folder + "/", None) for folder in folders] + [(name, data) for name, data in files.items()])
    entries.sort(key=lambda entry: entry[0] != FIRST)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for name, data in entries:
            if data is None:
                archive.addfile(_info(name.rstrip("/"), 0, True))
            else:
                archive.addfile(_info(name, len(data), False), io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=6) as stream:
        stream.write(raw.getvalue())
    return packed.getvalue()
