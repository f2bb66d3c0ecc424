/* pgsafe--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pgsafe" to load this file. \quit

-- The functions go into schema pgsafe, which CREATE EXTENSION creates, owned
-- by the installing superuser, unless it exists already.  If it exists and
-- belongs to another role, that role could later drop pgsafe.check() (a
-- schema's owner may drop what is in it) and put a function of its own in
-- its place, for a superuser to call: refuse to install into it.
DO $$
DECLARE
    owner name;
BEGIN
    SELECT r.rolname INTO owner
      FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
     WHERE n.nspname OPERATOR(pg_catalog.=) '@extschema@';
    IF owner OPERATOR(pg_catalog.<>) CURRENT_USER THEN
        RAISE EXCEPTION 'schema "@extschema@" is owned by role "%", not by the role installing pgsafe', owner
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Its owner could replace the functions of pgsafe that other roles call.',
                  HINT = 'Drop or rename the schema, or let the installing role own it (ALTER SCHEMA @extschema@ OWNER TO ...), then run CREATE EXTENSION pgsafe again.';
    END IF;
END
$$;

CREATE FUNCTION status(
    OUT loaded_by text,
    OUT mode text,
    OUT min_table_size text)
RETURNS record
AS 'MODULE_PATHNAME', 'pgsafe_status'
LANGUAGE C STRICT VOLATILE PARALLEL RESTRICTED;

-- PARALLEL RESTRICTED: it describes the session it runs in, which a parallel
-- worker is not.
COMMENT ON FUNCTION status() IS
'how pgsafe was loaded into this session, and its settings';

-- The rules, from the catalogue they are all derived from.
CREATE FUNCTION rules(
    OUT name text,
    OUT scope text,
    OUT summary text,
    OUT looks_at text,
    OUT suppressible boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pgsafe_rules'
LANGUAGE C STRICT STABLE PARALLEL SAFE;

COMMENT ON FUNCTION rules() IS
'pgsafe''s rules: "statement" rules apply to every statement, "script" rules to pgsafe.check() and pgsafe-lint';

-- Checking a migration script before it runs: the same rules as the guard,
-- decided against this database's catalog, without executing anything.
CREATE FUNCTION @extschema@.check(
    script text,
    in_transaction boolean DEFAULT true,
    OUT statement integer,
    OUT line integer,
    OUT col integer,
    OUT statement_text text,
    OUT rule text,
    OUT severity text,
    OUT relation text,
    OUT relation_size bigint,
    OUT lock_mode text,
    OUT blocks text,
    OUT message text,
    OUT detail text,
    OUT hint text,
    OUT safe_sql text,
    OUT suppressed text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pgsafe_check'
LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION @extschema@.check(text, boolean) IS
'findings for a migration script, checked against this database without running it';

CREATE FUNCTION check_migrations(
    scripts text[],
    in_transaction boolean[],
    OUT script integer,
    OUT statement integer,
    OUT line integer,
    OUT col integer,
    OUT statement_text text,
    OUT rule text,
    OUT severity text,
    OUT relation text,
    OUT relation_size bigint,
    OUT lock_mode text,
    OUT blocks text,
    OUT message text,
    OUT detail text,
    OUT hint text,
    OUT safe_sql text,
    OUT suppressed text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'pgsafe_check_migrations'
LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION check_migrations(text[], boolean[]) IS
'findings for migration scripts run one after another, checked against this database without running them';

-- Linting needs no privilege beyond seeing the tables a script touches.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
