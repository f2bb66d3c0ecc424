--
-- pgsafe.check(script): the guard's rules applied to a script that has not
-- run, against this database's catalog.  Nothing in the script is executed.
--
CREATE SCHEMA lint;
CREATE TABLE lint.orders (id int NOT NULL, customer_id int, code text);
INSERT INTO lint.orders SELECT g, g, 'c' || g FROM generate_series(1, 1000) g;
CREATE TABLE lint.customers (id int PRIMARY KEY);
INSERT INTO lint.customers SELECT generate_series(1, 1000);
CREATE TABLE lint.empty (id int);
SET search_path = lint, public;

-- the summary columns of every finding
CREATE FUNCTION lint.findings(script text, in_transaction boolean DEFAULT true)
RETURNS TABLE (statement int, line int, col int, rule text, severity text,
               relation text, sized boolean, suppressed text)
LANGUAGE sql AS $$
    SELECT statement, line, col, rule, severity, relation, relation_size > 0, suppressed
      FROM pgsafe.check(script, in_transaction)
$$;

-- Every blocking rule, with its position; safe forms and non-DDL say nothing.
SELECT * FROM lint.findings($$
SELECT 1;
ALTER TABLE orders ADD UNIQUE (code);
  CREATE INDEX ON orders (customer_id);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk2
    FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;
ALTER TABLE orders ADD PRIMARY KEY (id), ADD EXCLUDE USING btree (code WITH =);
ALTER TABLE empty ADD UNIQUE (id);
INSERT INTO orders VALUES (0, 0, 'x');
UPDATE orders SET code = code;
$$);

-- The full row: what, where, how big, which lock, and the safe alternative.
\x on
SELECT * FROM pgsafe.check('ALTER TABLE lint.orders ADD UNIQUE (code)', in_transaction => false);
\x off
-- ... and that safe alternative runs and reaches the end state.
\set ECHO queries
SELECT s FROM pgsafe.check('ALTER TABLE lint.orders ADD UNIQUE (code)', false),
       pgsafe_test.statements(E'\n' || safe_sql) AS s \gexec
\set ECHO none
SELECT * FROM pgsafe_test.shape('lint.orders') WHERE object LIKE '%code%';
\set ECHO all
ALTER TABLE lint.orders DROP CONSTRAINT orders_code_key;

-- Nothing is executed: the table stays as it was.
SELECT count(*) FROM pgsafe.check('ALTER TABLE lint.orders ADD UNIQUE (code); DROP TABLE lint.orders;');
SELECT count(*) FROM pg_indexes WHERE tablename = 'orders';

-- Lines and columns count characters, not bytes, and follow comments and blank lines.
SELECT statement, line, col, rule FROM pgsafe.check(E'/* é */ SELECT ''ü'';\n\n\t-- ñ\n  /* x */ CREATE INDEX ON orders (code);');

--
-- The script's own effects.
--
-- A table the script creates is new and empty when the script alters it,
-- whether or not it runs in one transaction.
SELECT * FROM lint.findings($$
CREATE TABLE fresh (id int, code text);
ALTER TABLE fresh ADD PRIMARY KEY (id);
CREATE INDEX ON fresh (code);
CREATE TABLE lint.copy AS SELECT * FROM orders;
ALTER TABLE copy ADD UNIQUE (code);
CREATE TEMP TABLE scratch (id int);
CREATE INDEX ON scratch (id);
$$, false);
-- ... but not once the script drops it, nor after a ROLLBACK undid it:
-- then the names mean the existing tables again.
CREATE TABLE lint.fresh (id int);
INSERT INTO lint.fresh VALUES (1);
SELECT * FROM lint.findings($$
CREATE TABLE other (id int);
DROP TABLE other;
BEGIN;
DROP TABLE fresh;
CREATE TABLE fresh (id int);
ROLLBACK;
ALTER TABLE fresh ADD UNIQUE (id);
$$, false);
-- CREATE TABLE IF NOT EXISTS of an existing table creates nothing
SELECT * FROM lint.findings($$
CREATE TABLE IF NOT EXISTS fresh (id int);
ALTER TABLE fresh ADD UNIQUE (id);
$$);
DROP TABLE lint.fresh;

-- CONCURRENTLY: possible only outside a transaction block, whether the
-- runner's or the script's own BEGIN.
SELECT * FROM lint.findings('CREATE INDEX CONCURRENTLY ON orders (code);', true);
SELECT * FROM lint.findings('CREATE INDEX CONCURRENTLY ON orders (code);', false);
SELECT statement, rule, message, detail, hint FROM pgsafe.check($$
CREATE INDEX CONCURRENTLY ON orders (code);
BEGIN;
DROP INDEX CONCURRENTLY orders_code_idx;
REINDEX (CONCURRENTLY) TABLE orders;
COMMIT;
REINDEX TABLE CONCURRENTLY orders;
$$, false);
-- ... and the advice follows: no CONCURRENTLY inside a transaction block
SELECT statement, hint FROM pgsafe.check($$
BEGIN;
CREATE INDEX ON orders (code);
COMMIT;
CREATE INDEX ON orders (code);
$$, false);

-- VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID
-- reads the rows while that lock is held; in a transaction of its own it does not.
SELECT * FROM lint.findings($$
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
$$, true);
SELECT * FROM lint.findings($$
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
$$, false);
-- (VALIDATE alone on a table pgsafe cannot see says nothing: it blocks nobody)
SELECT * FROM lint.findings('ALTER TABLE no_such_table VALIDATE CONSTRAINT c;');
SELECT statement, rule, lock_mode, message, safe_sql FROM pgsafe.check($$
BEGIN;
LOCK TABLE orders IN SHARE MODE;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;
$$, false);

--
-- Syntax errors are findings, at their position; what precedes them is checked.
--
SELECT statement, line, col, rule, statement_text, message FROM pgsafe.check($$
CREATE INDEX ON orders (code);
ALTER TABLE orders ADD UNIQUE code;
CREATE INDEX ON orders (id);
$$);
SELECT statement, line, col, rule, message FROM pgsafe.check(E'SELECT 1;\nSELECT ''unterminated');
SELECT statement, line, col, rule, message FROM pgsafe.check('');
-- an error the grammar raises without a position: at its statement, after the ones before it
-- (PostgreSQL 18 gives this one a position, column 65: expected/check_1.out)
SELECT statement, line, col, rule, message FROM pgsafe.check($$
CREATE INDEX ON orders (code);
-- squawk's advice, which PostgreSQL refuses:
ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code) NOT VALID;
$$);

--
-- Suppressions: "-- pgsafe:ignore <rule> <reason>" before the statement, or
-- on the line of its semicolon; a reason is required; a suppression that
-- suppresses nothing is reported.
--
SELECT * FROM lint.findings($$
-- pgsafe:ignore create-index lookup table, 1000 rows, reviewed by the DBA
CREATE INDEX ON orders (code);
CREATE INDEX ON orders (id); -- pgsafe:ignore create-index same reason
/* pgsafe:ignore unique-constraint,create-index built at night */
ALTER TABLE orders ADD UNIQUE (code);
-- pgsafe:ignore create-index
CREATE INDEX ON orders (customer_id);
-- pgsafe:ignore no-such-rule because
CREATE INDEX ON orders (customer_id);
-- pgsafe:ignore foreign-key not needed
CREATE INDEX ON orders (customer_id);
SELECT '-- pgsafe:ignore create-index inside a string is no comment';
$$);

--
-- Migrations run one after another: a table created by an earlier one is new.
--
SELECT script, statement, rule, relation
  FROM pgsafe.check_migrations(
    ARRAY['CREATE TABLE lint.later (id int);',
          'ALTER TABLE lint.later ADD UNIQUE (id); CREATE INDEX ON lint.orders (code);',
          'CREATE INDEX CONCURRENTLY ON lint.orders (code);'],
    ARRAY[true, true, false]);
SELECT * FROM pgsafe.check_migrations(ARRAY['SELECT 1'], ARRAY[true, false]);
SELECT * FROM pgsafe.check_migrations(ARRAY['SELECT 1'], ARRAY[NULL::boolean]);

--
-- Ordinary privileges suffice; a table the caller cannot see is unknown,
-- never reported with its size.
--
CREATE ROLE regress_pgsafe_linter LOGIN PASSWORD 'regress_pgsafe_linter';
CREATE SCHEMA lint_hidden;
CREATE TABLE lint_hidden.t (a int);
INSERT INTO lint_hidden.t VALUES (1);
GRANT USAGE ON SCHEMA lint TO regress_pgsafe_linter;
GRANT SELECT ON lint.orders TO regress_pgsafe_linter;
\c "dbname=contrib_regression user=regress_pgsafe_linter password=regress_pgsafe_linter"
SELECT statement, rule, severity, relation, relation_size > 0 AS sized, message FROM pgsafe.check($$
ALTER TABLE lint.orders ADD UNIQUE (code);
ALTER TABLE lint.customers ADD UNIQUE (id);
ALTER TABLE lint_hidden.t ADD UNIQUE (a);
ALTER TABLE IF EXISTS lint.nothing_here ADD UNIQUE (a);
$$);
\c "dbname=contrib_regression user=postgres"
DROP SCHEMA lint_hidden CASCADE;
REVOKE ALL ON SCHEMA lint FROM regress_pgsafe_linter;
REVOKE ALL ON lint.orders FROM regress_pgsafe_linter;
DROP ROLE regress_pgsafe_linter;
DROP SCHEMA lint CASCADE;
