--
-- attach-partition-scan: ATTACH PARTITION reads every row of the table
-- being attached, under ACCESS EXCLUSIVE on it, unless its validated CHECK
-- constraints and NOT NULL columns imply the partition constraint.
--
SET pgsafe.mode = off;
-- range, on a plain column; no index on the parent, so only the scan is at stake
CREATE TABLE aps_r (id int, at date, v text) PARTITION BY RANGE (at);
CREATE TABLE aps_r_2024 PARTITION OF aps_r FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE aps_r_2025 (id int, at date, v text);
INSERT INTO aps_r_2025 SELECT g, date '2025-01-01' + g % 365, 'v' || g FROM generate_series(1, 1000) g;
-- the same rows, with a validated CHECK implying the bound (NOT NULL from the column)
CREATE TABLE aps_r_proven (id int, at date NOT NULL, v text,
  CHECK (at >= '2026-01-01' AND at < '2027-01-01'));
INSERT INTO aps_r_proven SELECT g, date '2026-01-01' + g % 365, 'v' || g FROM generate_series(1, 1000) g;
-- a CHECK that is too wide proves nothing; one NOT VALID neither
CREATE TABLE aps_r_wide (LIKE aps_r_2025, CHECK (at >= '2027-01-01'));
INSERT INTO aps_r_wide SELECT g, date '2027-01-01' + g % 365, 'v' || g FROM generate_series(1, 100) g;
CREATE TABLE aps_r_notvalid (LIKE aps_r_2025);
INSERT INTO aps_r_notvalid SELECT g, date '2028-01-01' + g % 365, 'v' || g FROM generate_series(1, 100) g;
ALTER TABLE aps_r_notvalid ADD CHECK (at IS NOT NULL AND at >= '2028-01-01' AND at < '2029-01-01') NOT VALID;
CREATE TABLE aps_r_empty (LIKE aps_r_2025);
-- multi-column range with MINVALUE/MAXVALUE
CREATE TABLE aps_m (a int, b int) PARTITION BY RANGE (a, b);
CREATE TABLE aps_m_1 (a int, b int);
INSERT INTO aps_m_1 SELECT g % 10, g FROM generate_series(1, 500) g;
CREATE TABLE aps_m_2 (a int, b int);
INSERT INTO aps_m_2 SELECT 20 + g % 10, g FROM generate_series(1, 500) g;
-- list, with NULL
CREATE TABLE aps_l (region text, v int) PARTITION BY LIST (region);
CREATE TABLE aps_l_eu (region text, v int);
INSERT INTO aps_l_eu SELECT CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN 'de' ELSE 'fr' END, g FROM generate_series(1, 900) g;
-- a partitioned table being attached: its leaves are read, those proven are not
CREATE TABLE aps_sub (region text, v int) PARTITION BY RANGE (v);
CREATE TABLE aps_sub_lo PARTITION OF aps_sub FOR VALUES FROM (0) TO (1000);
CREATE TABLE aps_sub_hi PARTITION OF aps_sub FOR VALUES FROM (1000) TO (2000);
ALTER TABLE aps_sub_hi ADD CHECK (region IS NOT NULL AND region = 'us');
INSERT INTO aps_sub SELECT 'us', g FROM generate_series(1, 1999) g;
-- hash
CREATE TABLE aps_h (id int) PARTITION BY HASH (id);
CREATE TABLE aps_h_0 (id int);
INSERT INTO aps_h_0 SELECT g FROM generate_series(1, 1000) g WHERE satisfies_hash_partition('aps_h'::regclass, 2, 0, g);
-- a partition key expression: pgsafe does not build the constraint
CREATE TABLE aps_e (v text) PARTITION BY LIST (lower(v));
CREATE TABLE aps_e_a (v text);
INSERT INTO aps_e_a SELECT 'a' FROM generate_series(1, 100);
-- a CHECK constraint calling a user function: PostgreSQL would fold it, pgsafe does not ask
CREATE FUNCTION aps_lo() RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 0';
CREATE TABLE aps_i (id int) PARTITION BY RANGE (id);
CREATE TABLE aps_i_1 (id int NOT NULL CHECK (id >= aps_lo() AND id < 100));
INSERT INTO aps_i_1 SELECT g FROM generate_series(0, 99) g;
-- quoted names
CREATE SCHEMA "Aps Schema";
CREATE TABLE "Aps Schema"."Parent Table" ("Key" int) PARTITION BY RANGE ("Key");
CREATE TABLE "Aps Schema"."Child Table" ("Key" int);
INSERT INTO "Aps Schema"."Child Table" SELECT g FROM generate_series(1, 100) g;
RESET pgsafe.mode;

