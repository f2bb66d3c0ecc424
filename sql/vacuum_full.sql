--
-- vacuum-full and cluster: VACUUM FULL and CLUSTER write a new copy of each
-- table under ACCESS EXCLUSIVE, blocking its reads and writes.  The online
-- rewrite is pg_repack, a shell command: the hint gives it as a \! line.
--
SET pgsafe.mode = off;
CREATE TABLE vf_keyed (id int PRIMARY KEY, grp int, v text);
INSERT INTO vf_keyed SELECT g, g % 10, 'v' || g FROM generate_series(1, 1000) g;
CREATE INDEX vf_keyed_grp ON vf_keyed (grp DESC NULLS LAST, v);
-- no key pg_repack can use: none, a nullable UNIQUE, a partial one
CREATE TABLE vf_nokey (id int, v text);
INSERT INTO vf_nokey SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE TABLE vf_nullable (id int UNIQUE);
INSERT INTO vf_nullable SELECT g FROM generate_series(1, 100) g;
CREATE TABLE vf_partial (id int NOT NULL);
CREATE UNIQUE INDEX vf_partial_id ON vf_partial (id) WHERE id > 0;
INSERT INTO vf_partial SELECT g FROM generate_series(1, 100) g;
-- a NOT NULL UNIQUE key is enough
CREATE TABLE vf_unique (id int NOT NULL UNIQUE);
INSERT INTO vf_unique SELECT g FROM generate_series(1, 100) g;
-- quoted names, one with a quote for the shell
CREATE SCHEMA "Vf Schema";
CREATE TABLE "Vf Schema"."Mixed Tab" ("Key" int PRIMARY KEY, v text);
INSERT INTO "Vf Schema"."Mixed Tab" SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE INDEX "Mixed Order" ON "Vf Schema"."Mixed Tab" (v);
CREATE TABLE "it's" (id int PRIMARY KEY);
INSERT INTO "it's" SELECT g FROM generate_series(1, 100) g;
-- empty; unlogged and a materialized view, which pg_repack does not rewrite
CREATE TABLE vf_empty (id int PRIMARY KEY);
CREATE UNLOGGED TABLE vf_unlogged (id int PRIMARY KEY);
INSERT INTO vf_unlogged SELECT g FROM generate_series(1, 100) g;
CREATE MATERIALIZED VIEW vf_mv AS SELECT id FROM vf_keyed WHERE id <= 100;
-- partitioned: one partition with rows, one empty
CREATE TABLE vf_parted (id int, grp int, PRIMARY KEY (id, grp)) PARTITION BY LIST (grp);
CREATE TABLE vf_parted_1 PARTITION OF vf_parted FOR VALUES IN (1);
CREATE TABLE vf_parted_2 PARTITION OF vf_parted FOR VALUES IN (2);
INSERT INTO vf_parted SELECT g, 1 FROM generate_series(1, 500) g;
CREATE INDEX vf_parted_order ON vf_parted (grp, id DESC);
-- a GiST index, which CLUSTER can use and pg_repack cannot
CREATE TABLE vf_points (id int PRIMARY KEY, p point);
INSERT INTO vf_points SELECT g, point(g, g) FROM generate_series(1, 100) g;
CREATE INDEX vf_points_p ON vf_points USING gist (p);
RESET pgsafe.mode;

-- VACUUM FULL: a table, with a key, without one, quoted names
SET pgsafe.mode = error;
VACUUM FULL vf_keyed;
VACUUM (FULL, VERBOSE) vf_nokey;
VACUUM (FULL true, ANALYZE) "Vf Schema"."Mixed Tab";
VACUUM FULL "it's";
-- several tables: those pg_repack can do in one command, the others named
VACUUM FULL vf_keyed, vf_nullable, vf_partial, vf_unique, vf_mv, vf_unlogged, vf_empty;
-- partitioned: its partitions, the empty one not counted
VACUUM FULL vf_parted;
RESET pgsafe.mode;

-- not flagged: plain VACUUM, VACUUM ANALYZE, FULL false, ANALYZE, an empty
-- table; in a transaction block PostgreSQL refuses VACUUM itself
SET pgsafe.mode = error;
VACUUM vf_keyed;
VACUUM ANALYZE vf_keyed;
VACUUM (FULL false) vf_keyed;
VACUUM (FULL off, ANALYZE) vf_keyed;
ANALYZE vf_keyed;
VACUUM FULL vf_empty;
BEGIN;
VACUUM FULL vf_keyed;
ROLLBACK;
RESET pgsafe.mode;

