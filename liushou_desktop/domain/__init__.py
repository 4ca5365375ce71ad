"""Services: what a teacher, an administrator or the township can do.

Services take a :class:`~liushou_desktop.db.database.Database` (and a clock)
in their constructor and return frozen dataclasses, never ORM objects. The
CLI and the GUI both go through them. No Qt here.
"""
