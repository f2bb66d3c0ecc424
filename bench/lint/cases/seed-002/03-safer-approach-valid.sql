-- no-transaction
-- Seed 002_3009883cc0f21f2c: the same approach with the index statement made
-- valid (our correction: the table quoted, the column named).
SET lock_timeout = 0;
DROP INDEX CONCURRENTLY IF EXISTS foo_unique_idx;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS foo_unique_idx ON "table" (field);
SET lock_timeout = '1s';
ALTER TABLE "table"
ADD CONSTRAINT "foo_unique"
UNIQUE USING INDEX "foo_unique_idx";
