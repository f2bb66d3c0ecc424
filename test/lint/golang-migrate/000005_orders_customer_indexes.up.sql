-- Two statements: golang-migrate sends the file as one query, which
-- PostgreSQL runs in one implicit transaction, and CONCURRENTLY fails.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
CREATE INDEX CONCURRENTLY orders_customer_created_idx ON orders (customer_id, created_at);
