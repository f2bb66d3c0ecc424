-- Seed 004_4b1617c128268578, a blog post on adding a foreign key without
-- locking writes: the usual two statements it starts from.
ALTER TABLE foo ADD COLUMN bar_id INTEGER;
ALTER TABLE foo ADD FOREIGN KEY(bar_id) REFERENCES bar (id);