-- CLUSTER: USING an index not yet clustered (the hint marks it first), the
-- clustered index, quoted names, old syntax, no key, a GiST index
SET pgsafe.mode = error;
CLUSTER vf_keyed USING vf_keyed_grp;
RESET pgsafe.mode;
ALTER TABLE vf_keyed CLUSTER ON vf_keyed_grp;
ALTER TABLE "Vf Schema"."Mixed Tab" CLUSTER ON "Mixed Order";
SET pgsafe.mode = error;
CLUSTER vf_keyed;
CLUSTER (VERBOSE) "Vf Schema"."Mixed Tab" USING "Mixed Order";
CLUSTER vf_points USING vf_points_p;
-- partitioned: each partition, by the index's key
CLUSTER vf_parted USING vf_parted_order;
-- CLUSTER without a table: every clustered table
CLUSTER;
RESET pgsafe.mode;

-- not flagged: an empty table, one created in this transaction, no
-- clustered index or no such index (PostgreSQL refuses), a partitioned table
-- in a transaction block (refused too)
SET pgsafe.mode = error;
ALTER TABLE vf_empty CLUSTER ON vf_empty_pkey;
CLUSTER vf_empty;
BEGIN;
CREATE TABLE vf_fresh (id int PRIMARY KEY);
INSERT INTO vf_fresh SELECT g FROM generate_series(1, 100) g;
CLUSTER vf_fresh USING vf_fresh_pkey;
ROLLBACK;
CLUSTER vf_nokey;
CLUSTER vf_keyed USING vf_nowhere;
BEGIN;
CLUSTER vf_parted USING vf_parted_order;
ROLLBACK;
RESET pgsafe.mode;

-- in a function: CLUSTER of a table is flagged there, VACUUM is refused by PostgreSQL
CREATE FUNCTION vf_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    CLUSTER vf_keyed;
END
$$;
SELECT vf_in_function();
DROP FUNCTION vf_in_function();

-- the whole database: the tables the role may vacuum, and for CLUSTER the
-- clustered tables it may cluster (a role that owns two, one of them empty)
CREATE ROLE vf_owner;
GRANT CREATE ON SCHEMA public TO vf_owner;
SET ROLE vf_owner;
CREATE TABLE vf_owned (id int PRIMARY KEY, v text);
INSERT INTO vf_owned SELECT g, 'v' || g FROM generate_series(1, 200) g;
ALTER TABLE vf_owned CLUSTER ON vf_owned_pkey;
CREATE TABLE vf_owned_empty (id int PRIMARY KEY);
ALTER TABLE vf_owned_empty CLUSTER ON vf_owned_empty_pkey;
SELECT rule, replace(message, current_database(), 'DB') AS message, detail,
       replace(safe_sql, current_database(), 'DB') AS safe_sql
  FROM pgsafe.check('VACUUM FULL; CLUSTER', false);
RESET ROLE;
-- a superuser's VACUUM FULL takes the system catalogs too
SELECT rule, replace(message, current_database(), 'DB') AS message,
       hint ~ 'outside the system catalogs, not [^:]*"pg_catalog\.pg_proc"' AS catalogs
  FROM pgsafe.check('VACUUM FULL', false);

-- pgsafe.check(): a table the script cannot see, one it creates
SELECT rule, message FROM pgsafe.check('VACUUM FULL vf_nowhere', false);
SELECT rule FROM pgsafe.check('CREATE TABLE vf_new (id int PRIMARY KEY); CLUSTER vf_new USING vf_new_pkey', false);
SELECT rule FROM pgsafe.check('BEGIN; VACUUM FULL vf_keyed; COMMIT', false);

-- error mode changed nothing; warn mode runs the statement, which rewrites
CREATE TEMP TABLE vf_files AS
  SELECT c::regclass AS rel, pg_relation_filenode(c) AS node
    FROM unnest(ARRAY['vf_keyed'::regclass, 'vf_nokey', '"Vf Schema"."Mixed Tab"', 'vf_parted_1', 'vf_points']) c;
SET pgsafe.mode = warn;
SET client_min_messages = error;
VACUUM FULL vf_keyed, vf_parted;
CLUSTER "Vf Schema"."Mixed Tab";
RESET client_min_messages;
RESET pgsafe.mode;
SELECT rel, pg_relation_filenode(rel) <> node AS rewritten FROM vf_files ORDER BY rel::text;

-- ground truth: CLUSTER of a table may run in a transaction block; VACUUM
-- FULL is checked above by its files
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('vf_keyed', 'CLUSTER vf_keyed USING vf_keyed_pkey'),
    ('"Vf Schema"."Mixed Tab"', 'CLUSTER "Vf Schema"."Mixed Tab"'),
    ('vf_points', 'CLUSTER vf_points USING vf_points_p')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

DROP TABLE vf_owned, vf_owned_empty;
REVOKE CREATE ON SCHEMA public FROM vf_owner;
DROP ROLE vf_owner;
