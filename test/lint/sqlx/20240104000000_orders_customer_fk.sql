-- The safe form of a foreign key, and an accepted finding.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
-- pgsafe:ignore create-index 250 rows, written once a year
CREATE INDEX countries_name_idx ON countries (name);
