-- Deploy shop:indexes_concurrently, the safe way: no BEGIN, so that psql,
-- which sqitch runs the script with, sends each statement on its own and
-- CREATE INDEX CONCURRENTLY may run.
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
CREATE UNIQUE INDEX CONCURRENTLY customers_email_key ON customers (email);
CREATE UNIQUE INDEX CONCURRENTLY tags_pkey ON tags (name);
