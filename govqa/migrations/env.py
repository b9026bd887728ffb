"""Alembic environment: the connection comes from ``govqa.db.Database.upgrade``
(already in a transaction holding the migration lock); run standalone, the URL
is the settings' database."""

from __future__ import annotations

from alembic import context

from govqa.db import metadata

connection = context.config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, target_metadata=metadata,
                      render_as_batch=conn.dialect.name == "sqlite")  # SQLite alters tables by copying them
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # pragma: no cover - `alembic` run by hand; `govqa db upgrade` is the supported way
    from sqlalchemy import create_engine

    from govqa.settings import get_settings

    with create_engine(get_settings().resolved_database_url).begin() as conn:
        _run(conn)
