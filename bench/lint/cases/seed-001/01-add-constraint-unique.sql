-- Seed 001_4083d83ee38e321b, diesel-guard's page on unique constraints and
-- primary keys: the named UNIQUE constraint it calls bad.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
