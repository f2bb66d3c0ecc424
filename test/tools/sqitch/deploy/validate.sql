-- Deploy shop:validate: the foreign key validated in a transaction of its
-- own, under a lock that lets writes through.
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
COMMIT;
