-- Blocks reads and writes on a filled table while the index is built.
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD CONSTRAINT orders_email_key UNIQUE (email);
