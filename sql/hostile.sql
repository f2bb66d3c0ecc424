--
-- What an ordinary role can try against a server that runs pgsafe, and what
-- happens.  Every attack here needs no privilege beyond owning a table or
-- being able to call pgsafe.check(), which every role can; adding a route
-- adds a test here.  The routes that need more than one session or a new
-- connection are tested where that is possible:
--   a table dropped and created again, or swapped by renaming, under a
--   session that has already resolved its name: test/isolation/specs/stale_names.spec
--   PGOPTIONS at connect time, pgsafe loaded after login (session_preload_libraries,
--   on demand), the policy in postgresql.conf, ALTER SYSTEM or the command line:
--   test/t/002_loading.pl, test/t/004_connections.pl
--   crashes, uncancellable and super-linear work over PostgreSQL's own
--   regression files and mutated copies of them: test/fuzz/run
--

--
-- Lowering the mode.  pgsafe.mode is a superuser setting: an application
-- role cannot lower it, by any route.  ALTER ROLE ... SET (also IN
-- DATABASE) and ALTER DATABASE ... SET, made by a superuser, apply at
-- login; GRANT SET ON PARAMETER lets a chosen role change it.
--
-- 18 adds NOT VALID foreign keys on partitioned tables (expected/hostile_1.out)
SELECT current_setting('server_version_num')::int >= 180000 AS fk_not_valid_on_partitioned;
CREATE ROLE regress_pgsafe_app LOGIN PASSWORD 'regress_pgsafe_app';
CREATE ROLE regress_pgsafe_migrator LOGIN PASSWORD 'regress_pgsafe_migrator';
GRANT CREATE ON SCHEMA public TO regress_pgsafe_app, regress_pgsafe_migrator;
CREATE TABLE roles_t (a int);
INSERT INTO roles_t SELECT generate_series(1, 100);
ALTER TABLE roles_t OWNER TO regress_pgsafe_app;
ALTER ROLE regress_pgsafe_app SET pgsafe.mode = 'error';

\c "dbname=contrib_regression user=regress_pgsafe_app password=regress_pgsafe_app"
SHOW pgsafe.mode;
ALTER TABLE roles_t ADD UNIQUE (a);
-- every way to lower it fails
SET pgsafe.mode = warn;
BEGIN;
SET LOCAL pgsafe.mode = off;
ROLLBACK;
SELECT set_config('pgsafe.mode', 'off', false);
ALTER ROLE regress_pgsafe_app SET pgsafe.mode = 'off';
ALTER ROLE regress_pgsafe_app IN DATABASE contrib_regression SET pgsafe.mode = 'off';
CREATE FUNCTION roles_lower() RETURNS void LANGUAGE sql SET pgsafe.mode = off AS 'SELECT 1';
RESET pgsafe.mode;
SHOW pgsafe.mode;
RESET ALL;
SHOW pgsafe.mode;
DISCARD ALL;
SHOW pgsafe.mode;
ALTER ROLE regress_pgsafe_app RESET pgsafe.mode;
-- ... RESET ALL removes only the settings the role may change itself
ALTER ROLE CURRENT_USER RESET ALL;
\c "dbname=contrib_regression user=regress_pgsafe_app password=regress_pgsafe_app"
SHOW pgsafe.mode;
-- a SECURITY DEFINER function runs with its owner's rights, which are the role's own
CREATE FUNCTION roles_definer() RETURNS text LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT set_config('pgsafe.mode', 'off', false) $$;
SELECT roles_definer();
DROP FUNCTION roles_definer();
-- the libraries a session loads are the superuser's to choose, and pgsafe cannot be unloaded
SET session_preload_libraries = '';
SET shared_preload_libraries = '';
SHOW pgsafe.mode;
ALTER TABLE roles_t ADD UNIQUE (a);

\c "dbname=contrib_regression user=postgres"
-- a role granted SET on the parameter may change it
GRANT SET ON PARAMETER pgsafe.mode TO regress_pgsafe_migrator;
ALTER TABLE roles_t OWNER TO regress_pgsafe_migrator;
ALTER ROLE regress_pgsafe_migrator SET pgsafe.mode = 'error';
\c "dbname=contrib_regression user=regress_pgsafe_migrator password=regress_pgsafe_migrator"
SHOW pgsafe.mode;
SET pgsafe.mode = warn;
ALTER TABLE roles_t ADD UNIQUE (a);

