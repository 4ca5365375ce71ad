"""Who may do what: the role table, enforced in the services.

:data:`ROLE_TABLE` is the one source of truth; ``docs/roles.md`` prints it
and a test keeps the two equal. A later feature adds its actions here (and a
row to the docs table) and calls :func:`require` in its service.

Besides the action, most child data has a *scope*: an administrator, an
inspector and the township see every child, a class teacher the children of
their own classes, a mentor the children they mentor.
"""

from __future__ import annotations

from dataclasses import dataclass

from liushou_desktop.domain import vocab
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

# --- actions -----------------------------------------------------------------
VIEW_CHILDREN = "children.view"  # the list, masked
VIEW_CHILD_RECORD = "child.view_record"  # one child's full record (audited)
EDIT_CHILD = "child.edit"
SEE_FULL_ID = "child.see_full_id"  # unmasked ID numbers
SEE_PHONES = "child.see_phones"  # unmasked phone numbers
SEE_HEALTH = "child.see_health"
RECORD_CONSENT = "child.record_consent"
ANONYMISE = "children.anonymise"
MANAGE_ACCOUNTS = "accounts.manage"
EDIT_SETTINGS = "settings.edit"
VIEW_AUDIT = "audit.view"
EXPORT_AUDIT = "audit.export"
BACKUP = "backup.create"
RESTORE = "backup.restore"
EXPORT_CHILDREN = "children.export"  # roster workbooks (full IDs and phones as the role may)
START_SCHOOL_YEAR = "school_year.start"
PRINT_CHILDREN = "children.print"  # contact cards and forms (IDs masked, phones in full)
MANAGE_PAIRING = "pairing.manage"  # assign mentors and study buddies, hand over
MANAGE_CALENDAR = "calendar.manage"  # terms, days off, make-up days
PLAN_TALKS = "talks.plan"  # plan the month's talks for the whole school
RECORD_TALKS = "talks.record"  # record, move and follow up talks (a mentor: their own)
VIEW_TALK_STATUS = "talks.status"  # the month's figures (counts, no talk contents)
PLAN_ACTIVITIES = "activities.plan"  # the school's term plan and its templates
RECORD_ACTIVITIES = "activities.record"  # attendance, records, home visits, family calls
VIEW_ACTIVITIES = "activities.view"  # the term plan and its figures (no child contents)
RECORD_GROWTH = "growth.record"  # add to a child's growth record
MANAGE_PEERS = "sync.peers"  # pair with the township or the schools, enter the schools
SYNC_BUNDLES = "sync.bundles"  # make and take in sync bundles, review merge conflicts
SHARE_WITH_SCHOOLS = "township.share"  # the township's notices and shared plan templates

A, CT, M, INS, TA, TV = (
    vocab.ROLE_ADMIN,
    vocab.ROLE_CLASS_TEACHER,
    vocab.ROLE_MENTOR,
    vocab.ROLE_INSPECTOR,
    vocab.ROLE_TOWNSHIP_ADMIN,
    vocab.ROLE_TOWNSHIP_VIEWER,
)

ROLE_TABLE: dict[str, frozenset[str]] = {
    VIEW_CHILDREN: frozenset({A, CT, M, INS, TA, TV}),
    VIEW_CHILD_RECORD: frozenset({A, CT, M, INS, TA, TV}),
    EDIT_CHILD: frozenset({A, CT}),
    SEE_FULL_ID: frozenset({A, CT}),
    SEE_PHONES: frozenset({A, CT, M}),
    SEE_HEALTH: frozenset({A, CT, M}),
    RECORD_CONSENT: frozenset({A, CT}),
    ANONYMISE: frozenset({A}),
    MANAGE_ACCOUNTS: frozenset({A, TA}),
    EDIT_SETTINGS: frozenset({A}),  # the township's own settings come with sync
    VIEW_AUDIT: frozenset({A, TA}),
    EXPORT_AUDIT: frozenset({A, TA}),
    BACKUP: frozenset({A, TA}),
    RESTORE: frozenset({A, TA}),
    EXPORT_CHILDREN: frozenset({A, CT}),
    START_SCHOOL_YEAR: frozenset({A}),
    PRINT_CHILDREN: frozenset({A, CT, M}),
    MANAGE_PAIRING: frozenset({A}),
    MANAGE_CALENDAR: frozenset({A}),
    PLAN_TALKS: frozenset({A}),
    RECORD_TALKS: frozenset({A, CT, M}),
    VIEW_TALK_STATUS: frozenset({A, CT, M, INS, TA, TV}),
    PLAN_ACTIVITIES: frozenset({A}),
    RECORD_ACTIVITIES: frozenset({A, CT, M}),
    VIEW_ACTIVITIES: frozenset({A, CT, M, INS, TA, TV}),
    RECORD_GROWTH: frozenset({A, CT, M}),
    MANAGE_PEERS: frozenset({A, TA}),
    SYNC_BUNDLES: frozenset({A, TA}),
    SHARE_WITH_SCHOOLS: frozenset({TA}),
}

