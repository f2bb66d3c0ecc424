-- Not from a seed: case 12 after a statement that blocks, in one migration.
CREATE INDEX accounts_name_idx ON accounts (name);
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email) NOT VALID;
