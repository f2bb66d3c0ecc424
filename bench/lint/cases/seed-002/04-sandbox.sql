-- no-transaction
-- Seed 002_3009883cc0f21f2c: its sandbox, which drops foo, builds and fills it
-- again, then adds the constraint the safe way.  In this database foo exists
-- and is filled before the script runs.
DROP TABLE IF EXISTS foo;
CREATE TABLE foo (
  id SERIAL PRIMARY KEY,
  int_val INTEGER NOT NULL
);

INSERT INTO foo (int_val) SELECT generate_series(1, 10000);
SELECT count(*) FROM foo;

SET lock_timeout = 0;

DROP INDEX CONCURRENTLY IF EXISTS foo_unique_idx;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS foo_unique_idx ON foo (int_val);

ALTER TABLE foo
ADD CONSTRAINT foo_unique
UNIQUE USING INDEX foo_unique_idx;
