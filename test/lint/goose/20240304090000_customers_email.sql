-- +goose Up
ALTER TABLE customers ADD COLUMN email text;
CREATE UNIQUE INDEX customers_email_key ON customers (email);

-- +goose Down
DROP INDEX customers_email_key;
ALTER TABLE customers DROP COLUMN email;
