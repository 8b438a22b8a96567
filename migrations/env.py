"""Alembic environment: runs on the connection the bot hands over."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from models.tables import Base

target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()
        return
    # `alembic` on the command line, e.g. to write a new revision.
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///peer_support.sqlite3"
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        context.run_migrations()


run()
