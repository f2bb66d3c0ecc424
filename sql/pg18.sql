--
-- PostgreSQL 18 and later (the Makefile runs this file from 18 on):
-- NOT NULL constraints that can be NOT VALID, and virtual generated
-- columns; also SET ACCESS METHOD DEFAULT, which PostgreSQL 17 added.
-- Each hint is run as printed, in error mode, as in hints.sql.
--
SET pgsafe.mode = error;

-- attnotnull is set by a NOT VALID NOT NULL too, and proves nothing: the
-- primary key's hint validates the existing constraint (PostgreSQL refuses
-- a primary key over a NOT VALID one), then builds the index
CREATE TABLE nn18 (a int, b int);
INSERT INTO nn18 SELECT g, g FROM generate_series(1, 500) g;
ALTER TABLE nn18 ADD CONSTRAINT nn18_a_nn NOT NULL a NOT VALID;
SELECT attnotnull FROM pg_attribute WHERE attrelid = 'nn18'::regclass AND attname = 'a';
SELECT hint FROM pgsafe_test.report('ALTER TABLE nn18 ADD PRIMARY KEY (a)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('nn18');

-- a NOT VALID NOT NULL is validated, never SET NOT NULL (which would
-- validate it under ACCESS EXCLUSIVE); a column without one gets a new
-- NOT VALID constraint, not a CHECK
ALTER TABLE nn18 ADD CONSTRAINT nn18_b_nn NOT NULL b NOT VALID;
ALTER TABLE nn18 ADD COLUMN c int;
UPDATE nn18 SET c = a;
SELECT hint FROM pgsafe_test.report('ALTER TABLE nn18 ALTER COLUMN b SET NOT NULL, ALTER COLUMN c SET NOT NULL, ADD UNIQUE (b)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('nn18');

-- ALTER TABLE ONLY parent ADD PRIMARY KEY: 18 requires a valid NOT NULL on
-- every child too, so the hint's constraint is inheritable and VALIDATE
-- recurses (a NO INHERIT one would be refused)
CREATE TABLE vehicles18 (id int, wheels int);
CREATE TABLE cars18 () INHERITS (vehicles18);
INSERT INTO vehicles18 VALUES (1, 4);
INSERT INTO cars18 VALUES (2, 4);
SET pgsafe.mode = warn;
ALTER TABLE ONLY vehicles18 ADD PRIMARY KEY (id);
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE ONLY vehicles18 ADD PRIMARY KEY (id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('vehicles18');
SELECT * FROM pgsafe_test.shape('cars18');

-- virtual generated columns (18's default kind) are computed when read:
-- adding one rewrites nothing, so the hint keeps it a plain step
CREATE TABLE gen18 (a int);
INSERT INTO gen18 SELECT g FROM generate_series(1, 500) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE gen18 ADD COLUMN v int GENERATED ALWAYS AS (a * 2), ADD UNIQUE (a)') \gset
\echo :hint
SELECT relfilenode AS before FROM pg_class WHERE relname = 'gen18' \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT relfilenode = :before AS not_rewritten FROM pg_class WHERE relname = 'gen18';
SELECT * FROM pgsafe_test.shape('gen18');
-- a stored one is still a rewrite
SELECT hint FROM pgsafe_test.report('ALTER TABLE gen18 ADD COLUMN s int GENERATED ALWAYS AS (a * 3) STORED, ADD UNIQUE (a)');
-- PostgreSQL refuses an index or a foreign key on a virtual column before
-- it builds anything: pgsafe says nothing, and PostgreSQL's error comes
SET pgsafe.mode = warn;
ALTER TABLE gen18 ADD COLUMN w int GENERATED ALWAYS AS (a * 4) UNIQUE;
ALTER TABLE gen18 ADD COLUMN w int GENERATED ALWAYS AS (a * 4) VIRTUAL REFERENCES gen18 (a);
SET pgsafe.mode = error;

-- SET ACCESS METHOD DEFAULT (17): default_table_access_method, rewriting
-- only a table in another method; a partitioned table's is a catalog change
SET pgsafe.mode = off;
CREATE ACCESS METHOD am18 TYPE TABLE HANDLER heap_tableam_handler;
CREATE TABLE am18_heap (id int);
INSERT INTO am18_heap SELECT generate_series(1, 500);
CREATE TABLE am18_other (id int) USING am18;
INSERT INTO am18_other SELECT generate_series(1, 500);
CREATE TABLE am18_parted (id int) PARTITION BY RANGE (id) USING am18;
CREATE TABLE am18_parted_1 PARTITION OF am18_parted FOR VALUES FROM (0) TO (1000);
INSERT INTO am18_parted SELECT generate_series(1, 500);
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('am18_heap', 'ALTER TABLE am18_heap SET ACCESS METHOD DEFAULT'),
    ('am18_other', 'ALTER TABLE am18_other SET ACCESS METHOD DEFAULT'),
    ('am18_parted', 'ALTER TABLE am18_parted SET ACCESS METHOD DEFAULT'),
    ('am18_parted', 'ALTER TABLE am18_parted SET ACCESS METHOD heap')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
SET default_table_access_method = am18;
SELECT c.statement, g.*
  FROM (VALUES
    ('am18_heap', 'ALTER TABLE am18_heap SET ACCESS METHOD DEFAULT'),
    ('am18_other', 'ALTER TABLE am18_other SET ACCESS METHOD DEFAULT')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET default_table_access_method;
RESET client_min_messages;
SELECT message FROM pgsafe_test.report('ALTER TABLE am18_other SET ACCESS METHOD DEFAULT');
DROP TABLE am18_heap, am18_other, am18_parted;
DROP ACCESS METHOD am18;
SET pgsafe.mode = error;

-- SET EXPRESSION (set_expression.sql) of a VIRTUAL column writes nothing:
-- not flagged; a STORED one still is
SET pgsafe.mode = off;
CREATE TABLE se18 (a int, v int GENERATED ALWAYS AS (a * 2) VIRTUAL, s int GENERATED ALWAYS AS (a * 2) STORED);
INSERT INTO se18 (a) SELECT generate_series(1, 500);
RESET pgsafe.mode;
SELECT rule FROM pgsafe.check('ALTER TABLE se18 ALTER COLUMN v SET EXPRESSION AS (a * 3)', false);
SELECT rule FROM pgsafe.check('ALTER TABLE se18 ALTER COLUMN s SET EXPRESSION AS (a * 3)', false);
SET pgsafe.mode = off;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('se18', 'ALTER TABLE se18 ALTER COLUMN v SET EXPRESSION AS (a * 3)'),
    ('se18', 'ALTER TABLE se18 ALTER COLUMN s SET EXPRESSION AS (a * 3)')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
DROP TABLE se18;
SET pgsafe.mode = error;

DROP TABLE nn18, vehicles18, cars18, gen18;
