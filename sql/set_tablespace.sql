--
-- set-tablespace: SET TABLESPACE copies a table, materialized view or
-- index, block by block, to another tablespace under ACCESS EXCLUSIVE.  The
-- tablespace is an in-place one (allow_in_place_tablespaces, PostgreSQL 15):
-- no directory.
--
SET pgsafe.mode = off;
SET allow_in_place_tablespaces = on;
CREATE TABLESPACE sts_space LOCATION '';
CREATE TABLESPACE "Sts Space" LOCATION '';
RESET allow_in_place_tablespaces;
CREATE TABLE sts_keyed (id int PRIMARY KEY, v text);
INSERT INTO sts_keyed SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE TABLE sts_unique (id int NOT NULL, v text);
CREATE UNIQUE INDEX sts_unique_id ON sts_unique (id);
INSERT INTO sts_unique SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE TABLE sts_keyless (id int, v text);
CREATE UNIQUE INDEX sts_keyless_id ON sts_keyless (id);
INSERT INTO sts_keyless SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE TABLE sts_there (id int) TABLESPACE sts_space;
INSERT INTO sts_there SELECT generate_series(1, 1000);
CREATE TABLE sts_empty (id int);
CREATE TABLE sts_parted (id int) PARTITION BY RANGE (id);
CREATE TABLE sts_parted_1 PARTITION OF sts_parted FOR VALUES FROM (0) TO (10000);
INSERT INTO sts_parted SELECT generate_series(1, 1000);
-- one page, the same size on every major (bulk extension differs from 16 on)
CREATE MATERIALIZED VIEW sts_view AS SELECT id FROM sts_keyed WHERE id <= 100;
CREATE SCHEMA "Sts Schema";
CREATE TABLE "Sts Schema"."Mixed Table" ("Key" int PRIMARY KEY);
INSERT INTO "Sts Schema"."Mixed Table" SELECT generate_series(1, 1000);
RESET pgsafe.mode;

-- flagged: pg_repack for a table with a primary key or a unique index on NOT
-- NULL columns (its extension is not created here); no online way without
-- one, nor for a materialized view; quoted names
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_keyed SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_unique SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_keyless SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER MATERIALIZED VIEW sts_view SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER TABLE "Sts Schema"."Mixed Table" SET TABLESPACE "Sts Space"');
-- back to the database's default, written as pg_default
SELECT message FROM pgsafe_test.report('ALTER TABLE sts_there SET TABLESPACE pg_default');

-- not flagged: the tablespace it is in already, pg_default for a table in the
-- database's default (reltablespace 0), an empty table, one created in this
-- transaction, a partitioned table (only the default of future partitions
-- changes), a tablespace that does not exist (PostgreSQL's own error)
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_there SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_keyed SET TABLESPACE pg_default');
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_empty SET TABLESPACE sts_space');
BEGIN;
CREATE TABLE sts_fresh AS SELECT generate_series(1, 1000) AS id;
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_fresh SET TABLESPACE sts_space');
ROLLBACK;
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_parted SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER TABLE sts_keyed SET TABLESPACE sts_nowhere');

-- error mode rejects, and nothing moves; in a transaction block too
SET pgsafe.mode = error;
ALTER TABLE sts_keyed SET TABLESPACE sts_space;
BEGIN;
ALTER MATERIALIZED VIEW sts_view SET TABLESPACE sts_space;
ROLLBACK;
RESET pgsafe.mode;
SELECT relname, reltablespace FROM pg_class WHERE relname IN ('sts_keyed', 'sts_view') ORDER BY 1;

-- from a function
CREATE FUNCTION sts_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    ALTER TABLE sts_keyed SET TABLESPACE sts_space;
END
$$;
SELECT sts_in_function();
DROP FUNCTION sts_in_function();

-- pgsafe.check()
SELECT rule, message FROM pgsafe.check('ALTER TABLE sts_keyed SET TABLESPACE sts_space; ALTER TABLE sts_parted SET TABLESPACE sts_space', false);

-- the hint, run as printed (its pg_repack lines are comments), reaches the end state
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "Sts Schema"."Mixed Table" SET TABLESPACE "Sts Space"') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER MATERIALIZED VIEW sts_view SET TABLESPACE sts_space') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT c.oid::regclass AS relation, t.spcname FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace
 WHERE c.oid IN ('"Sts Schema"."Mixed Table"'::regclass, 'sts_view'::regclass) ORDER BY 1;

