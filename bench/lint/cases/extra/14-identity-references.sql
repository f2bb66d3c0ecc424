-- Not from a seed: an identity column that is also a foreign key.
ALTER TABLE accounts ADD COLUMN ref_id int GENERATED ALWAYS AS IDENTITY REFERENCES customers (id);
