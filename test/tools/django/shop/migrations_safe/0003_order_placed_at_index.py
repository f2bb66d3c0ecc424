"""The safe way to index: AddIndexConcurrently, in a migration that is not
atomic (CREATE INDEX CONCURRENTLY cannot run in a transaction)."""
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("shop", "0002_fill")]
    operations = [
        AddIndexConcurrently("order", models.Index(fields=["placed_at"], name="shop_order_placed_at_idx")),
    ]
