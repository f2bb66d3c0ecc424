--
-- ADD COLUMN that rewrites the table [add-column-rewrite].
--
-- PostgreSQL stores a non-volatile DEFAULT once and rewrites nothing; a
-- volatile DEFAULT, serial, identity, GENERATED ... STORED and a domain
-- with constraints make it write a new copy of every table the column is
-- added to, under ACCESS EXCLUSIVE.  The advice adds the column without
-- the default, sets it for new rows and fills existing rows in batches.
--
-- 18 adds NOT NULL constraints NOT VALID, which the recipe uses
-- (expected/add_column_rewrite_1.out)
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
CREATE TABLE acr_events (id int, payload text);
INSERT INTO acr_events SELECT g, 'p' || g FROM generate_series(1, 500) g;
CREATE SEQUENCE acr_seq;
CREATE DOMAIN acr_positive AS int CHECK (VALUE > 0);
CREATE DOMAIN acr_required AS int NOT NULL DEFAULT 1;
CREATE DOMAIN acr_plain AS int DEFAULT 7;
CREATE DOMAIN acr_stamp AS timestamptz DEFAULT clock_timestamp();

-- flagged, in every form
SELECT c.statement, f.rule, f.message
  FROM (VALUES
    (1, 'ALTER TABLE acr_events ADD COLUMN at timestamptz DEFAULT clock_timestamp()'),
    (2, 'ALTER TABLE acr_events ADD COLUMN r float8 DEFAULT random()'),
    (3, 'ALTER TABLE acr_events ADD COLUMN u uuid DEFAULT gen_random_uuid()'),
    (4, $$ALTER TABLE acr_events ADD COLUMN n bigint DEFAULT nextval('acr_seq')$$),
    (5, 'ALTER TABLE acr_events ADD COLUMN s serial'),
    (6, 'ALTER TABLE acr_events ADD COLUMN s bigserial'),
    (7, 'ALTER TABLE acr_events ADD COLUMN i bigint GENERATED ALWAYS AS IDENTITY'),
    (8, 'ALTER TABLE acr_events ADD COLUMN g int GENERATED ALWAYS AS (id * 2) STORED'),
    (9, 'ALTER TABLE acr_events ADD COLUMN p acr_positive'),
    (10, 'ALTER TABLE acr_events ADD COLUMN q acr_required'),
    (11, 'ALTER TABLE acr_events ADD COLUMN p acr_positive DEFAULT 5'),
    (12, 'ALTER TABLE acr_events ADD COLUMN t acr_stamp'),
    (13, 'ALTER TABLE acr_events ADD COLUMN h text DEFAULT md5(random()::text)')
  ) AS c(n, statement), pgsafe.check(c.statement) f
 ORDER BY c.n;
-- not flagged: a default stored once, a domain without constraints
SELECT count(*) FROM pgsafe.check($$
ALTER TABLE acr_events ADD COLUMN a timestamptz DEFAULT now();
ALTER TABLE acr_events ADD COLUMN b int DEFAULT 0;
ALTER TABLE acr_events ADD COLUMN c text DEFAULT 'x' || 'y';
ALTER TABLE acr_events ADD COLUMN d int[] DEFAULT ARRAY[1, 2];
ALTER TABLE acr_events ADD COLUMN e acr_plain;
ALTER TABLE acr_events ADD COLUMN f int;
ALTER TABLE acr_events ADD COLUMN g date DEFAULT CURRENT_DATE;
$$);
-- not flagged: an empty table, a table created in this transaction
CREATE TABLE acr_empty (a int);
ALTER TABLE acr_empty ADD COLUMN s serial;
BEGIN;
CREATE TABLE acr_fresh (a int);
INSERT INTO acr_fresh VALUES (1);
ALTER TABLE acr_fresh ADD COLUMN at timestamptz DEFAULT clock_timestamp();
ROLLBACK;

-- beside the column's constraints: one finding each, the rewrite first, one recipe (the check added apart)
SELECT rule FROM pgsafe.check('ALTER TABLE acr_events ADD COLUMN k bigserial PRIMARY KEY');
SELECT rule FROM pgsafe.check('ALTER TABLE acr_events ADD COLUMN k int DEFAULT random() * 100 CHECK (k >= 0)');
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_events ADD COLUMN k int DEFAULT (random() * 100)::int CHECK (k >= 0)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('acr_events');
ALTER TABLE acr_events DROP COLUMN k;
RESET pgsafe.mode;
-- an identity column with REFERENCES is identity-foreign-key's finding alone
CREATE TABLE acr_ref (id bigint PRIMARY KEY);
SELECT rule FROM pgsafe.check('ALTER TABLE acr_events ADD COLUMN k bigint GENERATED ALWAYS AS IDENTITY REFERENCES acr_ref');

-- in a transaction block and in a function: rejected in error mode, nothing changes
SET pgsafe.mode = error;
BEGIN;
ALTER TABLE acr_events ADD COLUMN at timestamptz DEFAULT clock_timestamp();
ROLLBACK;
CREATE FUNCTION acr_migrate() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER TABLE acr_events ADD COLUMN s serial;
END
$$;
SELECT acr_migrate();
SELECT count(*) FROM pg_attribute WHERE attrelid = 'acr_events'::regclass AND attnum > 0;
DROP FUNCTION acr_migrate();

