"""curriculum: course cycles for integration and anti-discrimination training.

The public surface: load content into the model, validate it, and work with
the records store. Implementation lives in the subpackages.
"""

from .content import LoadResult, Problem, bundled_content_root, load_all, load_programme
from .errors import ContentError, CurriculumError, DatabaseError, NotAProgrammeError
from .model import LocalisedText, Module, Programme

__all__ = [
    "ContentError",
    "CurriculumError",
    "DatabaseError",
    "LoadResult",
    "LocalisedText",
    "Module",
    "NotAProgrammeError",
    "Problem",
    "Programme",
    "bundled_content_root",
    "load_all",
    "load_programme",
]
