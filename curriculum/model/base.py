"""The common base of every content type: immutable, and strict about keys.

Unknown keys are errors (a typo such as ``minuts:`` must never be ignored).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# A stable identifier written by authors: lower case letters, digits and dashes.
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=80),
]


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
