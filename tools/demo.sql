-- tools/demo.sql -- what tools/demo runs against its throwaway cluster.
\set ECHO queries
CREATE EXTENSION pgsafe;
SELECT * FROM pgsafe.status();

-- tables with rows in them, as in production
CREATE TABLE distributors (dist_id int, name text);
INSERT INTO distributors SELECT g, 'distributor ' || g FROM generate_series(1, 100000) g;
CREATE TABLE users (id int, email text);
INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 100000) g;
CREATE TABLE bar (id int PRIMARY KEY);
INSERT INTO bar SELECT generate_series(1, 1000);
CREATE TABLE foo (id int, bar_id int);
INSERT INTO foo SELECT g, g % 1000 + 1 FROM generate_series(1, 100000) g;

\echo
\echo '== 1. pgsafe.mode = warn (the default): the statement runs, with a WARNING and the safe alternative'
ALTER TABLE distributors ADD CONSTRAINT dist_id_uniq UNIQUE (dist_id);
ALTER TABLE distributors DROP CONSTRAINT dist_id_uniq;

\echo
\echo '== 2. pgsafe.mode = error (per role: ALTER ROLE migrator SET pgsafe.mode = ''error''): rejected before taking any lock'
SET pgsafe.mode = error;
ALTER TABLE distributors ADD CONSTRAINT dist_id_uniq UNIQUE (dist_id);
ALTER TABLE users ADD PRIMARY KEY (id);
ALTER TABLE foo ADD FOREIGN KEY (bar_id) REFERENCES bar (id);
CREATE INDEX users_email_idx ON users (email);
-- the safe two steps, but in one transaction (as a migration runner would run one file)
BEGIN;
ALTER TABLE foo ADD CONSTRAINT foo_bar_id_fkey FOREIGN KEY (bar_id) REFERENCES bar (id) NOT VALID;
ALTER TABLE foo VALIDATE CONSTRAINT foo_bar_id_fkey;
ROLLBACK;

\echo
\echo '== 3. the safe forms pass, still in error mode'
CREATE UNIQUE INDEX CONCURRENTLY dist_id_uniq ON distributors (dist_id);
ALTER TABLE distributors ADD CONSTRAINT dist_id_uniq UNIQUE USING INDEX dist_id_uniq;
ALTER TABLE users ADD CONSTRAINT users_id_not_null CHECK (id IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_id_not_null;
ALTER TABLE users ALTER COLUMN id SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_id_not_null;
CREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id);
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;
ALTER TABLE foo ADD CONSTRAINT foo_bar_id_fkey FOREIGN KEY (bar_id) REFERENCES bar (id) NOT VALID;
ALTER TABLE foo VALIDATE CONSTRAINT foo_bar_id_fkey;
ALTER TABLE foo ADD COLUMN other_bar_id int REFERENCES bar (id);
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
\d users

\echo
\echo '== 4. nothing to say about empty tables, or tables created in the same transaction'
CREATE TABLE empty_table (id int);
ALTER TABLE empty_table ADD PRIMARY KEY (id);
BEGIN;
CREATE TABLE new_table AS SELECT * FROM users;
ALTER TABLE new_table ADD PRIMARY KEY (id);
COMMIT;

\echo
\echo '== 5. checking a migration before it runs: pgsafe.check() reads the real sizes and executes nothing'
\x on
SELECT statement, line, col, rule, relation, pg_size_pretty(relation_size) AS size, message, safe_sql
  FROM pgsafe.check($$
CREATE TABLE audit_log (id bigint, at timestamptz);
CREATE INDEX ON audit_log (at);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
CREATE INDEX CONCURRENTLY users_email_lower_idx ON users (lower(email));
$$);
\x off

\echo
\echo '== 6. the lock queue: pgsafe.lock_timeout bounds the wait of a DDL behind a session idle in transaction, and names it'
-- another session reads users and then sits idle in its transaction for a few seconds
\! (echo "SET application_name = 'report'; BEGIN; SELECT count(*) FROM users;"; sleep 4) | psql -X -q >/dev/null &
\! sleep 1
SET pgsafe.lock_timeout = '1s';
ALTER TABLE users ADD COLUMN nickname text;
RESET pgsafe.lock_timeout;
