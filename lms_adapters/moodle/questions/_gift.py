"""GIFT, Moodle's plain-text question format (Question bank > Import > GIFT format).

Every text is written with [html] and escaped the way Moodle's own GIFT export
does (qformat_gift::repchar): a backslash before \\ ~ = # { } : and newlines as \\n.
"""

from __future__ import annotations

from ._bank import BankQuestion, QuestionBank, category_path

_ESCAPES = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}


def escape(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


def _fraction(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.5f}"


def _feedback(text: str) -> str:
    return f"#{escape(text)}" if text else ""


def _answers(item: BankQuestion) -> str:
    if item.qtype == "truefalse":
        correct = next(answer for answer in item.answers if answer.fraction == 100)
        wrong = next(answer for answer in item.answers if answer.fraction != 100)
        # {TRUE#feedback for a wrong answer#feedback for the right one}
        return f"{correct.text.upper()}#{escape(wrong.feedback)}#{escape(correct.feedback)}"
    parts = []
    for answer in item.answers:
        if item.qtype == "shortanswer":
            weight = "" if answer.fraction == 100 else f"%{_fraction(answer.fraction)}%"
            parts.append(f"={weight}{escape(answer.text)}{_feedback(answer.feedback)}")
        elif item.single:
            parts.append(f"{'=' if answer.fraction == 100 else '~'}{escape(answer.text)}{_feedback(answer.feedback)}")
        else:
            parts.append(f"~%{_fraction(answer.fraction)}%{escape(answer.text)}{_feedback(answer.feedback)}")
    return "\n\t" + "\n\t".join(parts) + "\n"


def gift(bank: QuestionBank) -> bytes:
    lines: list[str] = []
    current: tuple[str, ...] | None = None
    for item in bank.questions:
        if item.category != current:
            lines += [f"$CATEGORY: {category_path(item.category)}", ""]
            current = item.category
        lines += [f"// {item.idnumber}", f"::{escape(item.name)}::[html]{escape(item.text)}{{{_answers(item)}}}", ""]
    return "\n".join(lines).encode("utf-8")
