-- Seed 000_5c1df306b82f651e, squawk's page on its disallowed-unique-constraint
-- rule: the statement it tells you not to write.
ALTER TABLE distributors ADD CONSTRAINT dist_id_uniq UNIQUE (dist_id);
