"""The unsafe way: an existing column made a ForeignKey (a validated
FOREIGN KEY constraint, and its index, on a filled table)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_fill")]
    operations = [
        migrations.AlterField(
            "order",
            "buyer",
            models.ForeignKey("shop.Customer", null=True, on_delete=models.PROTECT, db_column="buyer"),
        ),
    ]