-- flagged
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_wide FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_notvalid FOR VALUES FROM ('2028-01-01') TO ('2029-01-01')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_m ATTACH PARTITION aps_m_1 FOR VALUES FROM (MINVALUE, MINVALUE) TO (10, 0)$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_m ATTACH PARTITION aps_m_2 FOR VALUES FROM (20, 5) TO (MAXVALUE, MAXVALUE)$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_l ATTACH PARTITION aps_l_eu FOR VALUES IN ('de', 'fr', NULL)$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_l ATTACH PARTITION aps_sub FOR VALUES IN ('us')$$);
-- hash: the constraint is satisfies_hash_partition(), which only the same CHECK implies
SELECT message, detail, regexp_replace(hint, '''\d+''::oid', '''<oid>''::oid') AS hint
  FROM pgsafe_test.report($$ALTER TABLE aps_h ATTACH PARTITION aps_h_0 FOR VALUES WITH (MODULUS 2, REMAINDER 0)$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_e ATTACH PARTITION aps_e_a FOR VALUES IN ('a')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_i ATTACH PARTITION aps_i_1 FOR VALUES FROM (0) TO (100)$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE "Aps Schema"."Parent Table" ATTACH PARTITION "Aps Schema"."Child Table" FOR VALUES FROM (0) TO (1000)$$);

-- not flagged: proven by a CHECK, empty, created in this transaction; a bound
-- PostgreSQL refuses (overlap)
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_proven FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')$$);
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_empty FOR VALUES FROM ('2029-01-01') TO ('2030-01-01')$$);
BEGIN;
CREATE TABLE aps_r_fresh (LIKE aps_r_2025);
INSERT INTO aps_r_fresh VALUES (1, '2031-01-01', 'x');
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_fresh FOR VALUES FROM ('2031-01-01') TO ('2032-01-01')$$);
ROLLBACK;
SELECT * FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_2025 FOR VALUES FROM ('2024-06-01') TO ('2026-01-01')$$);

-- the constants of the constraint are written in ISO, whatever DateStyle
SET DateStyle = 'German, DMY';
SELECT substring(hint FROM 'CHECK \(.*\) NOT VALID') AS proof
  FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$);
RESET DateStyle;

-- the parent is itself a partition: its own constraint is part of the proof
SET pgsafe.mode = off;
CREATE TABLE aps_top (k int, at date) PARTITION BY LIST (k);
CREATE TABLE aps_mid PARTITION OF aps_top FOR VALUES IN (1) PARTITION BY RANGE (at);
CREATE TABLE aps_leaf (k int, at date);
INSERT INTO aps_leaf SELECT 1, date '2025-01-01' + g FROM generate_series(0, 99) g;
RESET pgsafe.mode;
SELECT substring(hint FROM 'CHECK \(.*\) NOT VALID') AS proof
  FROM pgsafe_test.report($$ALTER TABLE aps_mid ATTACH PARTITION aps_leaf FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$);

-- in a transaction block, and warn mode: a warning, and the statement runs
BEGIN;
SET LOCAL pgsafe.mode = warn;
ALTER TABLE aps_r ATTACH PARTITION aps_r_wide FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
SELECT relispartition FROM pg_class WHERE oid = 'aps_r_wide'::regclass;
ROLLBACK;

-- error mode rejects it and changes nothing
SET pgsafe.mode = error;
ALTER TABLE aps_r ATTACH PARTITION aps_r_wide FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
RESET pgsafe.mode;
SELECT relispartition FROM pg_class WHERE oid = 'aps_r_wide'::regclass;

-- from a function
CREATE FUNCTION aps_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    ALTER TABLE aps_r ATTACH PARTITION aps_r_wide FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
END
$$;
SELECT aps_in_function();
DROP FUNCTION aps_in_function();

