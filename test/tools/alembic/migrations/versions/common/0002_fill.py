"""The rows an application has by the time someone adds a constraint."""
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.execute("INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 2000) g")
    op.execute("INSERT INTO orders (placed_at, buyer) SELECT now() - g * interval '1 hour', g FROM generate_series(1, 2000) g")
    op.execute("INSERT INTO tags (name) SELECT 'tag' || g FROM generate_series(1, 2000) g")
