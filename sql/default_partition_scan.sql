--
-- default-partition-scan: CREATE TABLE ... PARTITION OF and ATTACH
-- PARTITION read every row of the parent's DEFAULT partition, under ACCESS
-- EXCLUSIVE on it, to check that none belongs to the new partition, unless
-- the DEFAULT partition's validated CHECK constraints exclude the new bound.
--
SET pgsafe.mode = off;
CREATE TABLE dps_l (region text, v int) PARTITION BY LIST (region);
CREATE TABLE dps_l_de PARTITION OF dps_l FOR VALUES IN ('de');
CREATE TABLE dps_l_other PARTITION OF dps_l DEFAULT;
INSERT INTO dps_l SELECT (ARRAY['de', 'se', 'it', NULL])[1 + g % 4], g FROM generate_series(1, 1000) g;
-- range, with a DEFAULT partition whose CHECK already excludes 2025
CREATE TABLE dps_r (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE dps_r_old PARTITION OF dps_r DEFAULT;
INSERT INTO dps_r SELECT g, date '2020-01-01' + g FROM generate_series(1, 1000) g;
ALTER TABLE dps_r_old ADD CHECK (at < '2025-01-01');
-- a partitioned DEFAULT partition: only its leaves that no CHECK covers are read
CREATE TABLE dps_p (k int, v int) PARTITION BY LIST (k);
CREATE TABLE dps_p_def PARTITION OF dps_p DEFAULT PARTITION BY RANGE (v);
CREATE TABLE dps_p_def_lo PARTITION OF dps_p_def FOR VALUES FROM (0) TO (500);
CREATE TABLE dps_p_def_hi PARTITION OF dps_p_def FOR VALUES FROM (500) TO (1000);
INSERT INTO dps_p SELECT 10 + g % 5, g FROM generate_series(0, 999) g;
ALTER TABLE dps_p_def_hi ADD CHECK (k IS NOT NULL AND k <> 1);
-- an empty DEFAULT partition, and no DEFAULT partition
CREATE TABLE dps_e (k int) PARTITION BY LIST (k);
CREATE TABLE dps_e_def PARTITION OF dps_e DEFAULT;
CREATE TABLE dps_nd (k int) PARTITION BY LIST (k);
CREATE TABLE dps_nd_1 PARTITION OF dps_nd FOR VALUES IN (1);
INSERT INTO dps_nd VALUES (1);
-- tables to attach: one empty, one with rows
CREATE TABLE dps_l_es (region text, v int);
CREATE TABLE dps_l_pt (region text, v int);
INSERT INTO dps_l_pt SELECT 'pt', g FROM generate_series(1, 100) g;
-- quoted names
CREATE SCHEMA "Dps Schema";
CREATE TABLE "Dps Schema"."Parent Table" ("Key" int) PARTITION BY RANGE ("Key");
CREATE TABLE "Dps Schema"."Default Part" PARTITION OF "Dps Schema"."Parent Table" DEFAULT;
INSERT INTO "Dps Schema"."Parent Table" SELECT g FROM generate_series(1000, 1999) g;
RESET pgsafe.mode;

-- flagged: CREATE TABLE ... PARTITION OF, ATTACH of an empty table, ATTACH
-- of a table with rows (both scans), a partitioned DEFAULT partition
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE dps_l ATTACH PARTITION dps_l_es FOR VALUES IN ('es')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE dps_l ATTACH PARTITION dps_l_pt FOR VALUES IN ('pt')$$);
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_p_1 PARTITION OF dps_p FOR VALUES IN (1)$$);
SELECT * FROM pgsafe_test.report($$CREATE TABLE "Dps Schema"."New Part" PARTITION OF "Dps Schema"."Parent Table" FOR VALUES FROM (0) TO (1000)$$);

-- not flagged: the DEFAULT partition's CHECK excludes the bound; an empty
-- DEFAULT partition; no DEFAULT partition; a plain CREATE TABLE; CREATE
-- TABLE IF NOT EXISTS of a table that exists; a parent created in this
-- transaction; a bound PostgreSQL refuses (overlap)
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_r_2025 PARTITION OF dps_r FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$);
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_e_1 PARTITION OF dps_e FOR VALUES IN (1)$$);
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_nd_2 PARTITION OF dps_nd FOR VALUES IN (2)$$);
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_plain (id int)$$);
SELECT * FROM pgsafe_test.report($$CREATE TABLE IF NOT EXISTS dps_l_de PARTITION OF dps_l FOR VALUES IN ('xx')$$);
BEGIN;
CREATE TABLE dps_n (k int) PARTITION BY LIST (k);
CREATE TABLE dps_n_def PARTITION OF dps_n DEFAULT;
INSERT INTO dps_n VALUES (2);
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_n_1 PARTITION OF dps_n FOR VALUES IN (1)$$);
ROLLBACK;
SELECT * FROM pgsafe_test.report($$CREATE TABLE dps_l_de2 PARTITION OF dps_l FOR VALUES IN ('de')$$);

