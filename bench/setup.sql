-- bench/setup.sql -- the tables bench/run's rejection and DDL loops aim at,
-- made once per run, before pgsafe is loaded.  psql variables: rows,
-- partitions, part_rows.

-- pgbench -S runs right after each restart: read its tables into
-- shared_buffers first, so that the first run is not the one paying for it
CREATE EXTENSION pg_prewarm;

-- The same shape at two sizes: pgsafe reads a size from the block count,
-- so rejecting ADD UNIQUE should cost as much on one as on the other.
-- No index on either: an index would be opened as well and blur the point.
CREATE TABLE bench_one (id int, v int);
INSERT INTO bench_one VALUES (1, 1);
CREATE TABLE bench_big (id int, v int);
INSERT INTO bench_big SELECT g, g FROM generate_series(1, :rows) g;

-- Every partition holds rows, so pgsafe cannot stop early (and does not
-- try: the message names the size of each).  One statement per partition,
-- each its own transaction, so any number of them fits the lock table.
CREATE TABLE bench_parted (id int, v int) PARTITION BY RANGE (id);
SELECT format('CREATE TABLE bench_parted_%s PARTITION OF bench_parted FOR VALUES FROM (%s) TO (%s)',
              p, p * :part_rows, (p + 1) * :part_rows)
  FROM generate_series(0, :partitions - 1) p
\gexec
SELECT format('INSERT INTO bench_parted_%s SELECT g, g FROM generate_series(%s, %s) g',
              p, p * :part_rows, (p + 1) * :part_rows - 1)
  FROM generate_series(0, :partitions - 1) p
\gexec

-- Empty: DDL on it is inspected by pgsafe and let through.
CREATE TABLE bench_empty (id int, v int);

-- Set the visibility map now, so the VACUUMs between runs skip these pages.
VACUUM;
