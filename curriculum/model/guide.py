"""The methodological guide for trainers: ordered chapters of prose."""

from __future__ import annotations

from .base import ContentModel, Slug
from .text import EMPTY_TEXT, LocalisedText


class GuideChapter(ContentModel):
    """A chapter; its body is Markdown in ``guide/<id>.<lang>.md``."""

    id: Slug
    title: LocalisedText
    body: LocalisedText = EMPTY_TEXT


class Guide(ContentModel):
    title: LocalisedText = EMPTY_TEXT
    chapters: tuple[GuideChapter, ...] = ()
