-- Not from a seed: seed 004's recipe with a constraint name that exists, in
-- one transaction.
ALTER TABLE accounts ADD CONSTRAINT accounts_customer_fkey
    FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_customer_fkey;