-- the hints, run as printed in error mode: every row filled, the table never rewritten
SELECT pg_relation_filenode('acr_events') AS filenode \gset
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_events ADD COLUMN at timestamptz NOT NULL DEFAULT clock_timestamp()') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(*) FILTER (WHERE at IS NULL) AS null_rows, pg_relation_filenode('acr_events') = :filenode AS same_file
  FROM acr_events;
SELECT * FROM pgsafe_test.shape('acr_events');
SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'acr_events'::regclass;
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_events ADD COLUMN s bigserial') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(DISTINCT s) AS distinct_values, count(*) FILTER (WHERE s IS NULL) AS null_rows,
       pg_relation_filenode('acr_events') = :filenode AS same_file
  FROM acr_events;
SELECT pg_get_serial_sequence('acr_events', 's');
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_events ADD COLUMN i bigint GENERATED BY DEFAULT AS IDENTITY') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(DISTINCT i) AS distinct_values, count(*) FILTER (WHERE i IS NULL) AS null_rows,
       pg_relation_filenode('acr_events') = :filenode AS same_file
  FROM acr_events;
SELECT attidentity FROM pg_attribute WHERE attrelid = 'acr_events'::regclass AND attname = 'i';
-- no online recipe: a domain with constraints, a stored generated column
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_events ADD COLUMN p acr_positive');

-- quoted names
CREATE TABLE "ACR Mixed" ("Id" int);
INSERT INTO "ACR Mixed" SELECT generate_series(1, 500);
SELECT hint FROM pgsafe_test.report('ALTER TABLE "ACR Mixed" ADD COLUMN "Token" uuid DEFAULT gen_random_uuid()') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(DISTINCT "Token") AS distinct_values FROM "ACR Mixed";
RESET pgsafe.mode;

-- partitioned and inheritance: every table with rows is rewritten; the hint fills each one
CREATE TABLE acr_parted (id int, at int) PARTITION BY RANGE (at);
CREATE TABLE acr_parted_1 PARTITION OF acr_parted FOR VALUES FROM (0) TO (1000);
CREATE TABLE acr_parted_2 PARTITION OF acr_parted FOR VALUES FROM (1000) TO (2000);
INSERT INTO acr_parted SELECT g, g FROM generate_series(0, 1999) g;
SELECT rule, detail FROM pgsafe.check('ALTER TABLE acr_parted ADD COLUMN r float8 DEFAULT random()');
CREATE TABLE acr_parent (id int);
CREATE TABLE acr_child () INHERITS (acr_parent);
INSERT INTO acr_parent VALUES (1);
INSERT INTO acr_child VALUES (2);
SELECT rule, detail FROM pgsafe.check('ALTER TABLE acr_parent ADD COLUMN r float8 DEFAULT random()');
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_parted ADD COLUMN r float8 DEFAULT random()') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(*) FILTER (WHERE r IS NULL) AS null_rows FROM acr_parted;
SELECT hint FROM pgsafe_test.report('ALTER TABLE acr_parent ADD COLUMN r float8 DEFAULT random()') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(*) FILTER (WHERE r IS NULL) AS null_rows FROM acr_parent;
RESET pgsafe.mode;

-- ground truth
SET pgsafe.mode = off;
CREATE TABLE gt_acr (id int);
INSERT INTO gt_acr SELECT generate_series(1, 1000);
CREATE TABLE gt_acr_p (id int) PARTITION BY RANGE (id);
CREATE TABLE gt_acr_p1 PARTITION OF gt_acr_p FOR VALUES FROM (0) TO (500);
CREATE TABLE gt_acr_p2 PARTITION OF gt_acr_p FOR VALUES FROM (500) TO (2000);
INSERT INTO gt_acr_p SELECT generate_series(1, 1000);
SELECT statement, (pgsafe_test.ground_truth(watch, statement)).*
  FROM (VALUES
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c timestamptz DEFAULT clock_timestamp()'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c float8 DEFAULT random()'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c uuid DEFAULT gen_random_uuid()'),
    ('gt_acr', $$ALTER TABLE gt_acr ADD COLUMN c bigint DEFAULT nextval('acr_seq')$$),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c serial'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c bigint GENERATED ALWAYS AS IDENTITY'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c int GENERATED ALWAYS AS (id + 1) STORED'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c acr_positive'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c acr_required'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c acr_stamp'),
    ('gt_acr_p', 'ALTER TABLE gt_acr_p ADD COLUMN c float8 DEFAULT random()'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c timestamptz DEFAULT now()'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c int DEFAULT 42'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c int[] DEFAULT ARRAY[1, 2]'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c acr_plain'),
    ('gt_acr', 'ALTER TABLE gt_acr ADD COLUMN c date DEFAULT CURRENT_DATE')
  ) AS c(watch, statement);
DROP TABLE gt_acr, gt_acr_p;
RESET pgsafe.mode;

DROP TABLE acr_events, acr_empty, acr_ref, "ACR Mixed", acr_parted, acr_parent CASCADE;
DROP SEQUENCE acr_seq;
DROP DOMAIN acr_positive, acr_required, acr_plain, acr_stamp;
