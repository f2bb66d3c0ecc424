--
-- pgsafe.lock_timeout: who may set it, its unit, and the lock_timeout in
-- force while a statement runs (shown by an event trigger, which runs
-- inside the statement) and after it.  test/isolation/specs/lock_timeout.spec
-- has the waits themselves.
--
-- the session's own lock_timeout: none (setup stores one for the database)
SET lock_timeout = 0;
SHOW pgsafe.lock_timeout;
SET pgsafe.lock_timeout = 1500;
SHOW pgsafe.lock_timeout;
SET pgsafe.lock_timeout = '2s';
SHOW pgsafe.lock_timeout;
SET pgsafe.lock_timeout = '1min';
SHOW pgsafe.lock_timeout;
-- out of range (the message's units differ between majors: its SQLSTATE)
DO $$
BEGIN
    SET pgsafe.lock_timeout = -1;
EXCEPTION WHEN invalid_parameter_value THEN
    RAISE NOTICE 'refused: %', SQLSTATE;
END
$$;
SET pgsafe.lock_timeout = '1 parsec';

-- superuser only, like pgsafe.mode
CREATE ROLE lock_timeout_app;
SET ROLE lock_timeout_app;
SET pgsafe.lock_timeout = 0;
SET LOCAL pgsafe.lock_timeout = 0;
SELECT set_config('pgsafe.lock_timeout', '0', false);
ALTER ROLE lock_timeout_app SET pgsafe.lock_timeout = 0;
RESET ROLE;
ALTER ROLE lock_timeout_app SET pgsafe.lock_timeout = '3s';
ALTER ROLE lock_timeout_app RESET pgsafe.lock_timeout;
DROP ROLE lock_timeout_app;
RESET pgsafe.lock_timeout;

-- log mode: the findings go to the server log only; the bound applies all the same
SET pgsafe.mode = log;

CREATE FUNCTION lock_timeout_seen() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE NOTICE '% runs with lock_timeout = %', tg_tag, current_setting('lock_timeout');
END $$;
CREATE EVENT TRIGGER lock_timeout_seen ON ddl_command_start EXECUTE FUNCTION lock_timeout_seen();

CREATE TABLE lock_timeout_t (id int PRIMARY KEY, v int);
INSERT INTO lock_timeout_t SELECT g, g FROM generate_series(1, 10) g;
CREATE MATERIALIZED VIEW lock_timeout_mv AS SELECT id FROM lock_timeout_t;
CREATE UNIQUE INDEX ON lock_timeout_mv (id);

SET pgsafe.lock_timeout = '2s';
-- bounded: the session's 0 (no timeout) is not lower
ALTER TABLE lock_timeout_t ADD COLUMN c int;
ALTER TABLE lock_timeout_t RENAME COLUMN c TO d;
CREATE INDEX lock_timeout_t_v ON lock_timeout_t (v);
ALTER INDEX lock_timeout_t_v SET TABLESPACE pg_default;
DROP INDEX lock_timeout_t_v;
CREATE TABLE lock_timeout_child (id int, parent_id int REFERENCES lock_timeout_t);
ALTER TABLE lock_timeout_child ADD CONSTRAINT lock_timeout_child_fk FOREIGN KEY (parent_id) REFERENCES lock_timeout_t NOT VALID;
CREATE TRIGGER lock_timeout_trigger BEFORE INSERT ON lock_timeout_t FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
REFRESH MATERIALIZED VIEW lock_timeout_mv;
CREATE OR REPLACE VIEW lock_timeout_v AS SELECT 1 AS one;
CREATE OR REPLACE VIEW lock_timeout_v AS SELECT 1 AS one;
-- not bounded: no lock that blocks reads or writes, or waits that are their design
ALTER TABLE lock_timeout_child VALIDATE CONSTRAINT lock_timeout_child_fk;
ALTER TABLE lock_timeout_t ALTER COLUMN v SET STATISTICS 200;
ALTER INDEX lock_timeout_t_pkey SET (fillfactor = 80);
ALTER INDEX lock_timeout_t_pkey RENAME TO lock_timeout_t_key;
CREATE INDEX CONCURRENTLY lock_timeout_t_v ON lock_timeout_t (v);
DROP INDEX CONCURRENTLY lock_timeout_t_v;
-- (it runs statements of its own on a temporary table, which are bounded and never wait)
REFRESH MATERIALIZED VIEW CONCURRENTLY lock_timeout_mv;
CREATE TABLE lock_timeout_new (a int);
-- a lower session lock_timeout wins; a higher one does not; both stay
SET lock_timeout = '500ms';
ALTER TABLE lock_timeout_t ADD COLUMN e int;
SHOW lock_timeout;
SET lock_timeout = '1h';
ALTER TABLE lock_timeout_t ADD COLUMN f int;
SHOW lock_timeout;
-- in a transaction block, after an error, and with SET LOCAL
BEGIN;
SET LOCAL lock_timeout = '10min';
ALTER TABLE lock_timeout_t ADD COLUMN g int;
SHOW lock_timeout;
ALTER TABLE lock_timeout_t ADD COLUMN g int;
ROLLBACK;
SHOW lock_timeout;
-- a subtransaction that fails, and a function
BEGIN;
SAVEPOINT s;
ALTER TABLE lock_timeout_t ADD COLUMN no_such_type nosuchtype;
ROLLBACK TO SAVEPOINT s;
SHOW lock_timeout;
COMMIT;
CREATE FUNCTION lock_timeout_ddl() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	ALTER TABLE lock_timeout_t ADD COLUMN h int;
	RETURN current_setting('lock_timeout');
END $$;
SELECT lock_timeout_ddl();
SHOW lock_timeout;
SET lock_timeout = 0;
-- not when pgsafe.mode is off, nor when pgsafe.lock_timeout is 0
SET pgsafe.mode = off;
ALTER TABLE lock_timeout_t ADD COLUMN i int;
SET pgsafe.mode = log;
SET pgsafe.lock_timeout = 0;
ALTER TABLE lock_timeout_t ADD COLUMN j int;
SHOW lock_timeout;

DROP EVENT TRIGGER lock_timeout_seen;
DROP FUNCTION lock_timeout_seen(), lock_timeout_ddl();
DROP VIEW lock_timeout_v;
DROP MATERIALIZED VIEW lock_timeout_mv;
DROP TABLE lock_timeout_child, lock_timeout_t, lock_timeout_new;
RESET pgsafe.mode;
RESET pgsafe.lock_timeout;
