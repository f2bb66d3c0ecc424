--
-- test/memory/rss.sql -- one backend runs many guarded DDL statements, and
-- its private memory must stay flat.  Run by test/memory/rss with
-- -v statements=N; prints the figures and fails (ERROR) above 1 MB growth.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS pgsafe;
CREATE TABLE churn_ref (id int PRIMARY KEY);
INSERT INTO churn_ref SELECT generate_series(1, 1000);
CREATE TABLE churn (id int NOT NULL, ref int, code text, "Mixed Case" int);
INSERT INTO churn SELECT g, g, 'c' || g, g FROM generate_series(1, 1000) g;
CREATE TABLE churn_parts (id int, at int) PARTITION BY RANGE (at);
CREATE TABLE churn_parts_1 PARTITION OF churn_parts FOR VALUES FROM (0) TO (500);
CREATE TABLE churn_parts_2 PARTITION OF churn_parts FOR VALUES FROM (500) TO (1000);
INSERT INTO churn_parts SELECT g, g FROM generate_series(0, 999) g;
CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb int);
INSERT INTO aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa VALUES (1);

-- The statements, flagged and not; each runs in a subtransaction that is
-- rolled back, so the tables do not collect constraints and indexes.
CREATE PROCEDURE churn(n int) LANGUAGE plpgsql AS $$
DECLARE
    statements text[] := ARRAY[
        'ALTER TABLE churn ADD UNIQUE (code)',
        'ALTER TABLE churn ADD PRIMARY KEY (id)',
        'ALTER TABLE churn ADD CONSTRAINT churn_ref_fk FOREIGN KEY (ref) REFERENCES churn_ref',
        'ALTER TABLE churn ADD CONSTRAINT churn_ref_fk FOREIGN KEY (ref) REFERENCES churn_ref NOT VALID',
        'CREATE INDEX ON churn ("Mixed Case", code)',
        'ALTER TABLE churn ADD COLUMN extra int, ADD UNIQUE (id, code)',
        'CREATE INDEX ON churn_parts (id)',
        'ALTER TABLE churn_parts ADD UNIQUE (id, at)',
        'ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ADD UNIQUE (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)',
        'ALTER TABLE churn ALTER COLUMN code SET DEFAULT ''x''',
        'SELECT 1'];
    modes text[] := ARRAY['off', 'warn', 'log', 'error'];
    statement text;
BEGIN
    FOR i IN 1 .. n LOOP
        statement := statements[1 + i % array_length(statements, 1)];
        BEGIN
            -- A validated foreign key that runs leaves an entry in PostgreSQL's
            -- own "RI constraint cache" for every new constraint OID, rolled
            -- back or not; let pgsafe reject those, so that growth here is ours.
            PERFORM set_config('pgsafe.mode',
                CASE WHEN statement LIKE '%FOREIGN KEY%' AND statement NOT LIKE '%NOT VALID%'
                     THEN 'error' ELSE modes[1 + i % 4] END, true);
            EXECUTE statement;
            RAISE EXCEPTION USING ERRCODE = 'PT001';
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
        IF i % 500 = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION private_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT substring(pg_read_file('/proc/self/status') FROM 'RssAnon:\s+(\d+) kB')::bigint
$$;
CREATE FUNCTION growth_within_limit(grew_kb bigint, statements int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF grew_kb > 1024 THEN
        RAISE EXCEPTION 'the backend grew by % kB over % statements', grew_kb, statements;
    END IF;
    RETURN 'memory flat: under 1 MB growth';
END
$$;
CREATE FUNCTION contexts_kb() RETURNS bigint LANGUAGE sql AS $$
    SELECT sum(total_bytes) / 1024 FROM pg_backend_memory_contexts
$$;

SET client_min_messages = error;
-- warm up: caches, plans, the first allocations of every code path
CALL churn(2000);
SELECT private_kb() AS start_private_kb, contexts_kb() AS start_contexts_kb \gset
CALL churn(:statements);
SELECT private_kb() AS end_private_kb, contexts_kb() AS end_contexts_kb \gset
RESET client_min_messages;

SELECT :statements AS statements,
       :start_private_kb AS private_kb_start, :end_private_kb AS private_kb_end,
       :end_private_kb - :start_private_kb AS private_kb_growth,
       :start_contexts_kb AS contexts_kb_start, :end_contexts_kb AS contexts_kb_end;
SELECT growth_within_limit(:end_private_kb - :start_private_kb, :statements);
