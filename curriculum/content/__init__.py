"""Loading and validating content folders into the model."""

from .loader import (
    LIBRARY_FOLDER,
    PROGRAMME_FILE,
    Library,
    LoadResult,
    bundled_content_root,
    content_hash,
    discover_programmes,
    find_programme_folder,
    is_programme_folder,
    load_all,
    load_library,
    load_programme,
    load_valid_programme,
    validate_library,
)
from .problems import Problem

__all__ = [
    "LIBRARY_FOLDER",
    "PROGRAMME_FILE",
    "Library",
    "LoadResult",
    "Problem",
    "bundled_content_root",
    "content_hash",
    "discover_programmes",
    "find_programme_folder",
    "is_programme_folder",
    "load_all",
    "load_library",
    "load_programme",
    "load_valid_programme",
    "validate_library",
]
