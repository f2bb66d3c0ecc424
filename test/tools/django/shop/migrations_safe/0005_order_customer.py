"""The safe way to a ForeignKey on a filled table: its index built
concurrently, the constraint added NOT VALID (no scan, a brief lock) and
validated in a transaction of its own (a scan that blocks no writes),
while Django's state records the ForeignKey."""
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("shop", "0004_customer_email_unique")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "CREATE INDEX CONCURRENTLY shop_order_buyer_idx ON shop_order (buyer)",
                    "DROP INDEX CONCURRENTLY shop_order_buyer_idx",
                ),
                migrations.RunSQL(
                    "ALTER TABLE shop_order ADD CONSTRAINT shop_order_buyer_fk FOREIGN KEY (buyer)"
                    " REFERENCES shop_customer (id) DEFERRABLE INITIALLY DEFERRED NOT VALID",
                    "ALTER TABLE shop_order DROP CONSTRAINT shop_order_buyer_fk",
                ),
                migrations.RunSQL("ALTER TABLE shop_order VALIDATE CONSTRAINT shop_order_buyer_fk", migrations.RunSQL.noop),
            ],
            state_operations=[
                migrations.AlterField(
                    "order",
                    "buyer",
                    models.ForeignKey("shop.Customer", null=True, on_delete=models.PROTECT, db_column="buyer"),
                ),
            ],
        ),
    ]