-- ALTER INDEX ... SET TABLESPACE copies the index under ACCESS EXCLUSIVE on
-- it, which blocks every query planned on its table: flagged, with REINDEX
-- (TABLESPACE ...) INDEX CONCURRENTLY; no online way for an exclusion
-- constraint's index, which REINDEX CONCURRENTLY refuses
SET pgsafe.mode = off;
CREATE TABLE sts_ranges (r int4range, EXCLUDE USING gist (r WITH &&));
INSERT INTO sts_ranges SELECT int4range(g * 10, g * 10 + 5) FROM generate_series(1, 1000) g;
CREATE INDEX sts_parted_idx ON sts_parted (id);
CREATE INDEX sts_empty_idx ON sts_empty (id);
CREATE INDEX "Mixed Index" ON "Sts Schema"."Mixed Table" ("Key");
RESET pgsafe.mode;
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_keyed_pkey SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER INDEX "Sts Schema"."Mixed Index" SET TABLESPACE "Sts Space"');
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_ranges_r_excl SET TABLESPACE sts_space');
-- a partition's index of a partitioned index has storage and is copied
SELECT message FROM pgsafe_test.report('ALTER INDEX sts_parted_1_id_idx SET TABLESPACE sts_space');
-- ALTER TABLE runs SET TABLESPACE on an index too
SELECT message FROM pgsafe_test.report('ALTER TABLE sts_keyed_pkey SET TABLESPACE sts_space');
-- not flagged: a partitioned index (a catalog change), an index of an empty
-- table or of one created in this transaction, the tablespace it is in
-- already, a missing index with IF EXISTS, the other ALTER INDEX subcommands
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_parted_idx SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_empty_idx SET TABLESPACE sts_space');
BEGIN;
CREATE TABLE sts_fresh AS SELECT generate_series(1, 1000) AS id;
CREATE INDEX sts_fresh_idx ON sts_fresh (id);
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_fresh_idx SET TABLESPACE sts_space');
ROLLBACK;
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_keyed_pkey SET TABLESPACE pg_default');
SELECT * FROM pgsafe_test.report('ALTER INDEX IF EXISTS sts_nothing SET TABLESPACE sts_space');
SELECT * FROM pgsafe_test.report('ALTER INDEX sts_keyed_pkey SET (fillfactor = 80)');

-- error mode rejects, and the index stays; in a transaction block the hint
-- says REINDEX CONCURRENTLY runs outside it
SET pgsafe.mode = error;
ALTER INDEX sts_keyed_pkey SET TABLESPACE sts_space;
BEGIN;
ALTER INDEX sts_keyed_pkey SET TABLESPACE sts_space;
ROLLBACK;
RESET pgsafe.mode;
SELECT reltablespace FROM pg_class WHERE relname = 'sts_keyed_pkey';
SELECT rule, message FROM pgsafe.check('ALTER INDEX sts_keyed_pkey SET TABLESPACE sts_space; ALTER INDEX sts_parted_idx SET TABLESPACE sts_space', false);

-- the hint, run as printed, moves the index
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER INDEX "Sts Schema"."Mixed Index" SET TABLESPACE "Sts Space"') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT c.oid::regclass AS index, t.spcname FROM pg_class c JOIN pg_tablespace t ON t.oid = c.reltablespace
 WHERE c.oid = '"Sts Schema"."Mixed Index"'::regclass;

-- ground truth: a new relfilenode exactly when pgsafe says rewrite
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('sts_keyed', 'ALTER TABLE sts_keyed SET TABLESPACE sts_space'),
    ('sts_keyed', 'ALTER TABLE sts_keyed SET TABLESPACE pg_default'),
    ('sts_there', 'ALTER TABLE sts_there SET TABLESPACE sts_space'),
    ('sts_there', 'ALTER TABLE sts_there SET TABLESPACE pg_default'),
    ('sts_view', 'ALTER MATERIALIZED VIEW sts_view SET TABLESPACE pg_default'),
    ('sts_parted', 'ALTER TABLE sts_parted SET TABLESPACE sts_space'),
    ('sts_keyed_pkey', 'ALTER INDEX sts_keyed_pkey SET TABLESPACE sts_space'),
    ('sts_keyed_pkey', 'ALTER INDEX sts_keyed_pkey SET TABLESPACE pg_default'),
    ('sts_keyed_pkey', 'ALTER TABLE sts_keyed_pkey SET TABLESPACE sts_space'),
    ('sts_parted_1_id_idx', 'ALTER INDEX sts_parted_1_id_idx SET TABLESPACE "Sts Space"'),
    ('sts_parted_idx', 'ALTER INDEX sts_parted_idx SET TABLESPACE "Sts Space"')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

DROP SCHEMA "Sts Schema" CASCADE;
DROP TABLE sts_keyed, sts_unique, sts_keyless, sts_there, sts_empty, sts_parted, sts_ranges CASCADE;
DROP TABLESPACE sts_space;
DROP TABLESPACE "Sts Space";
