"""The unsafe way: op.create_primary_key (ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE)."""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    op.create_primary_key("tags_pkey", "tags", ["name"])
