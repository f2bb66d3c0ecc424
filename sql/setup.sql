--
-- Helpers shared by the regression tests (run first).
--
-- pgsafe_test.report() runs a statement with pgsafe.mode = error inside a
-- subtransaction and returns pgsafe's report instead of raising it; the
-- statement never takes effect.  A NULL message means pgsafe let it pass.
--
-- pgsafe_test.statements() splits a hint into the SQL statements it holds
-- (a DO block or a function body in dollar quotes is one),
-- so that a test can run them one by one with \gexec, exactly as printed.
--
CREATE SCHEMA pgsafe_test;

-- A bound on lock waits stored for the test database, as a DBA sets one
-- for an application's database.  Without it every pgsafe.check() script
-- that alters an existing table would also report missing-lock-timeout;
-- that rule's own test (missing_lock_timeout) removes it while it runs.
SELECT format('ALTER DATABASE %I SET lock_timeout = %L', current_database(), '1min') \gexec

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
    tag text;
    open_tag text; -- the dollar quote a body is open in, if any
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
        -- a dollar quote opens a body, the same one closes it; others inside are text
        FOR tag IN SELECT m[1] FROM regexp_matches(line, '(\$[A-Za-z_]*\$)', 'g') AS m LOOP
            IF open_tag IS NULL THEN
                open_tag := tag;
            ELSIF tag = open_tag THEN
                open_tag := NULL;
            END IF;
        END LOOP;
        -- a statement ends with a line ending in ';' outside a dollar-quoted body
        IF line LIKE '%;' AND open_tag IS NULL THEN
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

-- Ground truth: what PostgreSQL really does with a statement, against what
-- pgsafe says of it.  The statement runs with pgsafe off in a subtransaction
-- that is rolled back, after pgsafe.check() has judged it.  Watched are the
-- relation, its partitions and inheritance children:
--   rewrote     a watched table got a new relfilenode (a rebuilt index alone
--               is not a rewrite of the table: it shows as a scan)
--   scanned     pg_stat_xact_all_tables.seq_scan of a watched table grew
--   write_lock  the locks the statement holds on a watched table that block
--               writes (SHARE and stronger)
--   agrees      pgsafe flags the statement exactly when PostgreSQL read or
--               rewrote rows under such a lock (a rule whose effect is
--               "unvalidated" reads nothing), and says it rewrites exactly
--               when it does
-- Call it in FROM (LATERAL): as (f(x)).* it would run once per column.
CREATE FUNCTION pgsafe_test.ground_truth(watch regclass, statement text,
    OUT flagged text, OUT rewrote boolean, OUT scanned boolean, OUT write_lock text,
    OUT agrees boolean)
LANGUAGE plpgsql AS $$
DECLARE
    tables oid[];
    files_before oid[];
    files_after oid[];
    scans_before bigint;
    scans_after bigint;
    effects text[];
BEGIN
    SELECT array_agg(DISTINCT r) INTO tables FROM (
        SELECT watch::oid AS r
        UNION ALL SELECT relid FROM pg_partition_tree(watch)
        UNION ALL SELECT inhrelid FROM pg_inherits WHERE inhparent = watch) t;

    SELECT string_agg(DISTINCT c.rule, ', ' ORDER BY c.rule), array_agg(DISTINCT r.effect)
      INTO flagged, effects
      FROM pgsafe.check(statement, false) c JOIN pgsafe.rules() r ON r.name = c.rule
     WHERE r.scope = 'statement';

    BEGIN
        SET LOCAL pgsafe.mode = off;
        SELECT array_agg(pg_relation_filenode(r) ORDER BY r) INTO files_before FROM unnest(tables) r;
        SELECT coalesce(sum(seq_scan), 0) INTO scans_before
          FROM pg_stat_xact_all_tables WHERE relid = ANY (tables);
        EXECUTE statement;
        SELECT array_agg(pg_relation_filenode(r) ORDER BY r) INTO files_after FROM unnest(tables) r;
        SELECT coalesce(sum(seq_scan), 0) INTO scans_after
          FROM pg_stat_xact_all_tables WHERE relid = ANY (tables);
        SELECT string_agg(DISTINCT mode, ', ' ORDER BY mode) INTO write_lock
          FROM pg_locks
         WHERE locktype = 'relation' AND pid = pg_backend_pid() AND granted AND relation = ANY (tables)
           AND mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock');
        RAISE EXCEPTION 'rolled back' USING ERRCODE = 'PT001';
    EXCEPTION WHEN SQLSTATE 'PT001' THEN
        NULL;
    END;

    rewrote := files_before IS DISTINCT FROM files_after;
    scanned := scans_after > scans_before;
    agrees := rewrote = coalesce('rewrite' = ANY (effects), false)
        AND CASE
            WHEN flagged IS NULL THEN NOT ((scanned OR rewrote) AND write_lock IS NOT NULL)
            WHEN effects = '{unvalidated}' THEN write_lock IS NOT NULL
            ELSE (scanned OR rewrote) AND write_lock IS NOT NULL
        END;
END
$$;

SELECT loaded_by, mode, min_table_size FROM pgsafe.status();