\c "dbname=contrib_regression user=postgres"
-- role settings in one database win over the role's, which win over the database's
ALTER ROLE regress_pgsafe_migrator IN DATABASE contrib_regression SET pgsafe.mode = 'log';
ALTER DATABASE contrib_regression SET pgsafe.mode = 'off';
\c "dbname=contrib_regression user=regress_pgsafe_migrator password=regress_pgsafe_migrator"
SHOW pgsafe.mode;
\c "dbname=contrib_regression user=regress_pgsafe_app password=regress_pgsafe_app"
SHOW pgsafe.mode;
\c "dbname=contrib_regression user=postgres"
SHOW pgsafe.mode;

ALTER DATABASE contrib_regression RESET pgsafe.mode;
DROP TABLE roles_t;
REVOKE CREATE ON SCHEMA public FROM regress_pgsafe_app, regress_pgsafe_migrator;
REVOKE SET ON PARAMETER pgsafe.mode FROM regress_pgsafe_migrator;
DROP ROLE regress_pgsafe_app, regress_pgsafe_migrator;

--
-- Crashing the backend: expressions too deep for the stack, given to
-- pgsafe before PostgreSQL's own analysis (with its stack checks) has run.
-- pgsafe.check() needs only to see the table; the hook needs a table of
-- one's own.  Each ends in "stack depth limit exceeded", never in a crash.
--
CREATE ROLE regress_pgsafe_hostile LOGIN PASSWORD 'regress_pgsafe_hostile';
GRANT CREATE ON SCHEMA public TO regress_pgsafe_hostile;
\c "dbname=contrib_regression user=regress_pgsafe_hostile password=regress_pgsafe_hostile"
CREATE TABLE hostile_t (a int, b text);
INSERT INTO hostile_t SELECT g, g::text FROM generate_series(1, 100) g;
-- the statement is not checked, and the rest of the script is
SELECT statement, rule, message FROM pgsafe.check('ALTER TABLE hostile_t ADD COLUMN c int DEFAULT '
    || repeat('1+', 300000) || '1 UNIQUE; CREATE INDEX ON hostile_t (a);');
SELECT statement, rule, message FROM pgsafe.check('CREATE INDEX ON hostile_t ((b'
    || repeat('::text', 100000) || '))');
-- (a system catalog, which PostgreSQL refuses to alter or index: nothing to say)
SELECT count(*) FROM pgsafe.check('ALTER TABLE pg_catalog.pg_class ADD COLUMN c int DEFAULT '
    || repeat('1+', 300000) || '1 UNIQUE');
-- statements PostgreSQL refuses when they run end no check
SELECT statement, rule FROM pgsafe.check($$DROP TABLE a.b.c.d; REINDEX (CONCURRENTLY 'x') TABLE hostile_t;
CREATE INDEX ON hostile_t (a);$$, false);
-- through the hook, in warn mode too: the statement's own "stack depth limit
-- exceeded", which PostgreSQL raises for the DEFAULT and would crash on for
-- the index column's name (FigureIndexColname() has no stack check); terse,
-- as the context would repeat the statement
\set VERBOSITY terse
DO $$ BEGIN EXECUTE format('ALTER TABLE hostile_t ADD COLUMN c int DEFAULT %s1 UNIQUE', repeat('1+', 300000)); END $$;
DO $$ BEGIN EXECUTE format('CREATE INDEX ON hostile_t ((b%s))', repeat('::text', 300000)); END $$;
\c "dbname=contrib_regression user=postgres"
-- and in error mode
SET pgsafe.mode = error;
\set VERBOSITY terse
DO $$ BEGIN EXECUTE format('ALTER TABLE hostile_t ADD COLUMN c int DEFAULT %s1 UNIQUE', repeat('1+', 300000)); END $$;
\set VERBOSITY default
RESET pgsafe.mode;
SELECT 1 AS "the server did not restart";

--
-- Running code as whoever calls pgsafe.  The table's owner writes an
-- IMMUTABLE function into a CHECK constraint, a DEFAULT and an index
-- expression; a superuser then checks a migration that touches the table.
-- PostgreSQL's own proof that a CHECK makes a column NOT NULL would fold
-- the constant call evil() and so run it; pgsafe runs nothing.
--
\c "dbname=contrib_regression user=regress_pgsafe_hostile password=regress_pgsafe_hostile"
CREATE FUNCTION hostile_evil() RETURNS boolean LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RAISE NOTICE 'hostile_evil() ran as %', current_user; RETURN true; END $$;
CREATE FUNCTION hostile_evil_int(int) RETURNS int LANGUAGE plpgsql IMMUTABLE
    AS $$ BEGIN RAISE NOTICE 'hostile_evil_int() ran as %', current_user; RETURN $1; END $$;
