-- no-transaction
-- Seed 004_4b1617c128268578: the same recipe run statement by statement,
-- each in a transaction of its own.
ALTER TABLE foo ADD COLUMN bar_id INTEGER;
ALTER TABLE foo ADD FOREIGN KEY(bar_id) REFERENCES bar (id) NOT VALID;
ALTER TABLE foo VALIDATE CONSTRAINT fk_foo_bar_id_bar;
