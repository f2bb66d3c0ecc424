-- Seed 004_4b1617c128268578: the post's final recipe, in one migration, which
-- Alembic (the tool the post uses) runs in a single transaction.
ALTER TABLE foo ADD COLUMN bar_id INTEGER;
ALTER TABLE foo ADD FOREIGN KEY(bar_id) REFERENCES bar (id) NOT VALID;
ALTER TABLE foo VALIDATE CONSTRAINT fk_foo_bar_id_bar;
