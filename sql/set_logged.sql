--
-- set-logged: SET LOGGED and SET UNLOGGED write a new copy of the table, its
-- TOAST table and its indexes under ACCESS EXCLUSIVE; no online alternative.
--
SET pgsafe.mode = off;
CREATE TABLE sl_logged (id int PRIMARY KEY, v text);
INSERT INTO sl_logged SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE UNLOGGED TABLE sl_unlogged (id int PRIMARY KEY, v text);
INSERT INTO sl_unlogged SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE TABLE sl_empty (id int);
CREATE TABLE sl_parted (id int) PARTITION BY RANGE (id);
CREATE TABLE sl_parted_1 PARTITION OF sl_parted FOR VALUES FROM (0) TO (10000);
INSERT INTO sl_parted SELECT generate_series(1, 1000);
CREATE SCHEMA "Sl Schema";
CREATE TABLE "Sl Schema"."Mixed Table" ("Key" int);
INSERT INTO "Sl Schema"."Mixed Table" SELECT generate_series(1, 1000);
RESET pgsafe.mode;

-- flagged: a change of persistence, quoted names
SELECT * FROM pgsafe_test.report('ALTER TABLE sl_logged SET UNLOGGED');
SELECT * FROM pgsafe_test.report('ALTER TABLE sl_unlogged SET LOGGED');
SELECT * FROM pgsafe_test.report('ALTER TABLE "Sl Schema"."Mixed Table" SET UNLOGGED');

-- not flagged: the persistence it has already, an empty table, one created
-- in this transaction, a partitioned table (no storage; refused from 18)
SELECT * FROM pgsafe_test.report('ALTER TABLE sl_logged SET LOGGED');
SELECT * FROM pgsafe_test.report('ALTER TABLE sl_unlogged SET UNLOGGED');
SELECT * FROM pgsafe_test.report('ALTER TABLE sl_empty SET UNLOGGED');
BEGIN;
CREATE TABLE sl_fresh AS SELECT generate_series(1, 1000) AS id;
SELECT * FROM pgsafe_test.report('ALTER TABLE sl_fresh SET UNLOGGED');
ROLLBACK;
SELECT code LIKE 'PS%' AS flagged FROM pgsafe_test.report('ALTER TABLE sl_parted SET UNLOGGED');

-- error mode rejects, and nothing changes; in a transaction block too
SET pgsafe.mode = error;
ALTER TABLE sl_logged SET UNLOGGED;
BEGIN;
ALTER TABLE sl_unlogged SET LOGGED;
ROLLBACK;
RESET pgsafe.mode;
SELECT relname, relpersistence FROM pg_class WHERE relname IN ('sl_logged', 'sl_unlogged') ORDER BY 1;

-- from a function
CREATE FUNCTION sl_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    ALTER TABLE sl_logged SET UNLOGGED;
END
$$;
SELECT sl_in_function();
DROP FUNCTION sl_in_function();

-- pgsafe.check()
SELECT rule, message FROM pgsafe.check('ALTER TABLE sl_logged SET UNLOGGED; ALTER TABLE sl_logged SET LOGGED', false);

-- the hint, run as printed, reaches the end state
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "Sl Schema"."Mixed Table" SET UNLOGGED') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE sl_unlogged SET LOGGED') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT c.oid::regclass AS relation, relpersistence FROM pg_class c
 WHERE c.oid IN ('"Sl Schema"."Mixed Table"'::regclass, 'sl_unlogged'::regclass, 'sl_unlogged_pkey'::regclass)
 ORDER BY 1;

-- ground truth: a new relfilenode exactly when pgsafe says rewrite
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('sl_logged', 'ALTER TABLE sl_logged SET UNLOGGED'),
    ('sl_logged', 'ALTER TABLE sl_logged SET LOGGED'),
    ('sl_unlogged', 'ALTER TABLE sl_unlogged SET UNLOGGED'),
    ('"Sl Schema"."Mixed Table"', 'ALTER TABLE "Sl Schema"."Mixed Table" SET LOGGED')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

DROP SCHEMA "Sl Schema" CASCADE;
DROP TABLE sl_logged, sl_unlogged, sl_empty, sl_parted;
