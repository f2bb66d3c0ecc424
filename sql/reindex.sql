--
-- reindex: REINDEX without CONCURRENTLY holds SHARE on the table and ACCESS
-- EXCLUSIVE on each index it rebuilds.
--
CREATE TABLE rx (id int PRIMARY KEY, v text);
INSERT INTO rx SELECT g, 'v' || g FROM generate_series(1, 1000) g;
CREATE INDEX rx_v ON rx (v);
CREATE TABLE "Rx Mixed" ("Id" int);
INSERT INTO "Rx Mixed" SELECT g FROM generate_series(1, 1000) g;
CREATE INDEX "Rx Idx" ON "Rx Mixed" ("Id");
CREATE TABLE rx_empty (id int PRIMARY KEY);
CREATE TABLE rx_bare (id int);
INSERT INTO rx_bare SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE rx_excl (r int4range, EXCLUDE USING gist (r WITH &&));
INSERT INTO rx_excl SELECT int4range(g, g + 1) FROM generate_series(1, 1000) g;
CREATE MATERIALIZED VIEW rx_mv AS SELECT id, v FROM rx;
-- the same size on every version (from 17 a view is filled in pages allocated ahead)
VACUUM rx_mv;
CREATE INDEX rx_mv_id ON rx_mv (id);
CREATE TABLE rx_parted (id int, at int) PARTITION BY RANGE (at);
CREATE TABLE rx_parted_1 PARTITION OF rx_parted FOR VALUES FROM (0) TO (500);
CREATE TABLE rx_parted_2 PARTITION OF rx_parted FOR VALUES FROM (500) TO (1000);
INSERT INTO rx_parted SELECT g, g FROM generate_series(0, 999) g;
CREATE INDEX rx_parted_id ON rx_parted (id);

-- flagged: INDEX, TABLE, with options, quoted names, a materialized view
SELECT * FROM pgsafe_test.report('REINDEX INDEX rx_v');
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx');
SELECT * FROM pgsafe_test.report('REINDEX (VERBOSE, TABLESPACE pg_default) TABLE public.rx');
SELECT * FROM pgsafe_test.report('REINDEX INDEX "Rx Idx"');
SELECT * FROM pgsafe_test.report('REINDEX TABLE "Rx Mixed"');
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_mv');
-- the index of an exclusion constraint: REINDEX CONCURRENTLY refuses it, TABLE skips it
SELECT * FROM pgsafe_test.report('REINDEX INDEX rx_excl_r_excl');
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_excl');
-- a system catalog: CONCURRENTLY is refused, no online alternative (sizes vary: no detail)
SELECT message, hint FROM pgsafe_test.report('REINDEX TABLE pg_catalog.pg_am');

-- not flagged: an empty table, a table without indexes, a temporary table,
-- one created in this transaction, CONCURRENTLY
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_empty');
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_bare');
CREATE TEMP TABLE rx_temp AS SELECT * FROM rx;
CREATE INDEX ON rx_temp (id);
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_temp');
BEGIN;
CREATE TABLE rx_fresh AS SELECT * FROM rx;
CREATE INDEX ON rx_fresh (id);
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_fresh');
ROLLBACK;
SELECT rule, message FROM pgsafe.check('REINDEX TABLE CONCURRENTLY rx; REINDEX (CONCURRENTLY) INDEX rx_v', false);

-- in a transaction block the hint says CONCURRENTLY must run outside it
SET pgsafe.mode = error;
BEGIN;
REINDEX TABLE rx;
ROLLBACK;
RESET pgsafe.mode;

-- partitioned: each partition in a transaction of its own, so refused in a
-- transaction block or a function (nothing to say there); at top level, flagged
SELECT * FROM pgsafe_test.report('REINDEX TABLE rx_parted');
SET pgsafe.mode = error;
REINDEX TABLE rx_parted;
REINDEX INDEX rx_parted_id;
RESET pgsafe.mode;

