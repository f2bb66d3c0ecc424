--
-- pgsafe.mode is a superuser setting: an application role cannot lower it,
-- by any route.  ALTER ROLE ... SET (also IN DATABASE) and ALTER DATABASE
-- ... SET, made by a superuser, apply at login; GRANT SET ON PARAMETER
-- lets a chosen role change it.
--
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
