-- pgsafe:ignore create-index
CREATE INDEX orders_note_idx ON orders (note);
-- pgsafe:ignore foreign-key this statement has no foreign key
ALTER TABLE orders ADD CONSTRAINT orders_email_check CHECK (email <> '') NOT VALID;
