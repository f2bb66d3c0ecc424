-- bench/functions.sql -- the server-side timing loops of bench/run.
--
-- The clock is read inside the server, around each statement, so what is
-- timed is the statement's execution (parse, the ProcessUtility hooks, the
-- refusal or the work, the subtransaction rollback), not the round trip to
-- a client.  pgbench cannot time a statement that fails: PostgreSQL 15's
-- pgbench aborts the client on any error but a serialization failure or a
-- deadlock (which are all --max-tries retries), so rejections are timed here.

-- bench_refuse(stmt, n, expected): execute stmt n times (n >= 2), each in a
-- subtransaction (an EXCEPTION block), each expected to fail with SQLSTATE
-- expected (PS001: rejected by pgsafe).
--   first_us   the first execution: in a new session, with cold caches, as
--              a migration's statement usually runs
--   median_us  the others, timed in batches of 10 (clock_timestamp() counts
--              whole microseconds): the median of the batches' means, which
--              a preemption by another process on the machine cannot move
--   mean_us    the others' total time divided by n - 1
CREATE FUNCTION bench_refuse(stmt text, n int, expected text DEFAULT 'PS001',
                             OUT first_us float8, OUT median_us float8, OUT mean_us float8)
LANGUAGE plpgsql AS $$
DECLARE
  batch constant int := 10;
  batches float8[] := '{}';
  got text;
  done int := 0;
  size int;
  t0 timestamptz;
  since timestamptz;
BEGIN
  -- a rejection that does not come would run the statement: on the big
  -- table, build a unique index over all of it
  IF expected = 'PS001' AND current_setting('pgsafe.mode', true) IS DISTINCT FROM 'error' THEN
    RAISE EXCEPTION 'bench_refuse: pgsafe is not loaded with pgsafe.mode = error';
  END IF;
  WHILE done < n LOOP
    -- the first statement alone, then batches
    size := CASE WHEN done = 0 THEN 1 ELSE least(batch, n - done) END;
    t0 := clock_timestamp();
    FOR i IN 1..size LOOP
      BEGIN
        EXECUTE stmt;
        got := 'no error';
      EXCEPTION WHEN OTHERS THEN
        got := SQLSTATE;
      END;
      IF got <> expected THEN
        RAISE EXCEPTION 'bench_refuse: expected SQLSTATE % from "%", got %', expected, stmt, got;
      END IF;
    END LOOP;
    IF done = 0 THEN
      since := clock_timestamp();
      first_us := extract(epoch FROM since - t0) * 1e6;
    ELSE
      batches := batches || extract(epoch FROM clock_timestamp() - t0) * 1e6 / size;
    END IF;
    done := done + size;
  END LOOP;
  mean_us := extract(epoch FROM clock_timestamp() - since) * 1e6 / (n - 1);
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY b) INTO median_us FROM unnest(batches) b;
END
$$;

-- bench_ddl(kind, n): n rounds of DDL that succeeds, each round committed
-- (every CREATE INDEX makes a relation and holds a lock on it until commit:
-- one transaction would run out of lock table).  INOUT us: microseconds per
-- statement, commits included.
--   checked     CREATE INDEX and ADD UNIQUE on an empty table, which pgsafe
--               inspects (catalog lookup, ownership, a conditional lock,
--               the block count) and lets through, then the two DROPs that
--               undo them, which it does not inspect: half the statements
--   unchecked   ALTER COLUMN SET DEFAULT / DROP DEFAULT: ALTER TABLE that
--               pgsafe dismisses on the parse tree alone
-- Must be CALLed outside a transaction block (it commits).
CREATE PROCEDURE bench_ddl(kind text, n int, INOUT us float8 DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  stmts text[];
  stmt text;
  since timestamptz;
BEGIN
  stmts := CASE kind
    WHEN 'checked' THEN ARRAY[
      'CREATE INDEX bench_empty_v_idx ON bench_empty (v)',
      'ALTER TABLE bench_empty ADD CONSTRAINT bench_empty_id_key UNIQUE (id)',
      'DROP INDEX bench_empty_v_idx',
      'ALTER TABLE bench_empty DROP CONSTRAINT bench_empty_id_key']
    WHEN 'unchecked' THEN ARRAY[
      'ALTER TABLE bench_empty ALTER COLUMN v SET DEFAULT 0',
      'ALTER TABLE bench_empty ALTER COLUMN v DROP DEFAULT']
  END;
  IF stmts IS NULL THEN
    RAISE EXCEPTION 'bench_ddl: unknown kind %', kind;
  END IF;
  COMMIT;
  since := clock_timestamp();
  FOR i IN 1..n LOOP
    FOREACH stmt IN ARRAY stmts LOOP
      EXECUTE stmt;
    END LOOP;
    COMMIT;
  END LOOP;
  us := extract(epoch FROM clock_timestamp() - since) * 1e6 / (n * array_length(stmts, 1));
END
$$;
