-- Not from a seed: seed 004's one-statement form, with DEFAULT NULL.
ALTER TABLE accounts ADD COLUMN referrer_id int DEFAULT NULL REFERENCES customers (id);