-- error mode rejects it and creates nothing; warn mode warns and creates it
SET pgsafe.mode = error;
CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr');
RESET pgsafe.mode;
SELECT to_regclass('dps_l_fr') AS created;
BEGIN;
SET LOCAL pgsafe.mode = warn;
CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr');
ROLLBACK;

-- from a function
CREATE FUNCTION dps_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr');
END
$$;
SELECT dps_in_function();
DROP FUNCTION dps_in_function();

-- pgsafe.check(): the same findings; a parent the script creates; one it cannot see
SELECT rule, message FROM pgsafe.check($$CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr');
ALTER TABLE dps_l ATTACH PARTITION dps_l_pt FOR VALUES IN ('pt');
CREATE TABLE dps_r_2025 PARTITION OF dps_r FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$, false);
SELECT rule FROM pgsafe.check($$CREATE TABLE dps_new (k int) PARTITION BY LIST (k);
CREATE TABLE dps_new_def PARTITION OF dps_new DEFAULT;
CREATE TABLE dps_new_1 PARTITION OF dps_new FOR VALUES IN (1)$$, false);
SELECT rule FROM pgsafe.check($$CREATE TABLE dps_x PARTITION OF dps_nowhere FOR VALUES IN (1)$$, false);

-- ground truth: the DEFAULT partition is read exactly when pgsafe says so
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('dps_l_other', $$CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr')$$),
    ('dps_l_other', $$ALTER TABLE dps_l ATTACH PARTITION dps_l_es FOR VALUES IN ('es')$$),
    ('dps_r_old', $$CREATE TABLE dps_r_2025 PARTITION OF dps_r FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$),
    ('dps_p_def', $$CREATE TABLE dps_p_1 PARTITION OF dps_p FOR VALUES IN (1)$$),
    ('"Dps Schema"."Default Part"', $$CREATE TABLE "Dps Schema"."New Part" PARTITION OF "Dps Schema"."Parent Table" FOR VALUES FROM (0) TO (1000)$$)
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
-- of a partitioned DEFAULT partition, only the leaf no CHECK covers is read
-- (the counts of a transaction not yet sent to the statistics show in the
-- next one's pg_stat_xact_*: the reads are counted within one transaction)
BEGIN;
CREATE TEMP TABLE dps_before ON COMMIT DROP AS
  SELECT relname, seq_scan FROM pg_stat_xact_all_tables WHERE relname IN ('dps_p_def_lo', 'dps_p_def_hi');
CREATE TABLE dps_p_1 PARTITION OF dps_p FOR VALUES IN (1);
SELECT relname, a.seq_scan - b.seq_scan AS reads FROM pg_stat_xact_all_tables a JOIN dps_before b USING (relname) ORDER BY 1;
ROLLBACK;
RESET client_min_messages;
RESET pgsafe.mode;

-- rows of the new bound in the DEFAULT partition: the statement fails
-- anyway, and so does the hint's VALIDATE, before anything blocks for long
SELECT hint FROM pgsafe_test.report($$CREATE TABLE dps_l_it PARTITION OF dps_l FOR VALUES IN ('it')$$) \gset
SELECT s FROM pgsafe_test.statements(:'hint') s LIMIT 3 \gexec
RESET lock_timeout;
SET pgsafe.mode = off;
CREATE TABLE dps_l_it PARTITION OF dps_l FOR VALUES IN ('it');
RESET pgsafe.mode;
ALTER TABLE dps_l_other DROP CONSTRAINT dps_l_other_partition_check;

-- every hint, run as printed (pgsafe in error mode), reaches its end state:
-- the partition created or attached, the rows where they were, no CHECK left
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report($$CREATE TABLE dps_l_fr PARTITION OF dps_l FOR VALUES IN ('fr')$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE dps_l ATTACH PARTITION dps_l_pt FOR VALUES IN ('pt')$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$CREATE TABLE dps_p_1 PARTITION OF dps_p FOR VALUES IN (1)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$CREATE TABLE "Dps Schema"."New Part" PARTITION OF "Dps Schema"."Parent Table" FOR VALUES FROM (0) TO (1000)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT c.oid::regclass AS partition, pg_get_expr(c.relpartbound, c.oid) AS bound,
       (SELECT count(*) FROM pg_constraint WHERE conrelid = c.oid AND contype = 'c') AS checks
  FROM pg_class c
 WHERE c.relispartition AND c.oid IN (SELECT relid FROM pg_partition_tree('dps_l') UNION ALL
                                      SELECT relid FROM pg_partition_tree('dps_p') UNION ALL
                                      SELECT relid FROM pg_partition_tree('"Dps Schema"."Parent Table"'))
 ORDER BY c.relname;
SELECT tableoid::regclass::text AS partition, count(*) FROM dps_l GROUP BY 1 ORDER BY 1;

DROP TABLE dps_l, dps_r, dps_p, dps_e, dps_nd, dps_l_es;
DROP SCHEMA "Dps Schema" CASCADE;
