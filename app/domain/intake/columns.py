"""Which column of the file holds what: header names in five languages, or the user's own mapping.

``map_headers`` recognises headers through ``synonyms.SYNONYMS`` (case, accents, punctuation and
spaces ignored) and lets a mapping chosen in the UI (header -> column key, or "" / "ignore" to leave a
column out) override it. The result says which required columns are missing, which headers claim the
same column, and which headers are not used (kept in the file, ignored by the import).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.domain.intake.problems import Problem
from app.domain.intake.synonyms import (
    COLUMN_KEYS,
    LABELS,
    ONE_OF,
    REQUIRED,
    SYNONYMS,
    candidates,
    normalise_header,
)
from app.domain.intake.template import TEMPLATE_HEADERS, template_csv, template_legend

__all__ = [
    "COLUMN_KEYS",
    "IGNORE",
    "LABELS",
    "REQUIRED",
    "TEMPLATE_HEADERS",
    "ColumnMap",
    "accepted_names",
    "map_headers",
    "template_csv",
    "template_legend",
]

IGNORE = "ignore"


@dataclass
class ColumnMap:
    """Column key -> index into a row's cells, plus what the header row lacks or has too much of."""

    headers: list[str]
    columns: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # keys; "debtor_id|email" when both are absent
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every required column is there and no column is claimed twice."""
        return not self.problems

    @property
    def mapping(self) -> dict[str, str]:
        """Header -> column key, as recognised: what a mapping step in the UI starts from."""
        return {self.headers[index]: key for key, index in self.columns.items()}

    def header(self, key: str) -> str:
        """The header the user sees for a column key (its English name when the file lacks it)."""
        index = self.columns.get(key)
        return self.headers[index] if index is not None else LABELS.get(key, key)

    def value(self, cells: Sequence[object], key: str) -> object:
        index = self.columns.get(key)
        if index is None or index >= len(cells):
            return None
        return cells[index]


def accepted_names(key: str) -> list[str]:
    """Every header name accepted for a column, English first, without repeats."""
    names = [LABELS[key]]
    for by_language in SYNONYMS[key].values():
        names.extend(n for n in by_language if n not in names)
    return names


def map_headers(
    headers: Sequence[object], user_mapping: Mapping[str, str] | None = None, *, header_row: int = 1
) -> ColumnMap:
    """Recognise the columns of a header row; ``user_mapping`` (header -> key) overrides."""
    shown = [str(h if h is not None else "").strip().lstrip("\ufeff").strip() for h in headers]
    result = ColumnMap(headers=shown)
    chosen: dict[int, str] = {}  # header index -> key
    by_user: set[int] = set()
    for index, key in _user_choices(shown, user_mapping or {}, result, header_row):
        by_user.add(index)
        if key != IGNORE:
            chosen[index] = key

    contested: dict[int, dict[str, set[str]]] = {}
    votes: Counter[str] = Counter()
    for index, header in enumerate(shown):
        if index in by_user or not header:
            continue
        found = candidates(header)
        if len(found) == 1:
            key, languages = next(iter(found.items()))
            chosen[index] = key
            votes.update({language: 1 / len(languages) for language in languages})
        elif found:
            contested[index] = found
        else:
            result.unknown.append(header)
    for index, found in contested.items():
        # "Kraj" is the town in a Slovenian file and the country in a Polish one: go by the
        # language most of the other headers are written in.
        ranked = sorted(found, key=lambda k: -max(votes[language] for language in found[k]))
        free = [k for k in ranked if k not in chosen.values()]
        chosen[index] = (free or ranked)[0]

    claimed: dict[str, list[int]] = {}
    for index in sorted(chosen):
        claimed.setdefault(chosen[index], []).append(index)
    for key, indexes in claimed.items():
        users = [i for i in indexes if i in by_user]
        if len(indexes) > 1 and len(users) != 1:
            names = " and ".join(f"'{shown[i]}'" for i in indexes)
            result.problems.append(
                Problem(
                    header_row,
                    shown[indexes[0]],
                    shown[indexes[0]],
                    f"{names} both look like the column '{LABELS[key]}'.",
                    "Choose the one to use in the column mapping step (and ignore the other), "
                    "or rename one of them.",
                )
            )
        keep = users[0] if len(users) == 1 else indexes[0]
        result.columns[key] = keep
        result.unknown.extend(shown[i] for i in indexes if i != keep)
    _report_missing(result, header_row)
    return result


def _user_choices(
    shown: list[str], user_mapping: Mapping[str, str], result: ColumnMap, header_row: int
) -> list[tuple[int, str]]:
    by_exact = {h: i for i, h in reversed(list(enumerate(shown)))}
    by_normal = {normalise_header(h): i for i, h in reversed(list(enumerate(shown)))}
    choices = []
    for header, key in user_mapping.items():
        index = by_exact.get(header.strip())
        if index is None:
            index = by_normal.get(normalise_header(header))
        if index is None:
            continue  # a mapping made for another file: the header is not in this one
        key = (key or IGNORE).strip()
        if key != IGNORE and key not in COLUMN_KEYS:
            result.problems.append(
                Problem(
                    header_row,
                    shown[index],
                    shown[index],
                    f"'{key}' is not a column the import knows.",
                    "Choose one of: " + ", ".join(COLUMN_KEYS) + f", or '{IGNORE}'.",
                )
            )
            continue
        choices.append((index, key))
    return choices


def _report_missing(result: ColumnMap, header_row: int) -> None:
    for key in REQUIRED:
        if key not in result.columns:
            result.missing.append(key)
            result.problems.append(
                Problem(
                    header_row,
                    LABELS[key],
                    "",
                    f"The column '{LABELS[key]}' is missing.",
                    "Name one column "
                    + ", ".join(f"'{n}'" for n in accepted_names(key))
                    + " - or choose the column that holds it in the column mapping step.",
                )
            )
    if not any(key in result.columns for key in ONE_OF):
        result.missing.append("|".join(ONE_OF))
        result.problems.append(
            Problem(
                header_row,
                f"{LABELS['debtor_id']} / {LABELS['email']}",
                "",
                f"The columns '{LABELS['debtor_id']}' and '{LABELS['email']}' are both missing; "
                "each debtor needs an identification number or an e-mail address.",
                "Add one of them, named "
                + ", ".join(f"'{n}'" for key in ONE_OF for n in accepted_names(key))
                + " - or choose the column that holds it in the column mapping step.",
            )
        )
