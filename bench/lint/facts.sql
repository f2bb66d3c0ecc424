-- bench/lint/facts.sql -- what PostgreSQL itself does with the statements
-- the verdicts in bench/lint/COMPARISON.md rest on.  bench/lint/compare
-- runs it with psql -e, so each statement is printed above its result.
--
-- Each fact runs on filled tables, inside a transaction that is rolled
-- back, and reads what the statement did from the server: the locks this
-- session holds (pg_locks), how many times the statement read a table in
-- full (pg_stat_get_xact_numscans, a counter of this session's sequential
-- scans not yet reported, so each fact takes the difference), and whether
-- the table got a new file (a rewrite).  The errors are part of the facts.

-- PostgreSQL's behaviour, without pgsafe's warnings on top
SET pgsafe.mode = off;
\set VERBOSITY terse

CREATE SCHEMA facts;
SET search_path = facts;
CREATE TABLE bar (id int PRIMARY KEY);
INSERT INTO bar SELECT generate_series(1, 1000);
CREATE TABLE foo (id int PRIMARY KEY, bar_id int, balance int, email text, name varchar(20));
INSERT INTO foo SELECT g, NULL, g, 'f' || g || '@example.com', 'name ' || g FROM generate_series(1, 5000) g;
CREATE TABLE users (id int, email text);
INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 5000) g;
CREATE TABLE measurements (id int, taken date) PARTITION BY RANGE (taken);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO measurements SELECT g, date '2024-01-01' + g % 365 FROM generate_series(1, 5000) g;

-- the locks this session holds on a table, strongest first
CREATE FUNCTION held(rel regclass) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(mode, ', ' ORDER BY mode DESC)
    FROM pg_locks
   WHERE pid = pg_backend_pid() AND relation = rel AND granted
$$;
-- full reads of a table by this session, not yet reported to the statistics
CREATE FUNCTION scans(rel regclass) RETURNS bigint LANGUAGE sql AS $$
  SELECT pg_stat_get_xact_numscans(rel)
$$;

-- 1. NOT VALID, squawk's help for every constraint, is refused for
--    UNIQUE, PRIMARY KEY and EXCLUDE, at parse time and without a position.
ALTER TABLE foo ADD CONSTRAINT foo_email_key UNIQUE (email) NOT VALID;
ALTER TABLE foo ADD CONSTRAINT foo_pkey2 PRIMARY KEY (id) NOT VALID;
ALTER TABLE foo ADD CONSTRAINT foo_email_excl EXCLUDE USING btree (email WITH =) NOT VALID;

-- 2. Statements of the seeds that PostgreSQL cannot parse.
ALTER TABLE foo ADD COLUMN dist_id text CONSTRAINT dist_id_uniq UNIQUE (dist_id);
ALTER TABLE table ADD CONSTRAINT constraint UNIQUE (field);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS foo_unique_idx ON table;

-- 3. ADD COLUMN ... REFERENCES without a default reads no row (0 scans);
--    the same key added by its own statement reads foo (1 scan), and so
--    does the one-statement form with DEFAULT NULL.
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo ADD COLUMN bar2_id int REFERENCES bar (id);
SELECT scans('foo') - :before AS foo_scans, held('foo') AS foo_locks, held('bar') AS bar_locks;
ROLLBACK;
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo ADD COLUMN bar2_id int;
ALTER TABLE foo ADD FOREIGN KEY (bar2_id) REFERENCES bar (id);
SELECT scans('foo') - :before AS foo_scans, held('foo') AS foo_locks, held('bar') AS bar_locks;
ROLLBACK;
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo ADD COLUMN bar2_id int DEFAULT NULL REFERENCES bar (id);
SELECT scans('foo') - :before AS foo_scans;
ROLLBACK;

-- 4. Seed 004 validates a constraint by a name PostgreSQL did not give it.
BEGIN;
ALTER TABLE foo ADD FOREIGN KEY (bar_id) REFERENCES bar (id) NOT VALID;
SELECT conname FROM pg_constraint WHERE conrelid = 'foo'::regclass AND contype = 'f';
ALTER TABLE foo VALIDATE CONSTRAINT fk_foo_bar_id_bar;
ROLLBACK;

