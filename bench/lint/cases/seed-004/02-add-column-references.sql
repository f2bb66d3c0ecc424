-- Seed 004_4b1617c128268578: the one-statement form the post found skips
-- validating existing rows (the new column is all NULL).
ALTER TABLE foo ADD COLUMN bar_id INTEGER REFERENCES bar (id);
