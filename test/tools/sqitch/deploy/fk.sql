-- Deploy shop:fk, the unsafe way: a validated foreign key reads every row.
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
COMMIT;
