-- no-transaction
-- Seed 001_4083d83ee38e321b: its good form, an index built concurrently, then
-- (optionally, it says) the constraint using it.
CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users(email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
