--
-- ADD CHECK without NOT VALID, and ADD COLUMN ... CHECK [add-check].
--
-- PostgreSQL reads every row to validate a new check constraint, under the
-- ACCESS EXCLUSIVE lock of ALTER TABLE, in the table and in every child it
-- is added to; the advice adds it NOT VALID and validates it apart.
--
CREATE TABLE ac_orders (id int, qty int, price numeric);
INSERT INTO ac_orders SELECT g, g, g FROM generate_series(1, 500) g;

-- flagged: named, unnamed, on several columns, NO INHERIT, beside other subcommands
ALTER TABLE ac_orders ADD CONSTRAINT ac_orders_qty_positive CHECK (qty > 0);
ALTER TABLE ac_orders DROP CONSTRAINT ac_orders_qty_positive;
SELECT rule, message FROM pgsafe.check($$
ALTER TABLE ac_orders ADD CHECK (qty > 0);
ALTER TABLE ac_orders ADD CHECK (qty * price > 0) NO INHERIT;
ALTER TABLE ac_orders ALTER COLUMN id SET DEFAULT 0, ADD CONSTRAINT ac_orders_price CHECK (price >= 0);
$$);
-- not flagged: NOT VALID, an empty table, a table created in this transaction
ALTER TABLE ac_orders ADD CONSTRAINT ac_orders_qty_check CHECK (qty > 0) NOT VALID;
ALTER TABLE ac_orders DROP CONSTRAINT ac_orders_qty_check;
CREATE TABLE ac_empty (a int);
ALTER TABLE ac_empty ADD CHECK (a > 0);
BEGIN;
CREATE TABLE ac_fresh (a int);
INSERT INTO ac_fresh VALUES (1);
ALTER TABLE ac_fresh ADD CHECK (a > 0);
ROLLBACK;

-- ADD COLUMN ... CHECK: the new column is null in every row, and PostgreSQL still reads them all
SELECT rule, message, detail FROM pgsafe.check('ALTER TABLE ac_orders ADD COLUMN discount int CHECK (discount >= 0)');

-- in a transaction block and in a function: rejected in error mode, nothing changes
SET pgsafe.mode = error;
BEGIN;
ALTER TABLE ac_orders ADD CHECK (qty > 0);
ROLLBACK;
CREATE FUNCTION ac_migrate() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER TABLE ac_orders ADD COLUMN discount int CONSTRAINT ac_discount CHECK (discount >= 0);
END
$$;
SELECT ac_migrate();
SELECT count(*) FROM pg_constraint WHERE conrelid = 'ac_orders'::regclass;
DROP FUNCTION ac_migrate();

-- the hints, run as printed in error mode, reach the end state
SELECT hint FROM pgsafe_test.report('ALTER TABLE ac_orders ADD CHECK (qty > 0 AND price > 0)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('ac_orders');
SELECT hint FROM pgsafe_test.report($$ALTER TABLE ac_orders ADD COLUMN discount int NOT NULL DEFAULT 0
  CONSTRAINT ac_discount CHECK (discount >= 0) CHECK (discount < 100)$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('ac_orders');

-- quoted names
CREATE TABLE "AC Mixed" ("Qty" int, "check" int);
INSERT INTO "AC Mixed" SELECT g, g FROM generate_series(1, 500) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "AC Mixed" ADD CHECK ("Qty" > 0), ADD CHECK ("check" > 0)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('"AC Mixed"');
RESET pgsafe.mode;

-- partitioned: every partition is read; NO INHERIT is refused by PostgreSQL
CREATE TABLE ac_parted (id int, at int) PARTITION BY RANGE (at);
CREATE TABLE ac_parted_1 PARTITION OF ac_parted FOR VALUES FROM (0) TO (1000);
CREATE TABLE ac_parted_2 PARTITION OF ac_parted FOR VALUES FROM (1000) TO (2000);
INSERT INTO ac_parted SELECT g, g FROM generate_series(0, 1999) g;
SELECT rule, detail FROM pgsafe.check('ALTER TABLE ac_parted ADD CHECK (id >= 0)');
SELECT count(*) FROM pgsafe.check('ALTER TABLE ac_parted ADD CHECK (id >= 0) NO INHERIT');
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE ac_parted ADD CHECK (id >= 0)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT conrelid::regclass, conname, convalidated FROM pg_constraint
 WHERE conrelid::regclass::text LIKE 'ac_parted%' ORDER BY 1, 2;
RESET pgsafe.mode;

-- inheritance: the children are read too, unless NO INHERIT; ONLY without it is refused
CREATE TABLE ac_parent (id int);
CREATE TABLE ac_child () INHERITS (ac_parent);
INSERT INTO ac_child VALUES (1);
SELECT rule, detail FROM pgsafe.check('ALTER TABLE ac_parent ADD CHECK (id > 0)');
SELECT count(*) FROM pgsafe.check('ALTER TABLE ac_parent ADD CHECK (id > 0) NO INHERIT');
SELECT count(*) FROM pgsafe.check('ALTER TABLE ONLY ac_parent ADD CHECK (id > 0)');

-- ground truth
SET pgsafe.mode = off;
CREATE TABLE gt_ac (id int, a int);
INSERT INTO gt_ac SELECT g, g FROM generate_series(1, 1000) g;
CREATE TABLE gt_ac_p (id int, a int) PARTITION BY RANGE (id);
CREATE TABLE gt_ac_p1 PARTITION OF gt_ac_p FOR VALUES FROM (0) TO (500);
CREATE TABLE gt_ac_p2 PARTITION OF gt_ac_p FOR VALUES FROM (500) TO (2000);
INSERT INTO gt_ac_p SELECT g, g FROM generate_series(1, 1000) g;
CREATE TABLE gt_ac_parent (id int);
CREATE TABLE gt_ac_child () INHERITS (gt_ac_parent);
INSERT INTO gt_ac_child SELECT generate_series(1, 1000);
INSERT INTO gt_ac_parent SELECT generate_series(1, 1000);
SELECT statement, (pgsafe_test.ground_truth(watch, statement)).*
  FROM (VALUES
    ('gt_ac', 'ALTER TABLE gt_ac ADD CHECK (a > 0)'),
    ('gt_ac', 'ALTER TABLE gt_ac ADD COLUMN c int CHECK (c > 0)'),
    ('gt_ac', 'ALTER TABLE gt_ac ADD COLUMN d int DEFAULT 5 CHECK (d > 0)'),
    ('gt_ac_p', 'ALTER TABLE gt_ac_p ADD CHECK (a > 0)'),
    ('gt_ac_parent', 'ALTER TABLE gt_ac_parent ADD CHECK (id > 0)'),
    ('gt_ac', 'ALTER TABLE gt_ac ADD CHECK (a > 0) NOT VALID'),
    ('gt_ac_parent', 'ALTER TABLE gt_ac_parent ADD CHECK (id > 0) NO INHERIT')
  ) AS c(watch, statement);
DROP TABLE gt_ac, gt_ac_p, gt_ac_parent CASCADE;
RESET pgsafe.mode;

DROP TABLE ac_orders, ac_empty, "AC Mixed", ac_parted, ac_parent CASCADE;
