--
-- set-access-method: SET ACCESS METHOD writes every row again into the new
-- table access method under ACCESS EXCLUSIVE; no online alternative.  The
-- second method is heap's own handler under another name, as PostgreSQL's
-- regression tests make one.
--
SET pgsafe.mode = off;
CREATE ACCESS METHOD sam_heap2 TYPE TABLE HANDLER heap_tableam_handler;
CREATE ACCESS METHOD "Sam Heap" TYPE TABLE HANDLER heap_tableam_handler;
CREATE TABLE sam_table (id int PRIMARY KEY, v text);
INSERT INTO sam_table SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE TABLE sam_other (id int) USING sam_heap2;
INSERT INTO sam_other SELECT generate_series(1, 1000);
CREATE TABLE sam_empty (id int);
CREATE TABLE sam_parted (id int) PARTITION BY RANGE (id);
CREATE TABLE sam_parted_1 PARTITION OF sam_parted FOR VALUES FROM (0) TO (10000);
INSERT INTO sam_parted SELECT generate_series(1, 1000);
-- one page, the same size on every major (bulk extension differs from 16 on)
CREATE MATERIALIZED VIEW sam_view AS SELECT id FROM sam_table WHERE id <= 100;
CREATE SCHEMA "Sam Schema";
CREATE TABLE "Sam Schema"."Mixed Table" ("Key" int);
INSERT INTO "Sam Schema"."Mixed Table" SELECT generate_series(1, 1000);
RESET pgsafe.mode;

-- flagged: another method, a materialized view, quoted names
SELECT * FROM pgsafe_test.report('ALTER TABLE sam_table SET ACCESS METHOD sam_heap2');
SELECT * FROM pgsafe_test.report('ALTER TABLE sam_other SET ACCESS METHOD heap');
SELECT * FROM pgsafe_test.report('ALTER MATERIALIZED VIEW sam_view SET ACCESS METHOD sam_heap2');
SELECT * FROM pgsafe_test.report('ALTER TABLE "Sam Schema"."Mixed Table" SET ACCESS METHOD "Sam Heap"');

-- not flagged: the method it has already, an empty table, one created in this
-- transaction, a partitioned table (refused before 17, a catalog change from
-- 17), a method that does not exist (PostgreSQL's own error)
SELECT * FROM pgsafe_test.report('ALTER TABLE sam_table SET ACCESS METHOD heap');
SELECT * FROM pgsafe_test.report('ALTER TABLE sam_empty SET ACCESS METHOD sam_heap2');
BEGIN;
CREATE TABLE sam_fresh AS SELECT generate_series(1, 1000) AS id;
SELECT * FROM pgsafe_test.report('ALTER TABLE sam_fresh SET ACCESS METHOD sam_heap2');
ROLLBACK;
SELECT code LIKE 'PS%' AS flagged FROM pgsafe_test.report('ALTER TABLE sam_parted SET ACCESS METHOD sam_heap2');
SELECT * FROM pgsafe_test.report('ALTER TABLE sam_table SET ACCESS METHOD sam_nowhere');

-- error mode rejects, and nothing changes; in a transaction block too
SET pgsafe.mode = error;
ALTER TABLE sam_table SET ACCESS METHOD sam_heap2;
BEGIN;
ALTER MATERIALIZED VIEW sam_view SET ACCESS METHOD sam_heap2;
ROLLBACK;
RESET pgsafe.mode;
SELECT c.relname, a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam
 WHERE c.relname IN ('sam_table', 'sam_view') ORDER BY 1;

-- from a function
CREATE FUNCTION sam_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    ALTER TABLE sam_table SET ACCESS METHOD sam_heap2;
END
$$;
SELECT sam_in_function();
DROP FUNCTION sam_in_function();

-- pgsafe.check()
SELECT rule, message FROM pgsafe.check('ALTER TABLE sam_table SET ACCESS METHOD sam_heap2; ALTER TABLE sam_table SET ACCESS METHOD heap', false);

-- the hint, run as printed, reaches the end state
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "Sam Schema"."Mixed Table" SET ACCESS METHOD "Sam Heap"') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = '"Sam Schema"."Mixed Table"'::regclass;

-- ground truth: a new relfilenode exactly when pgsafe says rewrite
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('sam_table', 'ALTER TABLE sam_table SET ACCESS METHOD sam_heap2'),
    ('sam_table', 'ALTER TABLE sam_table SET ACCESS METHOD heap'),
    ('sam_other', 'ALTER TABLE sam_other SET ACCESS METHOD heap'),
    ('sam_view', 'ALTER MATERIALIZED VIEW sam_view SET ACCESS METHOD sam_heap2')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

DROP SCHEMA "Sam Schema" CASCADE;
DROP TABLE sam_table, sam_other, sam_empty, sam_parted CASCADE;
DROP ACCESS METHOD sam_heap2;
DROP ACCESS METHOD "Sam Heap";
