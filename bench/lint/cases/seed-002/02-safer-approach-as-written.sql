-- no-transaction
-- Seed 002_3009883cc0f21f2c: its safer approach, statement for statement as
-- the post has it (its CREATE INDEX names no column and an unquoted table).
SET lock_timeout = 0;
SELECT relname
FROM pg_class, pg_index
WHERE (
    pg_index.indisvalid = false
    AND pg_index.indexrelid = pg_class.oid
    AND relname = 'foo_unique_idx'
);
DROP INDEX CONCURRENTLY IF EXISTS foo_unique_idx;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS foo_unique_idx ON table;
SET lock_timeout = '1s';
ALTER TABLE "table"
ADD CONSTRAINT "foo_unique"
UNIQUE USING INDEX "foo_unique_idx";
