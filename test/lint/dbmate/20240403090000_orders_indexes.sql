-- Two sections (dbmate 2.29 and later): dbmate applies each on its own,
-- the first outside a transaction, as CONCURRENTLY needs, the second in one.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY orders_created_at_idx;

-- migrate:up
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);
ALTER TABLE shipments ADD CONSTRAINT shipments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);

-- migrate:down
ALTER TABLE shipments DROP CONSTRAINT shipments_order_fk;
DROP INDEX orders_customer_created_idx;