CREATE TABLE hostile_evil_t (c int, CONSTRAINT hostile_evil_check CHECK (c IS NOT NULL AND hostile_evil()));
SET client_min_messages = warning;
INSERT INTO hostile_evil_t SELECT generate_series(1, 100);
RESET client_min_messages;
\c "dbname=contrib_regression user=postgres"
SELECT rule, detail FROM pgsafe.check($$
ALTER TABLE hostile_evil_t ADD PRIMARY KEY (c);
ALTER TABLE hostile_evil_t ADD COLUMN d int DEFAULT hostile_evil_int(1) REFERENCES hostile_evil_t (c);
CREATE INDEX ON hostile_evil_t ((hostile_evil_int(c)));
$$);
-- the hook makes the same proof, without running anything either (rejected
-- in error mode, the statement itself never runs)
SELECT message FROM pgsafe_test.report('ALTER TABLE hostile_evil_t ADD PRIMARY KEY (c)');

--
-- Making warn mode fail a statement PostgreSQL would run.  Whatever fails
-- while pgsafe inspects a statement is pgsafe's problem, not the
-- statement's: in warn and log mode pgsafe says it could not check it, and
-- the statement runs; in error mode it is rejected with SQLSTATE XX000.
--
\c "dbname=contrib_regression user=regress_pgsafe_hostile password=regress_pgsafe_hostile"
-- a shell operator (created by naming it as a commutator) has no function to look at
CREATE OPERATOR <<< (LEFTARG = int, RIGHTARG = int, FUNCTION = int4lt, COMMUTATOR = >>>);
CREATE TABLE hostile_p (id int PRIMARY KEY);
ALTER TABLE hostile_t ADD COLUMN s int DEFAULT 1 >>> 2 REFERENCES hostile_p;
-- the statement was parsed with standard_conforming_strings off, and runs with it on
CREATE TABLE hostile_codes (code text PRIMARY KEY);
INSERT INTO hostile_codes VALUES ('a''b');
SET standard_conforming_strings = off;
SET standard_conforming_strings = on \; ALTER TABLE hostile_t ADD COLUMN q text DEFAULT 'a\'b' REFERENCES hostile_codes;
SELECT DISTINCT q FROM hostile_t;
RESET standard_conforming_strings;
\c "dbname=contrib_regression user=postgres"

--
-- Ways around the rules: statements that build an index or read every row
-- under a lock that blocks writes, dressed so that a rule does not see it.
-- Error mode must reject each one.
--
SET pgsafe.mode = error;
CREATE TABLE hostile_appp (id int PRIMARY KEY);
INSERT INTO hostile_appp SELECT generate_series(1, 1000);
CREATE TABLE hostile_appt (id int, cid int);
INSERT INTO hostile_appt SELECT g, g FROM generate_series(1, 1000) g;
-- ADD ... NOT VALID and VALIDATE in one statement: the ADD's lock is taken first
ALTER TABLE hostile_appt ADD CONSTRAINT hostile_f FOREIGN KEY (cid) REFERENCES hostile_appp (id) NOT VALID,
    VALIDATE CONSTRAINT hostile_f;
SET pgsafe.mode = warn;
ALTER TABLE hostile_appt ADD CONSTRAINT hostile_f FOREIGN KEY (cid) REFERENCES hostile_appp (id) NOT VALID;
SET pgsafe.mode = error;
-- VALIDATE beside a subcommand that takes ACCESS EXCLUSIVE
ALTER TABLE hostile_appt VALIDATE CONSTRAINT hostile_f, ALTER COLUMN id SET DEFAULT 0;
-- once valid, VALIDATE reads nothing, whatever the lock
ALTER TABLE hostile_appt VALIDATE CONSTRAINT hostile_f;
ALTER TABLE hostile_appt VALIDATE CONSTRAINT hostile_f, ALTER COLUMN id SET DEFAULT 0;
ALTER TABLE hostile_appt ALTER COLUMN id DROP DEFAULT;

