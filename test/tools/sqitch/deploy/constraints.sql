-- Deploy shop:constraints, the safe way: the unique constraint and the
-- primary key attached to their indexes (a brief lock, no build), the
-- foreign key added NOT VALID (no scan).
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE USING INDEX customers_email_key;
ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY USING INDEX tags_pkey;
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
COMMIT;
