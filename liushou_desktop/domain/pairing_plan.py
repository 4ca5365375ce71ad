"""Assigning mentors evenly (结对帮扶): the rule on its own, without a database.

:func:`plan_even` gives every pupil one of the mentors so that their counts differ by at
most one, keeping as many current pairs as a balanced outcome can;
:meth:`~liushou_desktop.domain.pairing.PairingService.assign_evenly` writes its result.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Pupil", "plan_even"]


@dataclass(frozen=True)
class Pupil:
    """A child as :func:`plan_even` sees it: its class and current mentor (or None)."""

    child_id: str
    class_id: str | None
    mentor_id: str | None


def plan_even(
    mentors: Sequence[str],
    pupils: Sequence[Pupil],
    own_classes: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """child id -> mentor id: every pupil given one of ``mentors`` so that the mentors'
    counts differ by at most one, keeping as many current pairs as any balanced outcome can.

    With ``n`` pupils and ``m`` mentors each mentor gets ``n // m`` children, and ``n % m``
    of them one more: those with the most current children. A mentor keeps their current
    children up to that share (those of the classes they have most children in first, then
    of their own class); the others, and children whose mentor is not in the list, are
    given out: first to a mentor who already has children of that class, then to the class
    teacher (``own_classes``: mentor id -> class ids), then class by class to whoever still
    has room. The pupils' order (by class and name) decides ties.
    """
    mentors = list(dict.fromkeys(mentors))
    if not mentors:
        raise ValueError("plan_even needs at least one mentor")
    own = {t: list((own_classes or {}).get(t, ())) for t in mentors}
    base, extra = divmod(len(pupils), len(mentors))
    current: dict[str, list[Pupil]] = {t: [] for t in mentors}
    index = {p.child_id: i for i, p in enumerate(pupils)}
    pool: list[Pupil] = []
    for pupil in pupils:
        if pupil.mentor_id in current:
            current[pupil.mentor_id].append(pupil)
        else:
            pool.append(pupil)
    order = {t: i for i, t in enumerate(mentors)}
    ranked = sorted(mentors, key=lambda t: (-len(current[t]), order[t]))
    caps = {t: base + (1 if i < extra else 0) for i, t in enumerate(ranked)}

    plan: dict[str, str] = {}
    kept: dict[str, list[Pupil]] = {}
    for t in mentors:
        mine = current[t]
        if len(mine) > caps[t]:
            per_class = Counter(p.class_id for p in mine)
            mine = sorted(
                mine,
                key=lambda p: (-per_class[p.class_id], p.class_id not in own[t], index[p.child_id]),
            )
            pool.extend(mine[caps[t] :])
            mine = mine[: caps[t]]
        kept[t] = mine
        plan.update((p.child_id, t) for p in mine)

    waiting: dict[str | None, deque[Pupil]] = {}
    for pupil in sorted(pool, key=lambda p: index[p.child_id]):
        waiting.setdefault(pupil.class_id, deque()).append(pupil)
    free = {t: caps[t] - len(kept[t]) for t in mentors}

    def give(t: str, class_id: str | None) -> None:
        queue = waiting.get(class_id)
        while free[t] and queue:
            plan[queue.popleft().child_id] = t
            free[t] -= 1

    for t in mentors:
        for class_id, _ in Counter(p.class_id for p in kept[t]).most_common():
            give(t, class_id)
    for t in mentors:
        for class_id in own[t]:
            give(t, class_id)
    for t in sorted(mentors, key=lambda t: (-free[t], order[t])):
        for class_id in list(waiting):
            give(t, class_id)
    return plan
