"""Storage: SQLAlchemy models, the SQLite engine, migrations and backups.

No Qt here, and nothing above this layer is imported.
"""