-- a lock held on what VALIDATE reads, or on a table above it, is held while it reads
BEGIN;
ALTER TABLE hostile_appp ALTER COLUMN id SET DEFAULT 0;
ALTER TABLE hostile_appt ADD CONSTRAINT hostile_g FOREIGN KEY (cid) REFERENCES hostile_appp (id) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE hostile_appp ALTER COLUMN id SET DEFAULT 0;
ALTER TABLE hostile_appt VALIDATE CONSTRAINT hostile_g;
ROLLBACK;
SELECT statement, rule, lock_mode, message FROM pgsafe.check($$
ALTER TABLE hostile_appp ALTER COLUMN id SET DEFAULT 0;
ALTER TABLE hostile_appt VALIDATE CONSTRAINT hostile_g;
$$);
ALTER TABLE hostile_appp ALTER COLUMN id DROP DEFAULT;
ALTER TABLE hostile_appt DROP CONSTRAINT hostile_g;

-- VALIDATE on an empty inheritance parent reads its filled children
CREATE TABLE hostile_ip (id int);
CREATE TABLE hostile_ic1 () INHERITS (hostile_ip);
CREATE TABLE hostile_ic2 () INHERITS (hostile_ip);
INSERT INTO hostile_ic1 SELECT generate_series(1, 3000);
INSERT INTO hostile_ic2 SELECT generate_series(1, 3000);
BEGIN;
ALTER TABLE hostile_ip ADD CONSTRAINT hostile_ip_check CHECK (id > 0) NOT VALID;
ALTER TABLE hostile_ip VALIDATE CONSTRAINT hostile_ip_check;
ROLLBACK;
-- ... and a lock on one of them counts, taken by another statement of the transaction
SET pgsafe.mode = warn;
ALTER TABLE hostile_ip ADD CONSTRAINT hostile_ip_check CHECK (id > 0) NOT VALID;
SET pgsafe.mode = error;
BEGIN;
ALTER TABLE hostile_ic2 ADD COLUMN y int;
ALTER TABLE hostile_ip VALIDATE CONSTRAINT hostile_ip_check;
ROLLBACK;
-- ... and one on the parent when the child is validated: writes through the parent wait
BEGIN;
LOCK TABLE ONLY hostile_ip IN ACCESS EXCLUSIVE MODE;
ALTER TABLE hostile_ic1 VALIDATE CONSTRAINT hostile_ip_check;
ROLLBACK;
SELECT statement, rule, message FROM pgsafe.check($$
ALTER TABLE hostile_ic2 ADD COLUMN y int;
ALTER TABLE hostile_ip VALIDATE CONSTRAINT hostile_ip_check;
$$);

-- ATTACH PARTITION builds the partitioned table's unique index on the filled table
CREATE TABLE hostile_pt (id int, k int, UNIQUE (id)) PARTITION BY RANGE (id);
CREATE INDEX hostile_pt_k ON hostile_pt (k);
CREATE TABLE hostile_pt1 (id int, k int);
INSERT INTO hostile_pt1 SELECT g, g FROM generate_series(1, 1000) g;
ALTER TABLE hostile_pt ATTACH PARTITION hostile_pt1 FOR VALUES FROM (1) TO (2000);
SELECT rule, message FROM pgsafe.check('ALTER TABLE hostile_pt ATTACH PARTITION hostile_pt1 FOR VALUES FROM (1) TO (2000)');
-- its hint, run as printed, attaches without a build: the indexes are the ones built first
SELECT hint FROM pgsafe_test.report($$ALTER TABLE hostile_pt ATTACH PARTITION hostile_pt1 FOR VALUES FROM (1) TO (2000)$$) \gset
SELECT pgsafe_test.statements(:'hint') \gexec
SELECT * FROM pgsafe_test.shape('hostile_pt1');
SELECT relname, relispartition FROM pg_class WHERE relname IN ('hostile_pt1_id_key', 'hostile_pt1_k_idx') ORDER BY 1;
-- a matching index the table already has is attached, not built: nothing to say
-- (and a CHECK implies the partition bound, so that no scan is at stake either)
CREATE TABLE hostile_pt2 (id int NOT NULL CHECK (id >= 2000 AND id < 3000), k int);
INSERT INTO hostile_pt2 SELECT g, g FROM generate_series(2000, 2999) g;
SET pgsafe.mode = warn;
ALTER TABLE hostile_pt2 ADD CONSTRAINT hostile_pt2_id UNIQUE (id);
CREATE INDEX hostile_pt2_k ON hostile_pt2 (k);
SET pgsafe.mode = error;
ALTER TABLE hostile_pt ATTACH PARTITION hostile_pt2 FOR VALUES FROM (2000) TO (3000);
-- but a unique index without its constraint does not stand in for a constraint's index
CREATE TABLE hostile_pt3 (id int, k int);
INSERT INTO hostile_pt3 SELECT g, g FROM generate_series(3000, 3999) g;
SET pgsafe.mode = warn;
CREATE UNIQUE INDEX hostile_pt3_id ON hostile_pt3 (id);
CREATE INDEX hostile_pt3_k ON hostile_pt3 (k);
SET pgsafe.mode = error;
ALTER TABLE hostile_pt ATTACH PARTITION hostile_pt3 FOR VALUES FROM (3000) TO (4000);

