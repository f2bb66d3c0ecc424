--
-- alter-domain: ALTER DOMAIN ... ADD CHECK without NOT VALID, SET NOT NULL
-- and VALIDATE CONSTRAINT read every column of the domain, and of the
-- domains over it, in every table, holding SHARE on each of them.
--
-- From 17 a domain's NOT NULL can also be added as ADD CONSTRAINT ... NOT
-- NULL (a syntax error on 15): expected/alter_domain_1.out is 17 and 18.
SELECT current_setting('server_version_num')::int >= 170000 AS domain_not_null_constraint;
SET pgsafe.mode = off;
CREATE DOMAIN ad_pos AS int;
-- a domain over the domain: its columns are read too
CREATE DOMAIN ad_over AS ad_pos;
CREATE TABLE ad_orders (id int, amount ad_pos, fee ad_pos);
INSERT INTO ad_orders SELECT g, g, g FROM generate_series(1, 1000) g;
CREATE TABLE ad_lines (id int, qty ad_over);
INSERT INTO ad_lines SELECT g, g FROM generate_series(1, 500) g;
CREATE TABLE ad_empty (v ad_pos);
-- a partitioned table: each partition is read
CREATE TABLE ad_parted (id int, v ad_pos) PARTITION BY RANGE (id);
CREATE TABLE ad_parted_1 PARTITION OF ad_parted FOR VALUES FROM (0) TO (500);
CREATE TABLE ad_parted_2 PARTITION OF ad_parted FOR VALUES FROM (500) TO (1000);
INSERT INTO ad_parted SELECT g, g + 1 FROM generate_series(0, 999) g;
-- a constraint to validate
ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_nonneg CHECK (VALUE >= 0) NOT VALID;
-- used by no table, by an empty one only; NOT NULL already
CREATE DOMAIN ad_unused AS text;
CREATE DOMAIN ad_only_empty AS int;
CREATE TABLE ad_empty_only (v ad_only_empty);
CREATE DOMAIN ad_nn AS int NOT NULL;
CREATE TABLE ad_nn_table (v ad_nn);
INSERT INTO ad_nn_table VALUES (1);
-- a validated constraint: VALIDATE reads the tables all the same
CREATE DOMAIN ad_valid AS int CONSTRAINT ad_valid_check CHECK (VALUE > 0);
CREATE TABLE ad_valid_table (v ad_valid);
INSERT INTO ad_valid_table SELECT g FROM generate_series(1, 100) g;
-- stored in an array column: PostgreSQL refuses to alter the domain
CREATE DOMAIN ad_elem AS int;
CREATE TABLE ad_elem_table (v ad_elem, vs ad_elem[]);
INSERT INTO ad_elem_table VALUES (1, ARRAY[1]);
-- quoted names
CREATE SCHEMA "Ad Schema";
CREATE DOMAIN "Ad Schema"."Mixed Dom" AS text;
CREATE TABLE "Ad Schema"."Mixed Table" ("Note" "Ad Schema"."Mixed Dom");
INSERT INTO "Ad Schema"."Mixed Table" SELECT 'note ' || g FROM generate_series(1, 100) g;
RESET pgsafe.mode;

-- flagged: ADD CHECK, named and not, through a domain over it, SET NOT NULL,
-- VALIDATE (even of a valid constraint), quoted names
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_positive CHECK (VALUE > 0)');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN public.ad_pos ADD CHECK (VALUE < 1000000)');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_over ADD CHECK (VALUE <> 13)');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos SET NOT NULL');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos VALIDATE CONSTRAINT ad_pos_nonneg');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_valid VALIDATE CONSTRAINT ad_valid_check');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN "Ad Schema"."Mixed Dom" ADD CONSTRAINT "Short Note" CHECK (length(VALUE) < 100)');
-- 17: ADD CONSTRAINT ... NOT NULL is SET NOT NULL (15: a syntax error)
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_nn NOT NULL');

