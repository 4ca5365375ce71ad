"""Alembic environment: always run with a connection handed in by the app.

``liushou_desktop.db.migrate`` builds the Alembic config in code and passes
the open connection as ``config.attributes["connection"]``; there is no
alembic.ini and no database URL here.
"""

from alembic import context

from liushou_desktop.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
