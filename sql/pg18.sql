--
-- PostgreSQL 18 and later (the Makefile runs this file from 18 on):
-- NOT NULL constraints that can be NOT VALID.  Each hint is run as
-- printed, in error mode, as in hints.sql.
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

DROP TABLE nn18, vehicles18, cars18;
