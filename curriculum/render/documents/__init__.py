"""The trainer's methodological guide and the participant handbook.

Per course and language: a print-ready PDF (A4, contents with page numbers,
bookmarks, tagged for screen readers) and an offline HTML site with one page
per module. Templates and stylesheets come from
``curriculum/templates/documents/``; a programme may override them in its
own ``templates/`` folder (docs/printing.md).
"""

from .build import (
    FORMATS,
    BuiltFile,
    DocumentBuilder,
    DocumentError,
    Format,
    LanguageNotOfferedError,
    UnknownCourseError,
    document_file_name,
)
from .labels import Labels
from .pdf import PdfWriter, new_font_configuration
from .templates import TemplateOverrideError
from .views import KINDS, DocumentView, Kind, build_view

__all__ = [
    "FORMATS",
    "KINDS",
    "BuiltFile",
    "DocumentBuilder",
    "DocumentError",
    "DocumentView",
    "Format",
    "Kind",
    "Labels",
    "LanguageNotOfferedError",
    "PdfWriter",
    "TemplateOverrideError",
    "UnknownCourseError",
    "build_view",
    "document_file_name",
    "new_font_configuration",
]
