-- CONCURRENTLY, but SQLx wraps this file in a transaction: PostgreSQL would refuse it.
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