-- SCHEMA and DATABASE: the tables, the largest named, the message bounded
CREATE SCHEMA rx_s;
CREATE TABLE rx_s.big (id int PRIMARY KEY, pad text);
INSERT INTO rx_s.big SELECT g, repeat('p', 100) FROM generate_series(1, 2000) g;
CREATE TABLE rx_s.small (id int PRIMARY KEY);
INSERT INTO rx_s.small SELECT g FROM generate_series(1, 10) g;
CREATE TABLE rx_s.unindexed (id int);
INSERT INTO rx_s.unindexed VALUES (1);
SET pgsafe.mode = error;
REINDEX SCHEMA rx_s;
RESET pgsafe.mode;
SELECT rule, replace(message, current_database(), 'DB') AS message,
       replace(safe_sql, current_database(), 'DB') AS safe_sql
  FROM pgsafe.check(format('REINDEX DATABASE %I', current_database()), false);
SELECT rule, message, hint, safe_sql
  FROM pgsafe.check(format('REINDEX SYSTEM %I', current_database()), false);
SELECT rule, message, hint FROM pgsafe.check('REINDEX SCHEMA pg_catalog', false);
-- an empty schema, and one that does not exist
CREATE SCHEMA rx_none;
SELECT rule FROM pgsafe.check('REINDEX SCHEMA rx_none; REINDEX SCHEMA rx_missing', false);

-- pgsafe.check(): a relation the script cannot see, and one it creates
SELECT rule, message FROM pgsafe.check('REINDEX TABLE rx_nowhere', false);
SELECT rule FROM pgsafe.check('CREATE TABLE rx_new (id int PRIMARY KEY); REINDEX TABLE rx_new', false);

-- from a function: the hint says it cannot run there
CREATE FUNCTION rx_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    REINDEX INDEX rx_v;
END
$$;
SELECT rx_in_function();
DROP FUNCTION rx_in_function();

-- every hint, run as printed at top level, reaches its end state: new
-- relfilenodes for the indexes, all valid
SET pgsafe.mode = error;
CREATE TEMP TABLE rx_files AS
  SELECT indexrelid::regclass::text AS index, pg_relation_filenode(indexrelid) AS node FROM pg_index
   WHERE indrelid IN ('rx'::regclass, '"Rx Mixed"'::regclass, 'rx_s.big'::regclass, 'rx_parted_1'::regclass);
SELECT hint FROM pgsafe_test.report('REINDEX (TABLESPACE pg_default) TABLE rx') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('REINDEX INDEX "Rx Idx"') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT safe_sql FROM pgsafe.check('REINDEX SCHEMA rx_s', false) \gset
\set ECHO queries
SELECT pgsafe_test.statements(E'\n' || :'safe_sql') \gexec
\set ECHO all
SELECT safe_sql FROM pgsafe.check('REINDEX TABLE rx_parted', false) \gset
\set ECHO queries
SELECT pgsafe_test.statements(E'\n' || :'safe_sql') \gexec
\set ECHO all
-- REINDEX CONCURRENTLY gives the new copy the old one's name
SELECT f.index, pg_relation_filenode(f.index::regclass) <> f.node AS rebuilt, i.indisvalid
  FROM rx_files f JOIN pg_index i ON i.indexrelid = f.index::regclass ORDER BY 1;
RESET pgsafe.mode;

-- ground truth: the indexes are rebuilt (a scan of the table) under SHARE;
-- the table keeps its relfilenode
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('rx', 'REINDEX TABLE rx'),
    ('rx', 'REINDEX INDEX rx_v'),
    ('"Rx Mixed"', 'REINDEX TABLE "Rx Mixed"'),
    ('rx_mv', 'REINDEX TABLE rx_mv'),
    ('rx_excl', 'REINDEX INDEX rx_excl_r_excl'),
    -- not flagged
    ('rx_bare', 'REINDEX TABLE rx_bare')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;
