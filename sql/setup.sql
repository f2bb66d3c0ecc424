--
-- Helpers shared by the regression tests (run first).
--
-- pgsafe_test.report() runs a statement with pgsafe.mode = error inside a
-- subtransaction and returns pgsafe's report instead of raising it; the
-- statement never takes effect.  A NULL message means pgsafe let it pass.
--
-- pgsafe_test.statements() splits a hint into the SQL statements it holds,
-- so that a test can run them one by one with \gexec, exactly as printed.
--
CREATE SCHEMA pgsafe_test;

CREATE FUNCTION pgsafe_test.report(statement text,
    OUT message text, OUT detail text, OUT hint text, OUT code text)
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        SET LOCAL pgsafe.mode = error;
        EXECUTE statement;
        RAISE EXCEPTION 'not rejected' USING ERRCODE = 'PT000';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
            hint = PG_EXCEPTION_HINT, code = RETURNED_SQLSTATE;
        IF code = 'PT000' THEN
            message := NULL;
        END IF;
    END;
END
$$;

-- The hint's SQL: the lines after the first, comments skipped, one row per statement.
CREATE FUNCTION pgsafe_test.statements(hint text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    line text;
    pending text := '';
    first boolean := true;
BEGIN
    FOREACH line IN ARRAY string_to_array(hint, E'\n') LOOP
        IF first THEN
            first := false;
            CONTINUE;
        END IF;
        IF pending = '' AND line LIKE '--%' THEN
            CONTINUE;
        END IF;
        pending := CASE WHEN pending = '' THEN line ELSE pending || E'\n' || line END;
        IF line LIKE '%;' THEN
            RETURN NEXT pending;
            pending := '';
        END IF;
    END LOOP;
END
$$;

-- The DROP INDEX the hint suggests after a failed CREATE INDEX CONCURRENTLY.
CREATE FUNCTION pgsafe_test.cleanup_statement(hint text) RETURNS text
LANGUAGE sql AS $$
    SELECT substring(hint FROM 'DROP INDEX CONCURRENTLY IF EXISTS [^;]+;')
$$;

-- Constraints and indexes of a table, to check a hint reached its end state.
-- NOT NULL is one "not null" row per column on every version: from
-- PostgreSQL 18 it is also a constraint (contype 'n'), which can be NOT
-- VALID while attnotnull is set.
CREATE FUNCTION pgsafe_test.shape(tab regclass)
RETURNS TABLE (object text, definition text, valid boolean)
LANGUAGE sql AS $$
    SELECT 'constraint ' || conname, pg_get_constraintdef(oid), convalidated
      FROM pg_constraint WHERE conrelid = tab AND contype <> 'n'
    UNION ALL
    SELECT 'index ' || indexrelid::regclass::text, pg_get_indexdef(indexrelid), indisvalid
      FROM pg_index WHERE indrelid = tab
    UNION ALL
    SELECT 'not null ' || attname, format_type(atttypid, atttypmod),
           NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conrelid = tab AND c.contype = 'n'
                         AND c.conkey = ARRAY[a.attnum] AND NOT c.convalidated)
      FROM pg_attribute a WHERE attrelid = tab AND attnum > 0 AND NOT attisdropped AND attnotnull
    ORDER BY 1
$$;

SELECT loaded_by, mode, min_table_size FROM pgsafe.status();
