"""The tables: customers, orders that keep their customer's id, tags
without a primary key yet."""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("customers", sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
                    sa.Column("email", sa.String(200), nullable=False))
    op.create_table("orders", sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
                    sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
                    sa.Column("buyer", sa.BigInteger))
    op.create_table("tags", sa.Column("name", sa.String(50), nullable=False))