-- not flagged: NOT VALID; a domain no table uses or only an empty one; NOT
-- NULL already; stored in an array (PostgreSQL's own error); the forms that
-- read nothing; a table created in this transaction; no such domain
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_positive CHECK (VALUE > 0) NOT VALID');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_unused ADD CHECK (VALUE <> '''')');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_only_empty ADD CHECK (VALUE > 0)');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_only_empty SET NOT NULL');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_nn SET NOT NULL');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_elem ADD CHECK (VALUE > 0)');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos DROP CONSTRAINT ad_pos_nonneg');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos RENAME CONSTRAINT ad_pos_nonneg TO ad_pos_nonneg2');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos SET DEFAULT 1');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_nn DROP NOT NULL');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos RENAME TO ad_pos2');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_pos VALIDATE CONSTRAINT ad_nowhere');
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_nowhere ADD CHECK (VALUE > 0)');
BEGIN;
CREATE DOMAIN ad_fresh AS int;
CREATE TABLE ad_fresh_table (v ad_fresh);
INSERT INTO ad_fresh_table VALUES (1);
SELECT * FROM pgsafe_test.report('ALTER DOMAIN ad_fresh ADD CHECK (VALUE > 0)');
ROLLBACK;

-- error mode rejects it, in a transaction block and in a function, and
-- nothing changes
SET pgsafe.mode = error;
BEGIN;
ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_positive CHECK (VALUE > 0);
ROLLBACK;
CREATE FUNCTION ad_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER DOMAIN ad_pos SET NOT NULL;
END
$$;
SELECT ad_in_function();
DROP FUNCTION ad_in_function();
RESET pgsafe.mode;
SELECT conname, convalidated FROM pg_constraint WHERE contypid = 'ad_pos'::regtype ORDER BY 1;
SELECT typnotnull FROM pg_type WHERE oid = 'ad_pos'::regtype;

-- warn mode: a warning, and the statement runs
SET pgsafe.mode = warn;
BEGIN;
ALTER DOMAIN ad_over ADD CONSTRAINT ad_over_not_negative CHECK (VALUE <> -13);
ROLLBACK;
RESET pgsafe.mode;

-- pgsafe.check(): the findings, a domain the script cannot see, one it creates
SELECT rule, message FROM pgsafe.check('ALTER DOMAIN ad_pos ADD CHECK (VALUE > 0); ALTER DOMAIN ad_pos VALIDATE CONSTRAINT ad_pos_nonneg', false);
-- a constraint the script adds NOT VALID, then validates: the VALIDATE blocks
SELECT rule, message FROM pgsafe.check('ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_script CHECK (VALUE > 0) NOT VALID; ALTER DOMAIN ad_pos VALIDATE CONSTRAINT ad_pos_script', false);
SELECT rule, message FROM pgsafe.check('ALTER DOMAIN ad_nowhere SET NOT NULL', false);
SELECT rule FROM pgsafe.check('CREATE DOMAIN ad_new AS int; CREATE TABLE ad_new_table (v ad_new); ALTER DOMAIN ad_new ADD CHECK (VALUE > 0)', false);

-- every hint, run as printed, reaches its end state
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER DOMAIN ad_pos ADD CONSTRAINT ad_pos_positive CHECK (VALUE > 0)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER DOMAIN ad_pos ADD CHECK (VALUE < 1000000)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER DOMAIN ad_pos SET NOT NULL') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER DOMAIN ad_pos VALIDATE CONSTRAINT ad_pos_nonneg') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER DOMAIN "Ad Schema"."Mixed Dom" ADD CONSTRAINT "Short Note" CHECK (length(VALUE) < 100)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT contypid::regtype AS domain, conname, pg_get_constraintdef(oid) AS definition, convalidated
  FROM pg_constraint WHERE contypid IN ('ad_pos'::regtype, '"Ad Schema"."Mixed Dom"'::regtype) ORDER BY 1, 2;
-- the new constraints hold for new rows: a null and a negative amount are refused
INSERT INTO ad_orders VALUES (2001, NULL, 1);
INSERT INTO ad_orders VALUES (2002, -1, 1);

-- ground truth: the using tables are read under SHARE exactly when flagged
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.watch, c.statement, g.*
  FROM (VALUES
    ('ad_orders', 'ALTER DOMAIN ad_pos ADD CHECK (VALUE > -5)'),
    ('ad_orders', 'ALTER DOMAIN ad_pos ADD CHECK (VALUE > -5) NOT VALID'),
    ('ad_lines', 'ALTER DOMAIN ad_pos ADD CHECK (VALUE > -5)'),
    ('ad_parted', 'ALTER DOMAIN ad_pos ADD CHECK (VALUE > -5)'),
    ('ad_lines', 'ALTER DOMAIN ad_over SET NOT NULL'),
    ('ad_orders', 'ALTER DOMAIN ad_pos VALIDATE CONSTRAINT ad_pos_positive'),
    ('ad_valid_table', 'ALTER DOMAIN ad_valid VALIDATE CONSTRAINT ad_valid_check'),
    ('ad_orders', 'ALTER DOMAIN ad_pos DROP CONSTRAINT ad_pos_positive'),
    ('ad_nn_table', 'ALTER DOMAIN ad_nn SET NOT NULL')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

SET pgsafe.mode = off;
DROP TABLE ad_orders, ad_lines, ad_empty, ad_parted, ad_empty_only, ad_nn_table, ad_valid_table, ad_elem_table;
DROP SCHEMA "Ad Schema" CASCADE;
DROP DOMAIN ad_over, ad_pos, ad_unused, ad_only_empty, ad_nn, ad_valid, ad_elem;
RESET pgsafe.mode;
