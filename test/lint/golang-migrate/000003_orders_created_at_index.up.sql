-- Alone in its file, as golang-migrate's documentation says: it sends the
-- file as one query, outside a transaction.
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
