ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
-- Blocks writes to a filled table while the index is built.
CREATE INDEX orders_status_idx ON orders (status);
