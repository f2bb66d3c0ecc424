"""The safe way, in Alembic's idiom: indexes built with
postgresql_concurrently=True inside autocommit_block() (CONCURRENTLY cannot
run in the migration's transaction), the unique constraint and the primary
key attached to their indexes (USING INDEX: a brief lock, no build), the
foreign key added with postgresql_not_valid=True and validated in a
transaction of its own."""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("orders_placed_at_idx", "orders", ["placed_at"], postgresql_concurrently=True)
        op.create_index("customers_email_key", "customers", ["email"], unique=True, postgresql_concurrently=True)
        op.create_index("tags_pkey", "tags", ["name"], unique=True, postgresql_concurrently=True)
        op.create_index("orders_buyer_idx", "orders", ["buyer"], postgresql_concurrently=True)
    op.execute("ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE USING INDEX customers_email_key")
    op.execute("ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY USING INDEX tags_pkey")
    op.create_foreign_key("orders_buyer_fkey", "orders", "customers", ["buyer"], ["id"], postgresql_not_valid=True)
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_buyer_fkey")
