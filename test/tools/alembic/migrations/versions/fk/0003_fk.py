"""The unsafe way: op.create_foreign_key (a validated FOREIGN KEY)."""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_foreign_key("orders_buyer_fkey", "orders", "customers", ["buyer"], ["id"])
