-- Deploy shop:unique, the unsafe way: ADD UNIQUE builds its index under ACCESS EXCLUSIVE.
BEGIN;
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
COMMIT;
