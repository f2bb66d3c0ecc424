"""Alembic's env.py as `alembic init` writes it, with the URL from the
environment the test script sets: online runs the whole upgrade in one
transaction (PostgreSQL has transactional DDL), offline (--sql) prints it."""
import os

from alembic import context
from sqlalchemy import create_engine

url = "postgresql+psycopg2://{}:{}@{}:{}/{}".format(
    os.environ["MIGRATOR"],
    os.environ["MIGRATOR_PASSWORD"],
    os.environ.get("PGHOST", "localhost"),
    os.environ.get("PGPORT", "5432"),
    os.environ["TOOL_DB"],
)

if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(url).connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
