--
-- enforce-constraint: ALTER CONSTRAINT name ENFORCED (PostgreSQL 18; the
-- Makefile runs this file from 18 on) of a NOT ENFORCED foreign key reads
-- every row to validate it, under ACCESS EXCLUSIVE.  PostgreSQL refuses
-- ENFORCED NOT VALID: the hint drops the key, adds it back NOT VALID and
-- validates it.  Also: adding a NOT ENFORCED key or CHECK reads nothing,
-- and the foreign-key and add-check rules leave it alone.
--
SET pgsafe.mode = off;
CREATE TABLE ec_parent (id int PRIMARY KEY);
INSERT INTO ec_parent SELECT generate_series(1, 500);
CREATE TABLE ec (id int PRIMARY KEY, pid int);
INSERT INTO ec SELECT g, g FROM generate_series(1, 500) g;
ALTER TABLE ec ADD CONSTRAINT ec_pid_fkey FOREIGN KEY (pid) REFERENCES ec_parent (id) ON DELETE CASCADE NOT ENFORCED;
ALTER TABLE ec ADD CONSTRAINT ec_enforced FOREIGN KEY (pid) REFERENCES ec_parent (id);
ALTER TABLE ec ADD CONSTRAINT ec_check CHECK (pid > 0) NOT ENFORCED;
CREATE TABLE ec_empty (pid int CONSTRAINT ec_empty_fk REFERENCES ec_parent NOT ENFORCED);
CREATE TABLE ec_parted (id int, pid int) PARTITION BY RANGE (id);
CREATE TABLE ec_parted_1 PARTITION OF ec_parted FOR VALUES FROM (0) TO (300);
CREATE TABLE ec_parted_2 PARTITION OF ec_parted FOR VALUES FROM (300) TO (1000);
INSERT INTO ec_parted SELECT g, g FROM generate_series(1, 500) g;
ALTER TABLE ec_parted ADD CONSTRAINT ec_parted_fk FOREIGN KEY (pid) REFERENCES ec_parent NOT ENFORCED;
CREATE SCHEMA "Ec Schema";
CREATE TABLE "Ec Schema"."Mixed Table" ("Key" int, "Ref" int);
INSERT INTO "Ec Schema"."Mixed Table" SELECT g, g FROM generate_series(1, 500) g;
ALTER TABLE "Ec Schema"."Mixed Table" ADD CONSTRAINT "Mixed Fk" FOREIGN KEY ("Ref") REFERENCES ec_parent DEFERRABLE INITIALLY DEFERRED NOT ENFORCED;
RESET pgsafe.mode;

-- flagged: a NOT ENFORCED key made ENFORCED, on a table, a partitioned
-- table (every partition is read), quoted names
SELECT * FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey ENFORCED');
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE ec_parted ALTER CONSTRAINT ec_parted_fk ENFORCED');
SELECT * FROM pgsafe_test.report('ALTER TABLE "Ec Schema"."Mixed Table" ALTER CONSTRAINT "Mixed Fk" ENFORCED');

-- not flagged: a key enforced already, NOT ENFORCED, an empty table, one
-- created in this transaction; PostgreSQL's own errors: a CHECK (18 alters
-- the enforceability of foreign keys only), ENFORCED NOT VALID, a missing
-- constraint
SELECT * FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT ec_enforced ENFORCED');
SELECT * FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey NOT ENFORCED');
SELECT * FROM pgsafe_test.report('ALTER TABLE ec_empty ALTER CONSTRAINT ec_empty_fk ENFORCED');
BEGIN;
CREATE TABLE ec_fresh (pid int CONSTRAINT ec_fresh_fk REFERENCES ec_parent NOT ENFORCED);
INSERT INTO ec_fresh SELECT generate_series(1, 500);
SELECT * FROM pgsafe_test.report('ALTER TABLE ec_fresh ALTER CONSTRAINT ec_fresh_fk ENFORCED');
ROLLBACK;
SELECT * FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT ec_check ENFORCED');
SELECT * FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey ENFORCED NOT VALID');
SELECT * FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT nope ENFORCED');

