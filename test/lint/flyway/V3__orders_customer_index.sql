-- V3__orders_customer_index.sql.conf says executeInTransaction=false.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
