-- Not from a seed: squawk's constraint-missing-not-valid help applied to a
-- UNIQUE constraint.
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email) NOT VALID;
