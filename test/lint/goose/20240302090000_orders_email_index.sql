-- +goose no transaction
-- +goose up
-- goose reads its annotations without regard to case (3.19.1 and later):
-- this file runs outside a transaction, as CONCURRENTLY needs.
CREATE INDEX CONCURRENTLY orders_email_idx ON orders (email);

-- +goose down
DROP INDEX CONCURRENTLY orders_email_idx;
