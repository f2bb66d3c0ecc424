-- No .conf needed: Flyway runs a migration with CREATE INDEX CONCURRENTLY
-- outside a transaction of its own accord.
CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);
