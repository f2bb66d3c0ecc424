-- Deploy shop:index, the unsafe way: CREATE INDEX blocks writes while it builds.
BEGIN;
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
COMMIT;
