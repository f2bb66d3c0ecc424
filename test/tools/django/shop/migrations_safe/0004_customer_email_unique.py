"""The safe way to unique=True: build the unique index (and the LIKE index
Django adds for a CharField) concurrently, then attach the unique one as
the constraint (USING INDEX), while Django's state records the field as
unique.  Not atomic: each statement commits on its own."""
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("shop", "0003_order_placed_at_index")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "CREATE UNIQUE INDEX CONCURRENTLY shop_customer_email_key ON shop_customer (email)",
                    "DROP INDEX CONCURRENTLY shop_customer_email_key",
                ),
                # what unique=True also builds on a CharField, for LIKE 'prefix%'
                migrations.RunSQL(
                    "CREATE INDEX CONCURRENTLY shop_customer_email_like ON shop_customer (email varchar_pattern_ops)",
                    "DROP INDEX CONCURRENTLY shop_customer_email_like",
                ),
                migrations.RunSQL(
                    "ALTER TABLE shop_customer ADD CONSTRAINT shop_customer_email_key"
                    " UNIQUE USING INDEX shop_customer_email_key",
                    "ALTER TABLE shop_customer DROP CONSTRAINT shop_customer_email_key",
                ),
            ],
            state_operations=[
                migrations.AlterField("customer", "email", models.CharField(max_length=200, unique=True)),
            ],
        ),
    ]
