-- Not from a seed: a CHECK constraint validated at once, which reads every
-- row under ACCESS EXCLUSIVE.
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0);
