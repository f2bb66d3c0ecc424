-- no-transaction
-- Seed 001_4083d83ee38e321b: its SQLx example.  The directive above is SQLx's
-- own, and is the first line here as SQLx requires.
CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users(email);
