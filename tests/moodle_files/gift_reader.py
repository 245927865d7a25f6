"""A reader for GIFT following the rules of Moodle's importer (question/format/gift/format.php):
escaped characters become placeholders before anything is split, and characters
again afterwards. It reads back what the export writes, so a test can compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDERS = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;", "\\~": "&&126;", "\\n": "&&010;"}
_BACK = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~", "&&010;": "\n"}


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, char in _BACK.items():
        text = text.replace(placeholder, char)
    return text.strip()


@dataclass
class GiftQuestion:
    category: str
    name: str
    format: str
    text: str
    qtype: str
    answers: list[tuple[str, float, str]]  # (text, fraction, feedback)
    single: bool = True


def _answer(part: str) -> tuple[str, float | None, str]:
    weight = None
    match = re.match(r"^%(-?[0-9.]+)%", part)
    if match:
        weight = float(match.group(1))
        part = part[match.end():]
    text, _, feedback = part.partition("#")
    return _post(text), weight, _post(feedback)


def read_gift(data: bytes) -> list[GiftQuestion]:
    category = ""
    questions = []
    lines = [line for line in data.decode("utf-8").split("\n") if not line.lstrip().startswith("//")]
    for block in "\n".join(lines).split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block.removeprefix("$CATEGORY:").strip()
            continue
        text = _pre(block)
        match = re.match(r"^::(.*?)::(.*)$", text, flags=re.DOTALL)
        assert match, block
        name, rest = match.group(1), match.group(2)
        format_match = re.match(r"^\[(\w+)\]", rest)
        format = format_match.group(1) if format_match else "moodle"
        rest = rest[format_match.end():] if format_match else rest
        start, end = rest.index("{"), rest.rindex("}")
        question_text, answer_text = rest[:start], rest[start + 1 : end].strip()
        if re.fullmatch(r"(T|TRUE|F|FALSE)(#.*)?", answer_text, flags=re.DOTALL):
            value, *feedback = answer_text.split("#", 2)
            wrong = _post(feedback[0]) if feedback else ""
            right = _post(feedback[1]) if len(feedback) > 1 else ""
            correct = value in ("T", "TRUE")
            answers = [("true", 100.0 if correct else 0.0, right if correct else wrong), ("false", 0.0 if correct else 100.0, wrong if correct else right)]
            questions.append(GiftQuestion(category, _post(name), format, _post(question_text), "truefalse", answers))
            continue
        if "~" not in answer_text:
            parts = [part for part in answer_text.split("=") if part.strip()]
            answers = []
            for part in parts:
                text_, weight, feedback = _answer(part.strip())
                answers.append((text_, 100.0 if weight is None else weight, feedback))
            questions.append(GiftQuestion(category, _post(name), format, _post(question_text), "shortanswer", answers))
            continue
        parts = [part for part in answer_text.replace("=", "~=").split("~") if part.strip()]
        answers = []
        weighted = False
        for part in parts:
            part = part.strip()
            right = part.startswith("=")
            text_, weight, feedback = _answer(part.removeprefix("="))
            weighted = weighted or weight is not None
            answers.append((text_, weight if weight is not None else (100.0 if right else 0.0), feedback))
        questions.append(GiftQuestion(category, _post(name), format, _post(question_text), "multichoice", answers, single=not weighted))
    return questions
