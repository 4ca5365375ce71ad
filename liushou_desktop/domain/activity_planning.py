"""Planning a term from a template, and saving a term's plan as the school's own template.

:class:`ActivityPlanMixin` is the part of :class:`~.activities.ActivityService` that deals
with templates (:mod:`.activity_templates`): the list to choose from, ``plan_term``
(idempotent: an item already planned in the term, or planned and deleted by the school,
is never added again) and ``save_as_template``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, ActivityTemplate
from liushou_desktop.db.sync_meta import Now
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.activity_rows import PlanResult, find_term
from liushou_desktop.domain.activity_templates import (
    DEFAULT_TEMPLATE,
    HALVES,
    KEY_MAX,
    NAME_MAX,
    TemplateInfo,
    bundled_templates,
    resolve,
    template_info,
    term_half,
    usable_items,
    weekday_rule,
)
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import installation_school_id, require_school_id
from liushou_desktop.domain.permissions import PLAN_ACTIVITIES, VIEW_ACTIVITIES, Actor
from liushou_desktop.domain.school_calendar import SchoolCalendar, TermView, load_calendar
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

# What a school-only action says at a township.
AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "The term plan is kept at the school, not at the township: plan activities on the "
    "school's computer.",
)
OWN_KEY_PREFIX = "own_"  # the key of a template item saved from an activity added by hand


def find_template(session: Session, school_id: str | None, name: str) -> dict[str, Any] | None:
    """The template ``name``: a bundled one, else one the school saved (or the township
    shared), with the items this version can read; None when there is none."""
    bundled = bundled_templates().get(name)
    if bundled is not None:
        return bundled
    rows = session.scalars(
        select(ActivityTemplate).where(
            ActivityTemplate.name == name,
            ActivityTemplate.deleted.is_(False),
            (ActivityTemplate.school_id == school_id) | ActivityTemplate.school_id.is_(None),
        )
    ).all()
    if not rows:
        return None
    row = max(rows, key=lambda r: r.school_id is not None)  # the school's own first
    items = row.items or {}
    return {
        "name": row.name,
        "title": row.title,
        **{half: usable_items(items.get(half)) for half in HALVES},
    }


def _no_template(name: str) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "There is no activity template named {name}: choose one of the templates listed.",
        ),
        {"name": name},
    )


class ActivityPlanMixin:
    """Templates and planning (see the module docstring)."""

    _db: Database
    _now: Now

    def templates(self, actor: Actor) -> list[TemplateInfo]:
        """The bundled templates (the default first), then the school's own, by name."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        bundled = bundled_templates()
        infos = (
            [template_info(bundled[DEFAULT_TEMPLATE], True)] if DEFAULT_TEMPLATE in bundled else []
        )
        infos += [
            template_info(t, True) for n, t in sorted(bundled.items()) if n != DEFAULT_TEMPLATE
        ]
        with self._db.session_scope(actor.username) as session:
            school_id = installation_school_id(session)
            names = sorted(
                set(
                    session.scalars(
                        select(ActivityTemplate.name).where(
                            ActivityTemplate.deleted.is_(False),
                            (ActivityTemplate.school_id == school_id)
                            | ActivityTemplate.school_id.is_(None),
                        )
                    )
                )
                - set(bundled)
            )
            for name in names:
                template = find_template(session, school_id, name)
                if template is not None:
                    infos.append(template_info(template, False))
        return infos

    def plan_term(
        self, actor: Actor, term_name: str, template: str = DEFAULT_TEMPLATE
    ) -> PlanResult:
        """Add the template's items for the term's half (autumn or spring) to the term's
        plan, each on the day its rule gives in this term. Items already in the plan
        (even if the school deleted them since) are kept as they are; items whose day
        falls outside the term are skipped and named in the result."""
        enforce(self._db, actor, PLAN_ACTIVITIES, self._now)
        template = template.strip()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, AT_TOWNSHIP)
            term = find_term(session, school_id, term_name)
            created, kept, skipped = plan_in_session(session, school_id, term, template)
            audit.append(
                session,
                actor=actor.username,
                action="activities_planned",
                now=self._now(),
                object_type="term",
                object_id=term.name,
                detail={
                    "template": template,
                    "created": created,
                    "kept": kept,
                    "skipped": len(skipped),
                },
            )
        return PlanResult(term.name, template, created, kept, tuple(skipped))

    def save_as_template(self, actor: Actor, term_name: str, name: str, title: str = "") -> None:
        """Save the term's activities (not the cancelled ones) as the items of its half of
        the school's template ``name``. An activity still on the day its template rule
        gives keeps the rule (a festival stays a festival); any other gets the rule of
        its weekday in the month (the 2nd Tuesday of November). The other half is kept
        from the template of that name, or else taken from the template the term was
        planned from."""
        enforce(self._db, actor, PLAN_ACTIVITIES, self._now)
        name, title = name.strip(), " ".join(title.split())
        check_template_name(name)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, AT_TOWNSHIP)
            term = find_term(session, school_id, term_name)
            calendar = load_calendar(session)
            activities = session.scalars(
                select(Activity)
                .where(
                    Activity.term_id == term.id,
                    Activity.deleted.is_(False),
                    Activity.status != vocab.ACTIVITY_CANCELLED,
                )
                .order_by(Activity.starts_on, Activity.title, Activity.id)
            ).all()
            items = _items(session, school_id, term, calendar, activities)
            row = session.scalars(
                select(ActivityTemplate).where(
                    ActivityTemplate.school_id == school_id, ActivityTemplate.name == name
                )
            ).first()
            half = term_half(term.name)
            other = next(h for h in HALVES if h != half)
            if row is not None and not row.deleted:
                other_items = list((row.items or {}).get(other, []))
            else:
                source = _main_source(activities)
                found = find_template(session, school_id, source) if source else None
                other_items = list(found[other]) if found else []
            if row is None:
                row = ActivityTemplate(school_id=school_id, name=name)
                session.add(row)
            row.title = title or (row.title if not row.deleted else "") or name
            row.items = {half: items, other: other_items}
            row.deleted = False
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="activity_template_saved",
                now=self._now(),
                object_type="activity_template",
                object_id=name,
                detail={"term": term.name, "half": half, "items": len(items)},
            )