ACTION_LABELS: dict[str, str] = {
    VIEW_CHILDREN: QT_TRANSLATE_NOOP("Vocab", "See the children list"),
    VIEW_CHILD_RECORD: QT_TRANSLATE_NOOP("Vocab", "Open a child's full record"),
    EDIT_CHILD: QT_TRANSLATE_NOOP("Vocab", "Edit a child's record"),
    SEE_FULL_ID: QT_TRANSLATE_NOOP("Vocab", "See full ID numbers"),
    SEE_PHONES: QT_TRANSLATE_NOOP("Vocab", "See full phone numbers"),
    SEE_HEALTH: QT_TRANSLATE_NOOP("Vocab", "See health details"),
    RECORD_CONSENT: QT_TRANSLATE_NOOP("Vocab", "Record a guardian's consent"),
    ANONYMISE: QT_TRANSLATE_NOOP("Vocab", "Anonymise old records"),
    MANAGE_ACCOUNTS: QT_TRANSLATE_NOOP("Vocab", "Manage accounts"),
    EDIT_SETTINGS: QT_TRANSLATE_NOOP("Vocab", "Change school settings"),
    VIEW_AUDIT: QT_TRANSLATE_NOOP("Vocab", "View the audit log"),
    EXPORT_AUDIT: QT_TRANSLATE_NOOP("Vocab", "Export the audit log"),
    BACKUP: QT_TRANSLATE_NOOP("Vocab", "Make a backup"),
    RESTORE: QT_TRANSLATE_NOOP("Vocab", "Restore a backup"),
    EXPORT_CHILDREN: QT_TRANSLATE_NOOP("Vocab", "Export the roster to Excel"),
    START_SCHOOL_YEAR: QT_TRANSLATE_NOOP("Vocab", "Start a new school year"),
    PRINT_CHILDREN: QT_TRANSLATE_NOOP("Vocab", "Print contact cards and forms"),
    MANAGE_PAIRING: QT_TRANSLATE_NOOP("Vocab", "Pair mentors with children"),
    MANAGE_CALENDAR: QT_TRANSLATE_NOOP("Vocab", "Edit the school calendar"),
    PLAN_TALKS: QT_TRANSLATE_NOOP("Vocab", "Plan the month's talks"),
    RECORD_TALKS: QT_TRANSLATE_NOOP("Vocab", "Record talks"),
    VIEW_TALK_STATUS: QT_TRANSLATE_NOOP("Vocab", "See how the talks are going"),
    PLAN_ACTIVITIES: QT_TRANSLATE_NOOP("Vocab", "Plan the term's activities"),
    RECORD_ACTIVITIES: QT_TRANSLATE_NOOP(
        "Vocab", "Record activities, home visits and family calls"
    ),
    VIEW_ACTIVITIES: QT_TRANSLATE_NOOP("Vocab", "See the term plan and its figures"),
    RECORD_GROWTH: QT_TRANSLATE_NOOP("Vocab", "Add to a child's growth record"),
    MANAGE_PEERS: QT_TRANSLATE_NOOP("Vocab", "Pair with the township or the schools"),
    SYNC_BUNDLES: QT_TRANSLATE_NOOP("Vocab", "Make and take in sync bundles"),
    SHARE_WITH_SCHOOLS: QT_TRANSLATE_NOOP(
        "Vocab", "Send notices and term-plan templates to the schools"
    ),
}

# Roles whose child scope is every child of the installation.
ALL_CHILDREN_ROLES = frozenset({A, INS, TA, TV})
SCHOOL_ROLES = (A, CT, M, INS)
TOWNSHIP_ROLES = (TA, TV)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, or the command line acting as administrator."""

    username: str
    role: str
    user_id: str = ""
    teacher_id: str | None = None


class PermissionDenied(UserError):
    """The actor's role may not do this."""

    def __init__(self, actor: Actor, action: str) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Your account may not do this ({action}). If you need it, ask the school "
                "administrator.",
            ),
            {"action": ACTION_LABELS.get(action, action)},
        )
        self.action = action
        self.actor = actor


def allowed(actor: Actor, action: str) -> bool:
    return actor.role in ROLE_TABLE[action]


def require(actor: Actor, action: str) -> None:
    """Raise :class:`PermissionDenied` unless the actor's role may do ``action``."""
    if not allowed(actor, action):
        raise PermissionDenied(actor, action)


def cli_actor(installation_role: str) -> Actor:
    """The command line acts as the administrator of the installation, logged as ``cli``."""
    role = TA if installation_role == vocab.INSTALLATION_TOWNSHIP else A
    return Actor(username="cli", role=role)
