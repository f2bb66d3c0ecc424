--
-- CREATE [UNIQUE] INDEX without CONCURRENTLY on a non-empty table,
-- partitioned table or materialized view.
--
CREATE TABLE docs (id int, title text, body text, tags text[], created date);
INSERT INTO docs SELECT g, 'title ' || g, repeat('x', g % 50), ARRAY['t' || g % 5], date '2026-01-01' + g % 300
  FROM generate_series(1, 2000) g;

-- the default name; the index definition is kept as written
CREATE INDEX ON docs (created);
CREATE INDEX docs_title_lower ON docs USING btree (lower(title) text_pattern_ops DESC NULLS LAST)
  INCLUDE (id) WITH (fillfactor = 80) TABLESPACE pg_default WHERE created > '2026-06-01';
CREATE INDEX ON docs USING gin (tags);
CREATE UNIQUE INDEX ON docs (id);
-- IF NOT EXISTS: flagged when the name is new, not when the index exists
CREATE INDEX IF NOT EXISTS docs_created_idx ON docs (created);
CREATE INDEX IF NOT EXISTS docs_new_idx ON docs (id, created);
-- comments inside and after the statement survive in the advice
CREATE INDEX docs_multi_idx ON docs (
  id,      -- first
  created  /* second */
) -- trailing comment
;

-- not flagged: CONCURRENTLY, an empty table, a temporary table, one created in this transaction
CREATE INDEX CONCURRENTLY docs_body_idx ON docs (body);
CREATE TABLE empty_docs (id int);
CREATE INDEX ON empty_docs (id);
CREATE TEMP TABLE temp_docs AS SELECT * FROM docs;
CREATE INDEX ON temp_docs (id);
BEGIN;
CREATE TABLE fresh_docs AS SELECT * FROM docs;
CREATE INDEX ON fresh_docs (id);
COMMIT;
-- CREATE TABLE ... LIKE ... INCLUDING INDEXES and CREATE SCHEMA ... CREATE INDEX
CREATE TABLE docs_copy (LIKE docs INCLUDING INDEXES);
CREATE SCHEMA archive CREATE TABLE old_docs (id int) CREATE INDEX old_docs_id ON old_docs (id);

-- inside a transaction block, CONCURRENTLY is impossible: the hint says so
BEGIN;
CREATE INDEX docs_in_tx ON docs (title);
ROLLBACK;

-- a materialized view: SHARE blocks REFRESH, not reads
CREATE MATERIALIZED VIEW docs_by_day AS SELECT created, count(*) AS n FROM docs GROUP BY created;
CREATE INDEX ON docs_by_day (created);

-- partitioned: CONCURRENTLY is refused on the parent; ON ONLY + one index per partition + ATTACH
CREATE TABLE logs (id int, at date, msg text) PARTITION BY RANGE (at);
CREATE TABLE logs_2025 PARTITION OF logs FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY RANGE (at);
CREATE TABLE logs_2026_q1 PARTITION OF logs_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-04-01');
CREATE TABLE logs_2026_rest PARTITION OF logs_2026 FOR VALUES FROM ('2026-04-01') TO ('2027-01-01');
INSERT INTO logs SELECT g, date '2025-06-01' + g, 'm' FROM generate_series(0, 500) g;
CREATE INDEX ON logs (at, id);
-- not flagged: ON ONLY the parent, and ALTER INDEX ... ATTACH PARTITION
CREATE INDEX logs_msg_idx ON ONLY logs (msg);
CREATE INDEX CONCURRENTLY logs_2025_msg_idx ON logs_2025 (msg);
ALTER INDEX logs_msg_idx ATTACH PARTITION logs_2025_msg_idx;
-- a partition with no rows is not read; an empty partitioned tree is not flagged
CREATE TABLE quiet (id int, k int) PARTITION BY LIST (k);
CREATE TABLE quiet_1 PARTITION OF quiet FOR VALUES IN (1);
CREATE INDEX ON quiet (id);

DROP TABLE docs, empty_docs, temp_docs, fresh_docs, docs_copy, logs, quiet CASCADE;
DROP SCHEMA archive CASCADE;
