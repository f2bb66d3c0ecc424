-- Not from a seed: a column whose default is volatile, which rewrites the
-- table under ACCESS EXCLUSIVE (outside pgsafe's rules).
ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
