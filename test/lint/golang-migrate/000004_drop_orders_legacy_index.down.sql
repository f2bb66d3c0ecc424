-- Runs only on "migrate down", never on deploy: not checked.
CREATE INDEX orders_legacy_idx ON orders (customer_id, created_at);