-- 5. NOT VALID, then VALIDATE in the same transaction: the validation
--    reads foo while the transaction still holds SHARE ROW EXCLUSIVE on foo
--    and bar, which blocks writes (compare shows a write waiting).  Alone
--    in its transaction, VALIDATE takes SHARE UPDATE EXCLUSIVE on foo and
--    ROW SHARE on bar, which block no write.
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo ADD CONSTRAINT foo_bar_id_fkey FOREIGN KEY (bar_id) REFERENCES bar (id) NOT VALID;
ALTER TABLE foo VALIDATE CONSTRAINT foo_bar_id_fkey;
SELECT scans('foo') - :before AS foo_scans, held('foo') AS foo_locks, held('bar') AS bar_locks;
ROLLBACK;
ALTER TABLE foo ADD CONSTRAINT foo_bar_id_fkey FOREIGN KEY (bar_id) REFERENCES bar (id) NOT VALID;
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo VALIDATE CONSTRAINT foo_bar_id_fkey;
SELECT scans('foo') - :before AS foo_scans, held('foo') AS foo_locks, held('bar') AS bar_locks;
ROLLBACK;
ALTER TABLE foo DROP CONSTRAINT foo_bar_id_fkey;

-- 6. PRIMARY KEY USING INDEX on a nullable column (seed 001's good form):
--    PostgreSQL sets NOT NULL on the column, reading every row under
--    ACCESS EXCLUSIVE.
CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id);
BEGIN;
SELECT scans('users') AS before \gset
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;
SELECT scans('users') - :before AS users_scans, held('users') AS users_locks,
       (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'id') AS id_not_null;
ROLLBACK;
DROP INDEX users_pkey;

-- 7. CONCURRENTLY is refused inside a transaction block, and on a
--    partitioned table anywhere.
BEGIN;
CREATE INDEX CONCURRENTLY foo_email_idx ON foo (email);
ROLLBACK;
CREATE INDEX CONCURRENTLY measurements_taken_idx ON measurements (taken);

-- 8. ADD CHECK without NOT VALID: ACCESS EXCLUSIVE, and a full read.
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo ADD CONSTRAINT foo_balance_check CHECK (balance >= 0);
SELECT scans('foo') - :before AS foo_scans, held('foo') AS foo_locks;
ROLLBACK;

-- 9. SET NOT NULL: ACCESS EXCLUSIVE, and a full read.
BEGIN;
SELECT scans('foo') AS before \gset
ALTER TABLE foo ALTER COLUMN email SET NOT NULL;
SELECT scans('foo') - :before AS foo_scans, held('foo') AS foo_locks;
ROLLBACK;

-- 10. A volatile default rewrites the table; a constant one does not.
--     A type change from int to bigint rewrites it; a longer varchar does
--     not.  (A rewrite gives the table a new file.)
BEGIN;
SELECT pg_relation_filenode('foo') AS file \gset
ALTER TABLE foo ADD COLUMN token uuid DEFAULT gen_random_uuid();
SELECT pg_relation_filenode('foo') <> :file AS rewritten, held('foo') AS foo_locks;
ROLLBACK;
BEGIN;
ALTER TABLE foo ADD COLUMN flag boolean NOT NULL DEFAULT false;
SELECT pg_relation_filenode('foo') <> :file AS rewritten;
ROLLBACK;
BEGIN;
ALTER TABLE foo ALTER COLUMN balance TYPE bigint;
SELECT pg_relation_filenode('foo') <> :file AS rewritten;
ROLLBACK;
BEGIN;
ALTER TABLE foo ALTER COLUMN name TYPE varchar(50);
SELECT pg_relation_filenode('foo') <> :file AS rewritten, held('foo') AS foo_locks;
ROLLBACK;

-- 11. An identity column that is also a foreign key: the table is
--     rewritten, and the key is marked valid although no row was checked:
--     the generated values are not in bar.
BEGIN;
ALTER TABLE foo ADD COLUMN ref_id int GENERATED ALWAYS AS IDENTITY (START 100000) REFERENCES bar (id);
SELECT c.convalidated,
       (SELECT count(*) FROM foo WHERE NOT EXISTS (SELECT FROM bar WHERE bar.id = foo.ref_id)) AS rows_violating_it
  FROM pg_constraint c
 WHERE c.conrelid = 'foo'::regclass AND c.contype = 'f';
ROLLBACK;

-- facts.foo and facts.bar stay: compare's two-session test writes to foo
-- while another session validates a key on it.
