-- no-transaction
-- Seed 000_5c1df306b82f651e: the page's fix for the second example: the column
-- alone, then the index concurrently, then the constraint using it.
ALTER TABLE distributors ADD COLUMN dist_id text;
CREATE UNIQUE INDEX CONCURRENTLY dist_id_uniq ON distributors (dist_id);
ALTER TABLE distributors ADD CONSTRAINT distributors_dist_id_key UNIQUE USING INDEX dist_id_uniq;
