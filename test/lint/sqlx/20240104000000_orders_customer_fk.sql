-- The safe form of a foreign key, and an accepted finding.  SQLx runs this
-- file in a transaction, so the VALIDATE is in a migration of its own: here
-- it would read the rows while the ADD's lock is held.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
-- pgsafe:ignore create-index 250 rows, written once a year
CREATE INDEX countries_name_idx ON countries (name);
