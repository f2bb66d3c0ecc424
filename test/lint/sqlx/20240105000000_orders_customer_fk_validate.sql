-- The second step: the lock the ADD took ended with its migration.
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
