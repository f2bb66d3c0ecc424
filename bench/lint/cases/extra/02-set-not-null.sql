-- Not from a seed: SET NOT NULL, which reads every row under ACCESS
-- EXCLUSIVE unless a validated CHECK proves it (outside pgsafe's rules).
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