-- adding a NOT ENFORCED constraint reads nothing: foreign-key and add-check
-- stay silent, as a table constraint and as a column constraint
SELECT s AS statement, coalesce((SELECT string_agg(rule, ', ') FROM pgsafe.check(s, false)), '-') AS rules FROM (VALUES
    ('ALTER TABLE ec ADD FOREIGN KEY (pid) REFERENCES ec_parent NOT ENFORCED'),
    ('ALTER TABLE ec ADD CHECK (pid > 0) NOT ENFORCED'),
    ('ALTER TABLE ec ADD COLUMN c1 int DEFAULT 1 REFERENCES ec_parent NOT ENFORCED'),
    ('ALTER TABLE ec ADD COLUMN c2 int DEFAULT 1 CHECK (c2 > 0) NOT ENFORCED'),
    ('ALTER TABLE ec_parted ADD FOREIGN KEY (pid) REFERENCES ec_parent NOT ENFORCED'),
    -- and the enforced forms still are flagged
    ('ALTER TABLE ec ADD FOREIGN KEY (pid) REFERENCES ec_parent'),
    ('ALTER TABLE ec ADD COLUMN c1 int DEFAULT 1 REFERENCES ec_parent ENFORCED'),
    ('ALTER TABLE ec ADD COLUMN c2 int DEFAULT 1 CHECK (c2 > 0)')
  ) AS v(s);

-- error mode rejects, and nothing changes; in a transaction block too
SET pgsafe.mode = error;
ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey ENFORCED;
BEGIN;
ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey ENFORCED;
ROLLBACK;
RESET pgsafe.mode;
SELECT conname, conenforced, convalidated FROM pg_constraint WHERE conrelid = 'ec'::regclass AND contype = 'f' ORDER BY 1;

-- from a function
CREATE FUNCTION ec_in_function() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL pgsafe.mode = error;
    ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey ENFORCED;
END
$$;
SELECT ec_in_function();
DROP FUNCTION ec_in_function();

-- the hint, run as printed, reaches the end state: enforced and valid,
-- with its actions and deferrability kept
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE ec ALTER CONSTRAINT ec_pid_fkey ENFORCED') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE ec_parted ALTER CONSTRAINT ec_parted_fk ENFORCED') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE "Ec Schema"."Mixed Table" ALTER CONSTRAINT "Mixed Fk" ENFORCED') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
RESET pgsafe.mode;
SELECT conrelid::regclass, conname, pg_get_constraintdef(oid), conenforced, convalidated
  FROM pg_constraint
 WHERE conrelid IN ('ec'::regclass, 'ec_parted'::regclass, 'ec_parted_1'::regclass, 'ec_parted_2'::regclass,
                    '"Ec Schema"."Mixed Table"'::regclass) AND contype = 'f'
 ORDER BY 1, 2;

-- ground truth: the rows are read exactly when pgsafe says so
SET pgsafe.mode = off;
CREATE TABLE gt_ec (pid int);
INSERT INTO gt_ec SELECT generate_series(1, 500);
ALTER TABLE gt_ec ADD CONSTRAINT gt_ec_fk FOREIGN KEY (pid) REFERENCES ec_parent NOT ENFORCED;
SET client_min_messages = warning;
SELECT c.statement, g.*
  FROM (VALUES
    ('gt_ec', 'ALTER TABLE gt_ec ALTER CONSTRAINT gt_ec_fk ENFORCED'),
    ('gt_ec', 'ALTER TABLE gt_ec ADD CONSTRAINT gt_ec_fk2 FOREIGN KEY (pid) REFERENCES ec_parent NOT ENFORCED'),
    ('gt_ec', 'ALTER TABLE gt_ec ADD CONSTRAINT gt_ec_check CHECK (pid > 0) NOT ENFORCED')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
RESET client_min_messages;
RESET pgsafe.mode;

DROP SCHEMA "Ec Schema" CASCADE;
DROP TABLE ec, ec_empty, ec_parted, gt_ec, ec_parent;
