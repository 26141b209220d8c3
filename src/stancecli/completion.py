"""What the shell offers for an actor, topic or source: ids first, then one-word names and aliases.

A word the user started is matched, case-insensitively, against each record's id, name and aliases,
and offered in the case it was typed (`mos<TAB>` gives `moscow`, `Mos<TAB>` `Moscow`: both resolve),
because the shells keep only what starts with the typed word. Before anything is typed, the ids.
Names of several words are not offered: a shell would split them into separate arguments; nor are
labels with control or bidi characters, and the names shown beside ids are escaped: the shell puts
both on the terminal as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from stancecli.render.escape import visible
from stancecli.resolve import Named


def candidates(records: Sequence[Named], incomplete: str) -> list[tuple[str, str]]:
    """(value, help) pairs: each matching id with its name, then each other matching label."""
    prefix = incomplete.casefold()
    ids: list[tuple[str, str]] = []
    labels: list[tuple[str, str]] = []
    seen: set[str] = set()
    for record in records:
        if record.id.casefold().startswith(prefix):
            ids.append((incomplete + record.id[len(incomplete):], visible(record.name)))
            seen.add(record.id.casefold())
    if not prefix:
        return ids
    for record in records:
        for label in (record.name, *record.aliases):
            folded = label.casefold()
            if folded.startswith(prefix) and folded not in seen and not any(
                    c.isspace() for c in label) and visible(label) == label:
                seen.add(folded)
                labels.append((incomplete + label[len(incomplete):], record.id))
    return ids + labels
