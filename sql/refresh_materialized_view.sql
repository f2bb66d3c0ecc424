--
-- refresh-materialized-view: REFRESH MATERIALIZED VIEW without CONCURRENTLY
-- holds ACCESS EXCLUSIVE on a populated view while its query runs and the
-- view is rewritten.
--
SET pgsafe.mode = off;
CREATE TABLE rmv_base (id int PRIMARY KEY, grp int, v text);
INSERT INTO rmv_base SELECT g, g % 10, 'v' || g FROM generate_series(1, 1000) g;
-- a usable unique index
CREATE MATERIALIZED VIEW rmv_keyed AS SELECT id, v FROM rmv_base;
CREATE UNIQUE INDEX rmv_keyed_id ON rmv_keyed (id);
-- no unique index; a partial one and an expression one, which CONCURRENTLY cannot use
CREATE MATERIALIZED VIEW rmv_plain AS SELECT id, grp FROM rmv_base;
CREATE MATERIALIZED VIEW rmv_partial AS SELECT id, grp FROM rmv_base;
CREATE UNIQUE INDEX rmv_partial_id ON rmv_partial (id) WHERE id > 0;
CREATE UNIQUE INDEX rmv_partial_expr ON rmv_partial ((id + 0));
-- quoted names
CREATE SCHEMA "Rmv Schema";
CREATE MATERIALIZED VIEW "Rmv Schema"."Mixed View" AS SELECT id AS "Key", v FROM rmv_base;
CREATE UNIQUE INDEX "Mixed Key" ON "Rmv Schema"."Mixed View" ("Key");
-- not populated, and empty
CREATE MATERIALIZED VIEW rmv_unpopulated AS SELECT id FROM rmv_base WITH NO DATA;
CREATE MATERIALIZED VIEW rmv_empty AS SELECT id FROM rmv_base WHERE false;
-- from 17 a view is filled in pages allocated ahead; VACUUM gives the views
-- the same size on every version
VACUUM rmv_keyed, rmv_plain, rmv_partial, "Rmv Schema"."Mixed View";
RESET pgsafe.mode;

-- flagged: with and without a usable index, quoted names
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_keyed');
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW public.rmv_plain');
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_partial');
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW "Rmv Schema"."Mixed View" WITH DATA');

-- not flagged: CONCURRENTLY, WITH NO DATA (reads nothing, empties the view at
-- once), a view that is not populated (nobody can read it) or is empty, one
-- created in this transaction; not a materialized view (PostgreSQL refuses)
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW CONCURRENTLY rmv_keyed');
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_keyed WITH NO DATA');
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_unpopulated');
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_empty');
BEGIN;
CREATE MATERIALIZED VIEW rmv_fresh AS SELECT id FROM rmv_base;
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_fresh');
ROLLBACK;
SELECT * FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_base');

-- in a transaction block: flagged, and CONCURRENTLY runs there too
SET pgsafe.mode = error;
BEGIN;
REFRESH MATERIALIZED VIEW rmv_keyed;
ROLLBACK;
BEGIN;
REFRESH MATERIALIZED VIEW CONCURRENTLY rmv_keyed;
COMMIT;
RESET pgsafe.mode;

-- warn mode: a warning, and the refresh runs
SET pgsafe.mode = warn;
REFRESH MATERIALIZED VIEW rmv_plain;
RESET pgsafe.mode;

-- from a function
CREATE FUNCTION rmv_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    REFRESH MATERIALIZED VIEW rmv_keyed;
END
$$;
SELECT rmv_in_function();
DROP FUNCTION rmv_in_function();

-- pgsafe.check(): findings, a view the script cannot see, one it creates
SELECT rule, message, safe_sql FROM pgsafe.check('REFRESH MATERIALIZED VIEW rmv_keyed; REFRESH MATERIALIZED VIEW rmv_plain', false);
SELECT rule, message FROM pgsafe.check('REFRESH MATERIALIZED VIEW rmv_nowhere', false);
SELECT rule FROM pgsafe.check('CREATE MATERIALIZED VIEW rmv_new AS SELECT 1 AS x; REFRESH MATERIALIZED VIEW rmv_new', false);
SELECT rule FROM pgsafe.check('REFRESH MATERIALIZED VIEW CONCURRENTLY rmv_keyed; REFRESH MATERIALIZED VIEW rmv_keyed WITH NO DATA', false);

