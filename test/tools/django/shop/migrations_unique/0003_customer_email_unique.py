"""The unsafe way: unique=True on a filled table (ADD CONSTRAINT ... UNIQUE)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_fill")]
    operations = [
        migrations.AlterField("customer", "email", models.CharField(max_length=200, unique=True)),
    ]
