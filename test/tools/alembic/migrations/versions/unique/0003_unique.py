"""The unsafe way: op.create_unique_constraint (ADD CONSTRAINT ... UNIQUE)."""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_unique_constraint("customers_email_key", "customers", ["email"])
