"""The unsafe way: op.create_index (CREATE INDEX without CONCURRENTLY)."""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_index("orders_placed_at_idx", "orders", ["placed_at"])
