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
