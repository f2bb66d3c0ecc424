-- Blocks writes to a filled table while the index is built.
CREATE INDEX orders_email_lower_idx ON orders (lower(email));
