-- no-transaction
-- The safe form: SQLx runs this file outside a transaction.
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
