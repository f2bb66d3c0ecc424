-- no-transaction
-- Not from a seed: a table created by the migration itself, then indexed,
-- statement by statement (no transaction around them).
CREATE TABLE invitations (id bigint, email text, account_id int);
CREATE INDEX invitations_email_idx ON invitations (email);
ALTER TABLE invitations ADD CONSTRAINT invitations_account_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
