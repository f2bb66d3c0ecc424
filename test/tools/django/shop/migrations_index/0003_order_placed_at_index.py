"""The unsafe way: AddIndex (CREATE INDEX without CONCURRENTLY)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_fill")]
    operations = [
        migrations.AddIndex("order", models.Index(fields=["placed_at"], name="shop_order_placed_at_idx")),
    ]
