#!/usr/bin/env python3
"""manage.py migrate, and when it fails, the SQLSTATE of the database
error Django raised (Django's traceback shows the message, DETAIL and
HINT but not the code, which the exception carries)."""
import os
import sys

import django
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
django.setup()
try:
    call_command("migrate", *sys.argv[1:])
except Exception as error:  # noqa: BLE001 -- the point is to show what the tool raised
    import traceback

    traceback.print_exc()
    cause = error.__cause__ or error
    print("SQLSTATE:", getattr(cause, "pgcode", None))
    sys.exit(1)
