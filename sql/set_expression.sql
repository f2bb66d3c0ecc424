--
-- set-expression: ALTER COLUMN ... SET EXPRESSION AS (...) (PostgreSQL 17
-- and later; the Makefile runs this file from 17 on) computes a STORED
-- generated column again for every row, writing a new copy of the table
-- under ACCESS EXCLUSIVE.  No online form: the hint replaces the column by
-- a plain one that a trigger computes.  18's VIRTUAL columns: pg18.sql.
--
-- 18 proves the new column NOT NULL with a NOT VALID NOT NULL constraint
-- (expected/set_expression_1.out)
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
SET pgsafe.mode = off;
CREATE TABLE se (id int PRIMARY KEY, a int NOT NULL, b int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO se (id, a) SELECT g, g FROM generate_series(1, 500) g;
CREATE TABLE se_empty (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
CREATE TABLE se_plain (a int, b int);
INSERT INTO se_plain SELECT g, g FROM generate_series(1, 500) g;
CREATE TABLE se_parted (a int, b int GENERATED ALWAYS AS (a + 1) STORED) PARTITION BY RANGE (a);
CREATE TABLE se_parted_1 PARTITION OF se_parted FOR VALUES FROM (0) TO (1000);
INSERT INTO se_parted (a) SELECT generate_series(1, 500);
CREATE TABLE se_indexed (a int, b int GENERATED ALWAYS AS (a + 1) STORED);
CREATE INDEX se_indexed_b ON se_indexed (b);
INSERT INTO se_indexed (a) SELECT generate_series(1, 500);
CREATE SCHEMA "Se Schema";
CREATE TABLE "Se Schema"."Mixed Table" ("Key" int, "Gen Col" bigint GENERATED ALWAYS AS ("Key" * 10) STORED NOT NULL);
INSERT INTO "Se Schema"."Mixed Table" ("Key") SELECT generate_series(1, 500);
RESET pgsafe.mode;

-- flagged: a stored generated column of a table with rows, of a
-- partitioned table (its partitions are rewritten), quoted names
SELECT * FROM pgsafe_test.report('ALTER TABLE se ALTER COLUMN b SET EXPRESSION AS (a * 3)');
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE se_parted ALTER COLUMN b SET EXPRESSION AS (a + 2)');
SELECT * FROM pgsafe_test.report('ALTER TABLE "Se Schema"."Mixed Table" ALTER COLUMN "Gen Col" SET EXPRESSION AS ("Key" * 100)');

-- not flagged: an empty table, one created in this transaction, a column
-- that is not generated (PostgreSQL refuses it), a missing column
SELECT * FROM pgsafe_test.report('ALTER TABLE se_empty ALTER COLUMN b SET EXPRESSION AS (a * 3)');
BEGIN;
CREATE TABLE se_fresh (a int, b int GENERATED ALWAYS AS (a) STORED);
INSERT INTO se_fresh (a) SELECT generate_series(1, 500);
SELECT * FROM pgsafe_test.report('ALTER TABLE se_fresh ALTER COLUMN b SET EXPRESSION AS (a * 3)');
ROLLBACK;
SELECT * FROM pgsafe_test.report('ALTER TABLE se_plain ALTER COLUMN b SET EXPRESSION AS (a * 3)');
SELECT * FROM pgsafe_test.report('ALTER TABLE se ALTER COLUMN nope SET EXPRESSION AS (a * 3)');

-- error mode rejects, and nothing changes; in a transaction block too
SET pgsafe.mode = error;
ALTER TABLE se ALTER COLUMN b SET EXPRESSION AS (a * 3);
BEGIN;
ALTER TABLE se ALTER COLUMN b SET EXPRESSION AS (a * 3);
ROLLBACK;
RESET pgsafe.mode;
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'se'::regclass;

-- from a function
CREATE FUNCTION se_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    ALTER TABLE se ALTER COLUMN b SET EXPRESSION AS (a * 3);
END
$$;
SELECT se_in_function();
DROP FUNCTION se_in_function();

-- pgsafe.check()
SELECT rule, message FROM pgsafe.check('ALTER TABLE se ALTER COLUMN b SET EXPRESSION AS (a * 3); ALTER TABLE se_empty ALTER COLUMN b SET EXPRESSION AS (a)', false);

-- an index on the column: DROP COLUMN would drop it, the hint says so
SELECT hint FROM pgsafe_test.report('ALTER TABLE se_indexed ALTER COLUMN b SET EXPRESSION AS (a + 2)');

-- the hint, run as printed, reaches the end state: the column holds the
-- new expression's values, for old rows and for new writes
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE se ALTER COLUMN b SET EXPRESSION AS (a * 3)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
INSERT INTO se (id, a) VALUES (1000, 7);
UPDATE se SET a = 8 WHERE id = 1;
SELECT count(*) AS wrong FROM se WHERE b IS DISTINCT FROM a * 3;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "Se Schema"."Mixed Table" ALTER COLUMN "Gen Col" SET EXPRESSION AS ("Key" * 100)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
INSERT INTO "Se Schema"."Mixed Table" ("Key") VALUES (7);
SELECT count(*) AS wrong FROM "Se Schema"."Mixed Table" WHERE "Gen Col" IS DISTINCT FROM "Key" * 100;
SELECT attname, attnotnull FROM pg_attribute WHERE attrelid = '"Se Schema"."Mixed Table"'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT hint FROM pgsafe_test.report('ALTER TABLE se_parted ALTER COLUMN b SET EXPRESSION AS (a + 2)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
INSERT INTO se_parted (a) VALUES (900);
SELECT count(*) AS wrong FROM se_parted WHERE b IS DISTINCT FROM a + 2;
RESET pgsafe.mode;

-- ground truth: a new relfilenode exactly when pgsafe says rewrite (17 has
-- only STORED generated columns, which it always rewrites; VIRTUAL: pg18.sql)
SET pgsafe.mode = off;
CREATE TABLE gt_se (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO gt_se (a) SELECT generate_series(1, 500);
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('gt_se', 'ALTER TABLE gt_se ALTER COLUMN b SET EXPRESSION AS (a * 3)')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

DROP SCHEMA "Se Schema" CASCADE;
DROP TABLE se, se_empty, se_plain, se_parted, se_indexed, gt_se;