-- a partition's key to other columns of the referenced table is not adopted
CREATE TABLE hostile_fkr (id int PRIMARY KEY, alt int UNIQUE);
INSERT INTO hostile_fkr SELECT g, g FROM generate_series(1, 1000) g;
CREATE TABLE hostile_fkp (x int) PARTITION BY RANGE (x);
CREATE TABLE hostile_fkp1 PARTITION OF hostile_fkp FOR VALUES FROM (0) TO (100000) PARTITION BY RANGE (x);
CREATE TABLE hostile_fkp11 PARTITION OF hostile_fkp1 FOR VALUES FROM (0) TO (100000);
INSERT INTO hostile_fkp SELECT generate_series(1, 1000);
SET pgsafe.mode = off;
ALTER TABLE hostile_fkp1 ADD CONSTRAINT hostile_fkp1_alt FOREIGN KEY (x) REFERENCES hostile_fkr (alt);
SET pgsafe.mode = error;
ALTER TABLE hostile_fkp ADD FOREIGN KEY (x) REFERENCES hostile_fkr (id);
-- the same key, validated at an intermediate level, is adopted there with all below it
ALTER TABLE hostile_fkp ADD FOREIGN KEY (x) REFERENCES hostile_fkr (alt);
SELECT conname, conrelid::regclass, conparentid <> 0 AS adopted FROM pg_constraint
 WHERE conrelid IN ('hostile_fkp'::regclass, 'hostile_fkp1'::regclass, 'hostile_fkp11'::regclass) AND contype = 'f'
 ORDER BY 2, 1;

-- a table whose rows live in TOAST: the size counts what the statement reads
SET pgsafe.min_table_size = '1MB';
CREATE TABLE hostile_toasty (id int, doc text);
ALTER TABLE hostile_toasty ALTER COLUMN doc SET STORAGE EXTERNAL;
INSERT INTO hostile_toasty SELECT g, repeat(md5(g::text), 2000) FROM generate_series(1, 300) g;
SELECT pg_relation_size('hostile_toasty') < 1024 * 1024 AS "main fork under 1MB";
CREATE INDEX ON hostile_toasty (md5(doc));
RESET pgsafe.min_table_size;

-- a domain's DEFAULT fills the new column, and PostgreSQL does not validate the key
CREATE DOMAIN hostile_dom AS int DEFAULT 424242;
CREATE TABLE hostile_orders (id int);
INSERT INTO hostile_orders SELECT generate_series(1, 1000);
ALTER TABLE hostile_orders ADD COLUMN c hostile_dom REFERENCES hostile_appp;
SELECT rule, message FROM pgsafe.check('ALTER TABLE hostile_orders ADD COLUMN c hostile_dom REFERENCES hostile_appp');
-- however the type is named
ALTER TABLE hostile_orders ADD COLUMN c contrib_regression.public.hostile_dom REFERENCES hostile_appp;
CREATE DOMAIN pg_temp.hostile_temp_dom AS int DEFAULT 424242;
ALTER TABLE hostile_orders ADD COLUMN c pg_temp.hostile_temp_dom REFERENCES hostile_appp;
-- the hint, run as printed: the validation finds the rows the DEFAULT does not match
SELECT hint FROM pgsafe_test.report('ALTER TABLE hostile_orders ADD COLUMN c hostile_dom REFERENCES hostile_appp') \gset
SET pgsafe.mode = warn;
SELECT pgsafe_test.statements(:'hint') \gexec
SELECT * FROM pgsafe_test.shape('hostile_orders');
RESET pgsafe.mode;

