"""The migrations every migration set of the shop app starts with: the
tables, then a data migration that fills them, as an application's
migrations do long before anyone adds a constraint."""
from django.db import migrations, models


class Initial(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("email", models.CharField(max_length=200)),
            ],
        ),
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("placed_at", models.DateTimeField()),
                ("total", models.IntegerField()),
                # the customer's id, kept by the application before it became a foreign key
                ("buyer", models.BigIntegerField(null=True)),
            ],
        ),
    ]


class Fill(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.RunSQL(
            "INSERT INTO shop_customer (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 2000) g;"
            "INSERT INTO shop_order (placed_at, total, buyer) SELECT now() - g * interval '1 hour', g, g"
            " FROM generate_series(1, 2000) g;",
            migrations.RunSQL.noop,
        ),
    ]
