--
-- missing-lock-timeout [pgsafe.check()]: a statement that would wait in
-- the lock queue with no lock timeout in force -- not from the script, not
-- from the settings stored for the role and the database, not from the
-- server's, and not from pgsafe.lock_timeout.
--
-- The check is made for the session user: a session of the role that runs
-- the migrations.  Its name is in the detail, so the checks below run as a
-- role of the test's own; the database's name is replaced.
--
-- setup stores a lock_timeout for the test database: not here (and a
-- new session, whose reset value is the server's again)
SELECT format('ALTER DATABASE %I RESET lock_timeout', current_database()) \gexec
\c
CREATE TABLE mlt_orders (id int PRIMARY KEY, total int);
INSERT INTO mlt_orders SELECT g, g FROM generate_series(1, 100) g;
CREATE TABLE mlt_empty (id int);
CREATE ROLE regress_mlt_migrator;
ALTER TABLE mlt_orders OWNER TO regress_mlt_migrator;
ALTER TABLE mlt_empty OWNER TO regress_mlt_migrator;
GRANT CREATE ON SCHEMA public TO regress_mlt_migrator;

CREATE FUNCTION mlt_findings(script text, in_transaction boolean DEFAULT true)
RETURNS TABLE (statement int, rule text, severity text, relation text, lock_mode text, blocks text)
LANGUAGE sql AS $$
    SELECT statement, rule, severity, relation, lock_mode, blocks
    FROM pgsafe.check(script, in_transaction) WHERE rule = 'missing-lock-timeout'
$$;
CREATE FUNCTION mlt_text(script text, in_transaction boolean DEFAULT true)
RETURNS TABLE (message text, detail text, hint text)
LANGUAGE sql AS $$
    SELECT message, replace(detail, quote_ident(current_database()), '<database>'), hint
    FROM pgsafe.check(script, in_transaction) WHERE rule = 'missing-lock-timeout'
$$;
SET SESSION AUTHORIZATION regress_mlt_migrator;

-- nothing bounds the wait: the first statement of the stretch is reported,
-- with what is known of the settings, empty tables too (a lock queue does
-- not care about size)
SELECT * FROM mlt_findings($$
ALTER TABLE mlt_orders ADD COLUMN note text;
ALTER TABLE mlt_empty ADD COLUMN note text;
CREATE INDEX ON mlt_orders (total);
$$);
SELECT * FROM mlt_text('ALTER TABLE mlt_orders ADD COLUMN note text');
-- outside a transaction block the hint says SET, not SET LOCAL
SELECT hint FROM mlt_text('ALTER TABLE mlt_orders ADD COLUMN note text', false);
-- the lock names the statement's strongest: a foreign key's referenced table
-- gets SHARE ROW EXCLUSIVE, the table itself SHARE ROW EXCLUSIVE too; DROP
-- INDEX, TRUNCATE, LOCK TABLE, CREATE TRIGGER, RENAME queue the same way
SELECT * FROM mlt_findings('ALTER TABLE mlt_empty ADD FOREIGN KEY (id) REFERENCES mlt_orders NOT VALID');
SELECT * FROM mlt_findings('DROP INDEX mlt_orders_pkey');
SELECT * FROM mlt_findings('TRUNCATE mlt_empty');
SELECT * FROM mlt_findings('LOCK TABLE mlt_orders IN SHARE MODE');
SELECT * FROM mlt_findings('ALTER TABLE mlt_orders RENAME COLUMN total TO amount');

-- not reported: statements whose waits block nobody, or are their design
SELECT count(*) FROM mlt_findings($$
SELECT * FROM mlt_orders;
ALTER TABLE mlt_orders SET (fillfactor = 90);
ALTER TABLE mlt_orders VALIDATE CONSTRAINT mlt_orders_pkey;
LOCK TABLE mlt_orders IN ROW EXCLUSIVE MODE;
LOCK TABLE mlt_orders IN ACCESS EXCLUSIVE MODE NOWAIT;
$$);
SELECT count(*) FROM mlt_findings('CREATE INDEX CONCURRENTLY ON mlt_orders (total)', false);
-- nor on relations the script creates, which no other session uses yet
SELECT count(*) FROM mlt_findings($$
CREATE TABLE mlt_new (id int);
ALTER TABLE mlt_new ADD COLUMN note text;
CREATE INDEX ON mlt_new (id);
$$);

-- the script's own SET, SET LOCAL in the runner's transaction, or a
-- transaction block of the script: bounded
SELECT count(*) FROM mlt_findings($$SET lock_timeout = '2s'; ALTER TABLE mlt_orders ADD COLUMN note text;$$);
SELECT count(*) FROM mlt_findings($$SET LOCAL lock_timeout = 2000; ALTER TABLE mlt_orders ADD COLUMN note text;$$);
SELECT count(*) FROM mlt_findings($$BEGIN; SET LOCAL lock_timeout = '2s'; ALTER TABLE mlt_orders ADD COLUMN note text; COMMIT;$$, false);
-- SET LOCAL outside a transaction block sets nothing (PostgreSQL warns)
SELECT statement FROM mlt_findings($$SET LOCAL lock_timeout = '2s'; ALTER TABLE mlt_orders ADD COLUMN note text;$$, false);
-- SET LOCAL ends with its transaction; a ROLLBACK undoes a SET; RESET and
-- SET ... = 0 unset it: each starts a new stretch, reported again
SELECT statement FROM mlt_findings($$
BEGIN; SET LOCAL lock_timeout = '2s'; ALTER TABLE mlt_orders ADD COLUMN a int; COMMIT;
ALTER TABLE mlt_orders ADD COLUMN b int;
BEGIN; SET lock_timeout = '2s'; ROLLBACK;
ALTER TABLE mlt_orders ADD COLUMN c int;
SET lock_timeout = '2s';
ALTER TABLE mlt_orders ADD COLUMN d int;
RESET lock_timeout;
ALTER TABLE mlt_orders ADD COLUMN e int;
SET lock_timeout = '2s';
SET lock_timeout TO 0;
ALTER TABLE mlt_orders ADD COLUMN f int;
ALTER TABLE mlt_orders ADD COLUMN g int;
$$, false);
SELECT detail FROM mlt_text($$SET lock_timeout = 0; ALTER TABLE mlt_orders ADD COLUMN a int;$$);
-- a SET of the run lasts into its next scripts; each script gets its own
-- finding otherwise
SELECT script, statement FROM pgsafe.check_migrations(
    ARRAY['ALTER TABLE mlt_orders ADD COLUMN a int; ALTER TABLE mlt_orders ADD COLUMN b int;',
          'ALTER TABLE mlt_orders ADD COLUMN c int;',
          'SET lock_timeout = ''2s''',
          'ALTER TABLE mlt_orders ADD COLUMN d int;'],
    ARRAY[false, false, false, false]) WHERE rule = 'missing-lock-timeout';
-- a statement of a DO block is a statement too
SELECT statement FROM mlt_findings($$DO $do$BEGIN ALTER TABLE mlt_orders ADD COLUMN a int; END$do$;$$);
-- the session's own lock_timeout is not the migration's: it does not count
SET lock_timeout = '3s';
SELECT count(*) FROM mlt_findings('ALTER TABLE mlt_orders ADD COLUMN note text');
RESET lock_timeout;
-- a suppression comment accepts it, and pgsafe.disabled_rules drops it
SELECT rule, suppressed FROM pgsafe.check($$
-- pgsafe:ignore missing-lock-timeout the deploy tool sets lock_timeout itself
ALTER TABLE mlt_orders ADD COLUMN note text;
$$) WHERE rule = 'missing-lock-timeout';
RESET SESSION AUTHORIZATION;
SET pgsafe.disabled_rules = 'missing-lock-timeout';
SET SESSION AUTHORIZATION regress_mlt_migrator;
SELECT count(*) FROM mlt_findings('ALTER TABLE mlt_orders ADD COLUMN note text');
RESET SESSION AUTHORIZATION;
RESET pgsafe.disabled_rules;

-- the settings stored for the role and the database, strongest first
SELECT format('ALTER ROLE regress_mlt_migrator IN DATABASE %I SET lock_timeout = %L', current_database(), '4s') \gexec
SET SESSION AUTHORIZATION regress_mlt_migrator;
SELECT count(*) FROM mlt_findings('ALTER TABLE mlt_orders ADD COLUMN note text');
-- ... and the script may still unset it
SELECT detail FROM mlt_text($$SET lock_timeout = 0; ALTER TABLE mlt_orders ADD COLUMN a int;$$);
RESET SESSION AUTHORIZATION;
SELECT format('ALTER ROLE regress_mlt_migrator IN DATABASE %I SET lock_timeout = 0', current_database()) \gexec
ALTER ROLE regress_mlt_migrator SET lock_timeout = '4s';
SET SESSION AUTHORIZATION regress_mlt_migrator;
-- the role's database entry (0) is stronger than its general one
SELECT detail FROM mlt_text('ALTER TABLE mlt_orders ADD COLUMN note text');
RESET SESSION AUTHORIZATION;
SELECT format('ALTER ROLE regress_mlt_migrator IN DATABASE %I RESET lock_timeout', current_database()) \gexec
SET SESSION AUTHORIZATION regress_mlt_migrator;
SELECT count(*) FROM mlt_findings('ALTER TABLE mlt_orders ADD COLUMN note text');
RESET SESSION AUTHORIZATION;
ALTER ROLE regress_mlt_migrator RESET lock_timeout;

-- pgsafe.lock_timeout stored for the role bounds the wait in the server ...
ALTER ROLE regress_mlt_migrator SET pgsafe.lock_timeout = '2s';
SET SESSION AUTHORIZATION regress_mlt_migrator;
SELECT count(*) FROM mlt_findings('ALTER TABLE mlt_orders ADD COLUMN note text');
RESET SESSION AUTHORIZATION;
-- ... unless pgsafe.mode is off for it, then nothing does
ALTER ROLE regress_mlt_migrator SET pgsafe.mode = off;
SET SESSION AUTHORIZATION regress_mlt_migrator;
SELECT detail FROM mlt_text('ALTER TABLE mlt_orders ADD COLUMN note text');
RESET SESSION AUTHORIZATION;
ALTER ROLE regress_mlt_migrator RESET pgsafe.mode;
ALTER ROLE regress_mlt_migrator RESET pgsafe.lock_timeout;

-- the hint runs: with its SET, the script is bounded
SET SESSION AUTHORIZATION regress_mlt_migrator;
SELECT split_part(hint, E'\n', 2) AS set_line FROM mlt_text('ALTER TABLE mlt_orders ADD COLUMN note text') \gset
SELECT count(*) FROM mlt_findings(:'set_line' || ' ALTER TABLE mlt_orders ADD COLUMN note text');
BEGIN;
SELECT :'set_line' \gexec
SHOW lock_timeout;
ALTER TABLE mlt_orders ADD COLUMN note text;
ROLLBACK;
RESET SESSION AUTHORIZATION;

DROP FUNCTION mlt_findings(text, boolean), mlt_text(text, boolean);
DROP TABLE mlt_orders, mlt_empty;
REVOKE CREATE ON SCHEMA public FROM regress_mlt_migrator;
DROP ROLE regress_mlt_migrator;

-- a session that began with a stored lock_timeout since removed: its own
-- reset value is not the server's, which it cannot know; PostgreSQL's
-- default is what it reports
SELECT format('ALTER DATABASE %I SET lock_timeout = %L', current_database(), '4s') \gexec
\c
SHOW lock_timeout;
SELECT format('ALTER DATABASE %I RESET lock_timeout', current_database()) \gexec
CREATE TABLE mlt_stale (id int);
SELECT replace(detail, quote_ident(current_database()), '<database>') AS detail
FROM pgsafe.check('ALTER TABLE mlt_stale ADD COLUMN note text') WHERE rule = 'missing-lock-timeout';
DROP TABLE mlt_stale;

SELECT format('ALTER DATABASE %I SET lock_timeout = %L', current_database(), '1min') \gexec
