-- An undo migration (Flyway Teams): runs only on "flyway undo", never on
-- deploy: not checked.
ALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE (email);