--
-- Flooding the messages: a statement of hundreds of subcommands, a table of
-- hundreds of partitions.  The hook's messages reach the client and the
-- server log for every statement, in every mode: they stay bounded and say
-- where the whole script is; pgsafe.check() returns it whole.
--
CREATE TABLE hostile_wide (id int);
INSERT INTO hostile_wide VALUES (1);
DO $$ BEGIN
  EXECUTE (SELECT 'ALTER TABLE hostile_wide ' || string_agg(format('ADD COLUMN c%s int', g), ', ')
             FROM generate_series(1, 300) g);
END $$;
SELECT 'ALTER TABLE hostile_wide ' || string_agg(format('ADD UNIQUE (c%s)', g), ', ') AS wide
  FROM generate_series(1, 300) g \gset
SELECT length(detail) < 500 AS detail_bounded, length(hint) < 9000 AS hint_bounded,
       hint LIKE '%This script is shortened; pgsafe.check() of the statement returns it whole.%' AS says_where,
       substring(hint FROM '-- \.\.\. and \d+ more statements$') AS counts_the_rest
  FROM pgsafe_test.report(:'wide');
SELECT count(*) AS findings, count(safe_sql) AS scripts,
       max(length(safe_sql) - length(replace(safe_sql, 'USING INDEX', ''))) / length('USING INDEX') AS constraints,
       bool_or(safe_sql LIKE '%-- ...%') AS shortened
  FROM pgsafe.check(:'wide');
CREATE TABLE hostile_many (id int) PARTITION BY RANGE (id);
DO $$ BEGIN
  FOR g IN 1..100 LOOP
    EXECUTE format('CREATE TABLE hostile_many_%s PARTITION OF hostile_many FOR VALUES FROM (%s) TO (%s)', g, g, g + 1);
  END LOOP;
END $$;
INSERT INTO hostile_many SELECT generate_series(1, 100);
SELECT length(hint) < 9000 AS hint_bounded,
       hint LIKE '%This script is shortened; pgsafe.check() of the statement returns it whole.%' AS says_where,
       substring(hint FROM '-- \.\.\. and the same statement for each of the other \d+ partitions') AS the_rest
  FROM pgsafe_test.report('CREATE INDEX ON hostile_many (id)');
SELECT (length(safe_sql) - length(replace(safe_sql, 'CREATE INDEX CONCURRENTLY hostile_many_', '')))
         / length('CREATE INDEX CONCURRENTLY hostile_many_')
       AS partitions_built, safe_sql LIKE '%-- ...%' AS shortened
  FROM pgsafe.check('CREATE INDEX ON hostile_many (id)');
DROP TABLE hostile_wide, hostile_many;

--
-- Planting functions where a superuser will call them.  A schema's owner
-- may drop what is in it: a role that owns a schema named pgsafe before the
-- extension is installed could later replace pgsafe.check().
--
DROP EXTENSION pgsafe;
DROP SCHEMA pgsafe;
CREATE SCHEMA pgsafe AUTHORIZATION regress_pgsafe_hostile;
-- (its CONTEXT lines, PostgreSQL's, differ between versions)
\set SHOW_CONTEXT never
CREATE EXTENSION pgsafe;
\set SHOW_CONTEXT errors
DROP SCHEMA pgsafe;
CREATE EXTENSION pgsafe;
SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'pgsafe';

-- pgsafe.status() describes the session it runs in: never run by a parallel worker
SELECT proname, proparallel FROM pg_proc WHERE pronamespace = 'pgsafe'::regnamespace ORDER BY 1;
-- (16 renamed force_parallel_mode debug_parallel_query)
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS parallel_setting \gset
SET :parallel_setting = on;
SELECT loaded_by FROM pgsafe.status();
RESET :parallel_setting;

DROP TABLE hostile_t, hostile_p, hostile_codes, hostile_evil_t, hostile_appt, hostile_appp, hostile_ip CASCADE;
DROP TABLE hostile_pt, hostile_pt2, hostile_pt3, hostile_fkp, hostile_fkr, hostile_toasty, hostile_orders;
DROP DOMAIN hostile_dom;
DROP FUNCTION hostile_evil(), hostile_evil_int(int);
DROP OPERATOR <<< (int, int);
DROP OPERATOR >>> (int, int);
REVOKE CREATE ON SCHEMA public FROM regress_pgsafe_hostile;
DROP ROLE regress_pgsafe_hostile;
