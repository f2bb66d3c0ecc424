-- Not from a seed: an index on a partitioned table, where CONCURRENTLY is
-- refused by PostgreSQL.
CREATE INDEX measurements_taken_idx ON measurements (taken);
