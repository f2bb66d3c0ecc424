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

-- partitions that have a matching index already: PostgreSQL attaches it and builds nothing
-- (DefineIndex() matches as CompareIndexInfo() does, which ignores the sort order)
CREATE TABLE spans (id int, name text, code text) PARTITION BY RANGE (id);
CREATE TABLE spans_a PARTITION OF spans FOR VALUES FROM (0) TO (100);
CREATE TABLE spans_b PARTITION OF spans FOR VALUES FROM (100) TO (200) PARTITION BY RANGE (id);
CREATE TABLE spans_b1 PARTITION OF spans_b FOR VALUES FROM (100) TO (150);
CREATE TABLE spans_b2 PARTITION OF spans_b FOR VALUES FROM (150) TO (200);
INSERT INTO spans SELECT g, 'n' || g, 'c' || g FROM generate_series(0, 199) g;
SET client_min_messages = error;
CREATE INDEX spans_a_id ON spans_a (id DESC);
CREATE INDEX spans_b1_id ON spans_b1 (id);
CREATE INDEX spans_b2_id ON spans_b2 (id);
CREATE INDEX spans_a_name ON spans_a (name text_pattern_ops);
CREATE INDEX spans_b1_name ON spans_b1 (name);
CREATE UNIQUE INDEX spans_b2_name ON spans_b2 (name);
CREATE INDEX spans_a_code ON spans_a (code COLLATE "C");
CREATE INDEX spans_b1_code ON spans_b1 (code);
CREATE INDEX spans_b2_code ON spans_b2 (code);
RESET client_min_messages;
CREATE INDEX spans_id ON spans (id);
-- no index was built on a partition: the nine are still all there is
SELECT count(*) FROM pg_index WHERE indrelid IN ('spans_a'::regclass, 'spans_b1'::regclass, 'spans_b2'::regclass);
SELECT c.relname, p.relname AS parent FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('spans_id', 'spans_b_id_idx') ORDER BY 1;
-- another operator class, UNIQUE against a plain index, another collation: each such partition is built
CREATE INDEX ON spans (name);
CREATE INDEX ON spans (code);
-- what PostgreSQL did: built an index where pgsafe said it would (the names PostgreSQL chose), adopted the others
SELECT p.relname AS parent, c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  JOIN pg_class p ON p.oid = i.inhparent
 WHERE p.relname IN ('spans_name_idx', 'spans_b_name_idx', 'spans_code_idx', 'spans_b_code_idx') ORDER BY 1, 2;
-- an expression: pgsafe does not compare, and takes every partition as built
CREATE INDEX ON spans (lower(name));
-- the partitions' indexes are now attached to spans_id: a second index cannot adopt them
CREATE INDEX ON spans (id);
DROP TABLE spans;

DROP TABLE docs, empty_docs, temp_docs, fresh_docs, docs_copy, logs, quiet CASCADE;
DROP SCHEMA archive CASCADE;
