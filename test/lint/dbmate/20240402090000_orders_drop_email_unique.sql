-- migrate:up
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_email_key;

-- migrate:down
-- Runs only on "dbmate rollback", never on deploy: not checked.
ALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE (email);
