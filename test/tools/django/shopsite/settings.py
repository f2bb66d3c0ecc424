"""Settings of the test project: the database from the environment the
test script sets, and the shop app's migrations from SHOP_MIGRATIONS, so
that one project can run each of its migration sets (see shop/)."""
import os

SECRET_KEY = "pgsafe-tool-test"
INSTALLED_APPS = ["django.contrib.postgres", "shop"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["TOOL_DB"],
        "USER": os.environ["MIGRATOR"],
        "PASSWORD": os.environ["MIGRATOR_PASSWORD"],
        "HOST": os.environ.get("PGHOST", "localhost"),
        "PORT": os.environ.get("PGPORT", "5432"),
    }
}
MIGRATION_MODULES = {"shop": os.environ.get("SHOP_MIGRATIONS", "shop.migrations_safe")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
