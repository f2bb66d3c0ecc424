#!/usr/bin/env python3
"""alembic upgrade (through Alembic's command API, as the alembic command
runs it), and when it fails, the SQLSTATE of the database error: the
traceback shows the message, DETAIL and HINT, the code is in the
exception SQLAlchemy wraps (.orig.pgcode)."""
import sys
import traceback

from alembic import command
from alembic.config import Config

config = Config(sys.argv[1])
try:
    command.upgrade(config, sys.argv[2], sql="--sql" in sys.argv[3:])
except Exception as error:  # noqa: BLE001 -- the point is to show what the tool raised
    traceback.print_exc()
    print("SQLSTATE:", getattr(getattr(error, "orig", None), "pgcode", None))
    sys.exit(1)
