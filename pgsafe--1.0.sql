/* pgsafe--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION pgsafe" to load this file. \quit

CREATE FUNCTION status(
    OUT loaded_by text,
    OUT mode text,
    OUT min_table_size text)
RETURNS record
AS 'MODULE_PATHNAME', 'pgsafe_status'
LANGUAGE C STRICT VOLATILE PARALLEL SAFE;

COMMENT ON FUNCTION status() IS
'how pgsafe was loaded into this session, and its settings';

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
