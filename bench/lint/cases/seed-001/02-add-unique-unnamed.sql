-- Seed 001_4083d83ee38e321b: the unnamed form, bad as well.
ALTER TABLE users ADD UNIQUE (email);