-- pgsafe.check(): the same findings, a table the script creates (empty), one it cannot see
SELECT rule, message FROM pgsafe.check($$ALTER TABLE aps_r ATTACH PARTITION aps_r_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE aps_r ATTACH PARTITION aps_r_proven FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')$$, false);
SELECT rule FROM pgsafe.check($$CREATE TABLE aps_r_new (LIKE aps_r_2025);
ALTER TABLE aps_r ATTACH PARTITION aps_r_new FOR VALUES FROM ('2030-01-01') TO ('2031-01-01')$$, false);
SELECT rule FROM pgsafe.check($$ALTER TABLE aps_r ATTACH PARTITION aps_nowhere FOR VALUES FROM ('2030-01-01') TO ('2031-01-01')$$, false);

-- ground truth: the table is read exactly when pgsafe says so
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('aps_r_2025', $$ALTER TABLE aps_r ATTACH PARTITION aps_r_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$),
    ('aps_r_notvalid', $$ALTER TABLE aps_r ATTACH PARTITION aps_r_notvalid FOR VALUES FROM ('2028-01-01') TO ('2029-01-01')$$),
    ('aps_r_proven', $$ALTER TABLE aps_r ATTACH PARTITION aps_r_proven FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')$$),
    ('aps_m_1', $$ALTER TABLE aps_m ATTACH PARTITION aps_m_1 FOR VALUES FROM (MINVALUE, MINVALUE) TO (10, 0)$$),
    ('aps_l_eu', $$ALTER TABLE aps_l ATTACH PARTITION aps_l_eu FOR VALUES IN ('de', 'fr', NULL)$$),
    ('aps_sub', $$ALTER TABLE aps_l ATTACH PARTITION aps_sub FOR VALUES IN ('us')$$),
    ('aps_h_0', $$ALTER TABLE aps_h ATTACH PARTITION aps_h_0 FOR VALUES WITH (MODULUS 2, REMAINDER 0)$$),
    ('aps_leaf', $$ALTER TABLE aps_mid ATTACH PARTITION aps_leaf FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$)
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
-- of a partitioned table, only the leaf no CHECK proves is read
-- (the counts of a transaction not yet sent to the statistics show in the
-- next one's pg_stat_xact_*: the reads are counted within one transaction)
BEGIN;
CREATE TEMP TABLE aps_before ON COMMIT DROP AS
  SELECT relname, seq_scan FROM pg_stat_xact_all_tables WHERE relname IN ('aps_sub_lo', 'aps_sub_hi');
ALTER TABLE aps_l ATTACH PARTITION aps_sub FOR VALUES IN ('us');
SELECT relname, a.seq_scan - b.seq_scan AS reads FROM pg_stat_xact_all_tables a JOIN aps_before b USING (relname) ORDER BY 1;
ROLLBACK;
RESET client_min_messages;
RESET pgsafe.mode;

-- every hint, run as printed (pgsafe in error mode), reaches its end state:
-- the table attached, no CHECK left; the ATTACH it runs reads nothing
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_r ATTACH PARTITION aps_r_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_m ATTACH PARTITION aps_m_1 FOR VALUES FROM (MINVALUE, MINVALUE) TO (10, 0)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_m ATTACH PARTITION aps_m_2 FOR VALUES FROM (20, 5) TO (MAXVALUE, MAXVALUE)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_l ATTACH PARTITION aps_l_eu FOR VALUES IN ('de', 'fr', NULL)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_l ATTACH PARTITION aps_sub FOR VALUES IN ('us')$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
-- (the hash constraint names the parent's OID: not echoed)
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_h ATTACH PARTITION aps_h_0 FOR VALUES WITH (MODULUS 2, REMAINDER 0)$$) \gset
\set ECHO none
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE aps_mid ATTACH PARTITION aps_leaf FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report($$ALTER TABLE "Aps Schema"."Parent Table" ATTACH PARTITION "Aps Schema"."Child Table" FOR VALUES FROM (0) TO (1000)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT c.oid::regclass AS partition, pg_get_expr(c.relpartbound, c.oid) AS bound,
       (SELECT count(*) FROM pg_constraint WHERE conrelid = c.oid AND contype = 'c') AS checks
  FROM pg_class c
 WHERE c.oid IN ('aps_r_2025'::regclass, 'aps_m_1'::regclass, 'aps_m_2'::regclass, 'aps_l_eu'::regclass,
                 'aps_sub'::regclass, 'aps_h_0'::regclass, 'aps_leaf'::regclass, '"Aps Schema"."Child Table"'::regclass)
   AND c.relispartition
 ORDER BY c.relname;
SELECT count(*) AS rows FROM aps_r;
SELECT count(*) AS rows FROM aps_l;

-- an operator class that is not built in: its support function is user
-- code, which building a partition descriptor runs (it sorts the bounds):
-- pgsafe checks the keys first and builds none, neither the parent's nor
-- that of a partitioned table being attached; both are taken as read.  The
-- function raises a NOTICE when called: none may show.  A new session, so
-- that no descriptor is cached.
SET pgsafe.mode = off;
CREATE FUNCTION aps_cmp(int, int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS
$$ BEGIN RAISE NOTICE 'aps_cmp called'; RETURN btint4cmp($1, $2); END $$;
CREATE OPERATOR CLASS aps_ops FOR TYPE int USING btree AS
  OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 aps_cmp(int, int);
SET client_min_messages = warning;
CREATE TABLE aps_u (id int) PARTITION BY RANGE (id aps_ops);
CREATE TABLE aps_u_1 PARTITION OF aps_u FOR VALUES FROM (0) TO (10);
CREATE TABLE aps_u_2 PARTITION OF aps_u FOR VALUES FROM (10) TO (20);
CREATE TABLE aps_u_new (id int);
INSERT INTO aps_u_new VALUES (25);
CREATE TABLE aps_ub (id int) PARTITION BY RANGE (id);
CREATE TABLE aps_up (id int) PARTITION BY RANGE (id aps_ops);
CREATE TABLE aps_up_1 PARTITION OF aps_up FOR VALUES FROM (100) TO (110);
CREATE TABLE aps_up_2 PARTITION OF aps_up FOR VALUES FROM (110) TO (120);
INSERT INTO aps_up VALUES (105), (115);
RESET client_min_messages;
\c -
SELECT message FROM pgsafe_test.report('ALTER TABLE aps_u ATTACH PARTITION aps_u_new FOR VALUES FROM (20) TO (30)');
SELECT message FROM pgsafe_test.report('ALTER TABLE aps_ub ATTACH PARTITION aps_up FOR VALUES FROM (100) TO (200)');
DROP TABLE aps_u, aps_u_new, aps_ub, aps_up;
DROP OPERATOR FAMILY aps_ops USING btree;
DROP FUNCTION aps_cmp(int, int);

DROP TABLE aps_r, aps_m, aps_l, aps_h, aps_e, aps_e_a, aps_i, aps_i_1, aps_top, aps_r_proven, aps_r_wide,
  aps_r_notvalid, aps_r_empty;
DROP FUNCTION aps_lo();
DROP SCHEMA "Aps Schema" CASCADE;

-- a bound PostgreSQL refuses as it reads it (22P02, 22003): its own error in
-- warn mode, and nothing pgsafe's look at the bound held is left behind (a
-- "cache reference leak" warning, before the proof ran in a subtransaction)
SET pgsafe.mode = off;
CREATE TABLE aps_bad (k int, v int) PARTITION BY RANGE (k);
CREATE TABLE aps_bad_def PARTITION OF aps_bad DEFAULT;
INSERT INTO aps_bad VALUES (5, 5);
CREATE TABLE aps_bad_a (k int, v int);
INSERT INTO aps_bad_a VALUES (1, 1);
SET pgsafe.mode = warn;
ALTER TABLE aps_bad ATTACH PARTITION aps_bad_a FOR VALUES FROM ('a') TO (1);
CREATE TABLE aps_bad_x PARTITION OF aps_bad FOR VALUES FROM ('1e3') TO ('x');
CREATE TABLE aps_bad_y PARTITION OF aps_bad FOR VALUES FROM (1) TO (99999999999);
SET pgsafe.mode = off;
DROP TABLE aps_bad, aps_bad_a;