def check_template_name(name: str) -> None:
    if not name or len(name) > NAME_MAX or ":" in name:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Give the template a name of 1 to {max} characters, without a colon.",
            ),
            {"max": NAME_MAX},
        )
    if name in bundled_templates():
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The name {name} belongs to a template that comes with the program: choose "
                "another name for the school's own template.",
            ),
            {"name": name},
        )


def _activity(
    school_id: str, term: TermView, item: dict[str, Any], days: tuple[Any, Any], key: str
) -> Activity:
    return Activity(
        school_id=school_id,
        term_id=term.id,
        kind=item["kind"],
        topic=item["topic"],
        title=item["title"].strip(),
        starts_on=days[0],
        ends_on=days[1],
        organiser=item["organiser"],
        place=item["place"],
        target_kind=item["target_kind"],
        target=list(item["target"]),
        notes=item["notes"],
        status=vocab.ACTIVITY_PLANNED,
        template_key=key,
    )


def _main_source(activities: list[Activity]) -> str | None:
    """The template most of these activities were planned from."""
    counts = Counter(a.template_key.split(":", 1)[0] for a in activities if ":" in a.template_key)
    return counts.most_common(1)[0][0] if counts else None


def _items(
    session: Session,
    school_id: str,
    term: TermView,
    calendar: SchoolCalendar,
    activities: list[Activity],
) -> list[dict[str, Any]]:
    """The template items of the term's activities (see ``save_as_template``)."""
    sources: dict[str, dict[str, dict[str, Any]]] = {}
    half = term_half(term.name)
    items: list[dict[str, Any]] = []
    used: set[str] = set()
    for activity in activities:
        source_name, _, source_key = activity.template_key.partition(":")
        if source_name and source_name not in sources:
            found = find_template(session, school_id, source_name)
            sources[source_name] = {i["key"]: i for i in found[half]} if found else {}
        source = sources.get(source_name, {}).get(source_key) if source_key else None
        key = source_key if source is not None else f"{OWN_KEY_PREFIX}{activity.id[:8]}"
        if key in used:
            key = f"{OWN_KEY_PREFIX}{activity.id[:8]}"
        used.add(key)
        days = resolve(source, term, calendar) if source is not None else None
        if source is not None and days is not None and days[0] == activity.starts_on:
            when = dict(source["when"])
        else:
            when = weekday_rule(activity.starts_on)
            if calendar.is_school_day(activity.starts_on):
                when["school_day"] = "after"
        items.append(
            {
                "key": key[:KEY_MAX],
                "kind": activity.kind,
                "topic": activity.topic,
                "title": activity.title,
                "when": when,
                "days": (activity.ends_on - activity.starts_on).days + 1,
                "target_kind": activity.target_kind,
                "target": list(activity.target or []),
                "organiser": activity.organiser,
                "place": activity.place,
                "notes": activity.notes,
            }
        )
    return items


def plan_in_session(
    session: Session, school_id: str, term: TermView, template: str
) -> tuple[int, int, list[str]]:
    """Add ``template``'s items for ``term`` inside the caller's transaction (see
    :meth:`ActivityPlanMixin.plan_term`); returns (created, kept, skipped titles).
    The demo school plans its term with this, in the same transaction as its children."""
    found = find_template(session, school_id, template)
    if found is None:
        raise _no_template(template)
    calendar = load_calendar(session)
    planned = set(
        session.scalars(
            select(Activity.template_key).where(
                Activity.term_id == term.id, Activity.template_key != ""
            )
        )
    )
    created, kept, skipped = 0, 0, []
    for item in found[term_half(term.name)]:
        key = f"{template}:{item['key']}"
        if key in planned:
            kept += 1
            continue
        days = resolve(item, term, calendar)
        if days is None:
            skipped.append(item["title"])
            continue
        session.add(_activity(school_id, term, item, days, key))
        created += 1
    session.flush()
    return created, kept, skipped