-- every hint, run as printed, reaches its end state: the view holds the
-- base table's current rows (CONCURRENTLY merges them in place: the view
-- keeps its relfilenode)
INSERT INTO rmv_base VALUES (1001, 1, 'new');
UPDATE rmv_base SET v = 'changed' WHERE id = 1;
SET pgsafe.mode = error;
CREATE TEMP TABLE rmv_files AS
  SELECT c::regclass::text AS view, pg_relation_filenode(c) AS node
    FROM unnest(ARRAY['rmv_keyed'::regclass, '"Rmv Schema"."Mixed View"'::regclass, 'rmv_plain'::regclass]) c;
SELECT hint FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_keyed') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW "Rmv Schema"."Mixed View"') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
-- without a unique index: the user picks the key the hint leaves to them
-- (here id), builds the index as the hint says, and refreshes as it says
SELECT hint FROM pgsafe_test.report('REFRESH MATERIALIZED VIEW rmv_plain') \gset
SET pgsafe.mode = off;
CREATE UNIQUE INDEX CONCURRENTLY ON public.rmv_plain (id);
SET pgsafe.mode = error;
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT f.view, pg_relation_filenode(f.view::regclass) = f.node AS same_file FROM rmv_files f ORDER BY 1;
SELECT NOT EXISTS (SELECT id, v FROM rmv_base EXCEPT SELECT id, v FROM rmv_keyed)
         AND (SELECT count(*) FROM rmv_keyed) = 1001 AS keyed_current,
       NOT EXISTS (SELECT id, v FROM rmv_base EXCEPT SELECT "Key", v FROM "Rmv Schema"."Mixed View")
         AND (SELECT count(*) FROM "Rmv Schema"."Mixed View") = 1001 AS mixed_current,
       NOT EXISTS (SELECT id, grp FROM rmv_base EXCEPT SELECT id, grp FROM rmv_plain)
         AND (SELECT count(*) FROM rmv_plain) = 1001 AS plain_current;

-- ground truth: the view gets a new relfilenode under ACCESS EXCLUSIVE
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('rmv_keyed', 'REFRESH MATERIALIZED VIEW rmv_keyed'),
    ('rmv_partial', 'REFRESH MATERIALIZED VIEW rmv_partial'),
    ('"Rmv Schema"."Mixed View"', 'REFRESH MATERIALIZED VIEW "Rmv Schema"."Mixed View"')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
-- CONCURRENTLY is left out above: it holds EXCLUSIVE on the view, which
-- ground_truth() counts as blocking writes, but nothing but a refresh writes
-- to a materialized view, and reads pass (blocking_refresh.spec); the view
-- keeps its file
SELECT pg_relation_filenode('rmv_keyed') AS node \gset
BEGIN;
REFRESH MATERIALIZED VIEW CONCURRENTLY rmv_keyed;
SELECT pg_relation_filenode('rmv_keyed') = :node AS same_file,
       (SELECT string_agg(mode, ', ' ORDER BY mode) FROM pg_locks
         WHERE locktype = 'relation' AND pid = pg_backend_pid() AND relation = 'rmv_keyed'::regclass) AS locks;
ROLLBACK;
-- WITH NO DATA is left out above: it gives the view a new, empty file under
-- ACCESS EXCLUSIVE without running the query or reading the view, as
-- TRUNCATE does, which ground_truth() would count as a rewrite
SELECT pg_relation_filenode('rmv_keyed') AS node \gset
BEGIN;
SELECT seq_scan AS base_scans FROM pg_stat_xact_all_tables WHERE relid = 'rmv_base'::regclass \gset
REFRESH MATERIALIZED VIEW rmv_keyed WITH NO DATA;
SELECT pg_relation_filenode('rmv_keyed') <> :node AS new_file, pg_relation_size('rmv_keyed') AS bytes,
       (SELECT seq_scan FROM pg_stat_xact_all_tables WHERE relid = 'rmv_base'::regclass) = :base_scans AS base_unread;
ROLLBACK;
RESET pgsafe.mode;

DROP SCHEMA "Rmv Schema" CASCADE;
DROP TABLE rmv_base CASCADE;
