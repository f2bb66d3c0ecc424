ALTER TABLE orders ADD COLUMN flag boolean;
ALTER TABLE orders ADD UNIQUE email;
