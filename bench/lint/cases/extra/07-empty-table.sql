-- Not from a seed: the blocking statements, on a table that exists and is
-- empty.
ALTER TABLE accounts_empty ADD UNIQUE (email);
CREATE INDEX ON accounts_empty (id);
