-- +goose Up
-- orders_email_idx replaces it.
DROP INDEX IF EXISTS orders_legacy_email_idx;

-- +goose Down
-- Runs only on "goose down", never on deploy: not checked.
CREATE INDEX orders_legacy_email_idx ON orders (email);
