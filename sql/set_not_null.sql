--
-- ALTER COLUMN ... SET NOT NULL [set-not-null].
--
-- PostgreSQL reads every row to check for nulls under ACCESS EXCLUSIVE,
-- unless a validated CHECK constraint proves the column NOT NULL; the
-- advice adds that check NOT VALID, validates it, then sets NOT NULL (on
-- 18 it adds the NOT NULL constraint NOT VALID and validates it).
--
-- 18 adds NOT NULL constraints NOT VALID, which the recipe uses
-- (expected/set_not_null_1.out)
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
CREATE TABLE sn_items (id int NOT NULL, qty int, note text);
INSERT INTO sn_items SELECT g, g, 'n' || g FROM generate_series(1, 500) g;

-- flagged: a nullable column of a non-empty table
ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL;
ALTER TABLE sn_items ALTER COLUMN qty DROP NOT NULL;
-- several in one statement, beside a subcommand that reads nothing
SELECT rule, message FROM pgsafe.check($$ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL,
  ALTER COLUMN note SET NOT NULL, ALTER COLUMN id SET DEFAULT 0$$);
-- not flagged: already NOT NULL, proven by a validated CHECK (also under AND)
ALTER TABLE sn_items ALTER COLUMN id SET NOT NULL;
ALTER TABLE sn_items ADD CONSTRAINT sn_items_qty_check CHECK (qty > 0 AND qty IS NOT NULL);
ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL;
ALTER TABLE sn_items ALTER COLUMN qty DROP NOT NULL;
ALTER TABLE sn_items DROP CONSTRAINT sn_items_qty_check;
-- flagged: a NOT VALID check proves nothing, nor does one on another column
ALTER TABLE sn_items ADD CONSTRAINT sn_items_qty_check CHECK (qty IS NOT NULL) NOT VALID;
ALTER TABLE sn_items ADD CONSTRAINT sn_items_note_check CHECK (note IS NOT NULL);
SELECT rule FROM pgsafe.check('ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL');
ALTER TABLE sn_items DROP CONSTRAINT sn_items_qty_check, DROP CONSTRAINT sn_items_note_check;
-- not flagged: an empty table, a table created in this transaction
CREATE TABLE sn_empty (a int);
ALTER TABLE sn_empty ALTER COLUMN a SET NOT NULL;
BEGIN;
CREATE TABLE sn_fresh (a int);
INSERT INTO sn_fresh VALUES (1);
ALTER TABLE sn_fresh ALTER COLUMN a SET NOT NULL;
ROLLBACK;

-- in a transaction block and in a function: rejected in error mode, nothing changes
SET pgsafe.mode = error;
BEGIN;
ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL;
ROLLBACK;
CREATE FUNCTION sn_migrate() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL;
END
$$;
SELECT sn_migrate();
SELECT attnotnull FROM pg_attribute WHERE attrelid = 'sn_items'::regclass AND attname = 'qty';
DROP FUNCTION sn_migrate();

-- the hint, run as printed, in error mode: every step passes and qty ends NOT NULL
SELECT hint FROM pgsafe_test.report('ALTER TABLE sn_items ALTER COLUMN qty SET NOT NULL') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('sn_items');

-- quoted names
CREATE TABLE "SN Mixed" ("Qty" int, "user" int);
INSERT INTO "SN Mixed" SELECT g, g FROM generate_series(1, 500) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "SN Mixed" ALTER COLUMN "Qty" SET NOT NULL, ALTER COLUMN "user" SET NOT NULL') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('"SN Mixed"');
RESET pgsafe.mode;

-- partitioned: every partition not proven is read
CREATE TABLE sn_parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE sn_parted_2025 PARTITION OF sn_parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE sn_parted_2026 PARTITION OF sn_parted FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE sn_parted_2027 PARTITION OF sn_parted FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
INSERT INTO sn_parted SELECT g, date '2025-01-01' + g FROM generate_series(0, 700) g;
ALTER TABLE sn_parted_2026 ADD CONSTRAINT sn_parted_2026_id_check CHECK (id IS NOT NULL);
SELECT rule, detail FROM pgsafe.check('ALTER TABLE sn_parted ALTER COLUMN id SET NOT NULL');
-- ONLY a partitioned table reads nothing (PostgreSQL requires its partitions NOT NULL already)
SELECT count(*) FROM pgsafe.check('ALTER TABLE ONLY sn_parted ALTER COLUMN id SET NOT NULL');
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE sn_parted ALTER COLUMN id SET NOT NULL') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT c.relname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE a.attname = 'id' AND c.relname LIKE 'sn_parted%' ORDER BY 1;
SELECT conrelid::regclass, conname FROM pg_constraint WHERE conrelid::regclass::text LIKE 'sn_parted%' ORDER BY 1, 2;
RESET pgsafe.mode;

-- inheritance: the children are read too, even under a parent already NOT NULL
CREATE TABLE sn_parent (id int);
CREATE TABLE sn_child () INHERITS (sn_parent);
INSERT INTO sn_parent VALUES (1);
INSERT INTO sn_child VALUES (2);
SELECT rule, detail FROM pgsafe.check('ALTER TABLE sn_parent ALTER COLUMN id SET NOT NULL');
ALTER TABLE ONLY sn_parent ALTER COLUMN id SET NOT NULL;
SELECT rule, detail FROM pgsafe.check('ALTER TABLE sn_parent ALTER COLUMN id SET NOT NULL');
SELECT count(*) FROM pgsafe.check('ALTER TABLE ONLY sn_parent ALTER COLUMN id SET NOT NULL');
SET pgsafe.mode = error;
SELECT hint FROM pgsafe_test.report('ALTER TABLE sn_parent ALTER COLUMN id SET NOT NULL') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT c.relname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE a.attname = 'id' AND c.relname IN ('sn_parent', 'sn_child') ORDER BY 1;
RESET pgsafe.mode;

-- a column added by the same statement with a default stored once is read too;
-- a primary key on the column is that rule's finding alone
SELECT rule FROM pgsafe.check('ALTER TABLE sn_items ADD COLUMN flag int DEFAULT 0, ALTER COLUMN flag SET NOT NULL');
SELECT rule FROM pgsafe.check('ALTER TABLE sn_items ALTER COLUMN note SET NOT NULL, ADD PRIMARY KEY (note)');

-- ground truth
SET pgsafe.mode = off;
CREATE TABLE gt_sn (id int, a int, b int, CONSTRAINT gt_sn_b_check CHECK (b IS NOT NULL));
INSERT INTO gt_sn SELECT g, g, g FROM generate_series(1, 1000) g;
CREATE TABLE gt_sn_p (id int, a int) PARTITION BY RANGE (id);
CREATE TABLE gt_sn_p1 PARTITION OF gt_sn_p FOR VALUES FROM (0) TO (500);
CREATE TABLE gt_sn_p2 PARTITION OF gt_sn_p FOR VALUES FROM (500) TO (2000);
INSERT INTO gt_sn_p SELECT g, g FROM generate_series(1, 1000) g;
ALTER TABLE gt_sn_p1 ADD CONSTRAINT gt_sn_p1_a CHECK (a IS NOT NULL);
ALTER TABLE gt_sn_p2 ADD CONSTRAINT gt_sn_p2_a CHECK (a IS NOT NULL);
SELECT statement, (pgsafe_test.ground_truth(watch, statement)).*
  FROM (VALUES
    ('gt_sn', 'ALTER TABLE gt_sn ALTER COLUMN a SET NOT NULL'),
    ('gt_sn', 'ALTER TABLE gt_sn ADD COLUMN c int DEFAULT 0, ALTER COLUMN c SET NOT NULL'),
    ('gt_sn_p', 'ALTER TABLE gt_sn_p ALTER COLUMN id SET NOT NULL'),
    ('gt_sn', 'ALTER TABLE gt_sn ALTER COLUMN b SET NOT NULL'),
    ('gt_sn_p', 'ALTER TABLE gt_sn_p ALTER COLUMN a SET NOT NULL'),
    ('gt_sn', 'ALTER TABLE gt_sn ADD COLUMN d int NOT NULL DEFAULT 0')
  ) AS c(watch, statement);
DROP TABLE gt_sn, gt_sn_p;
RESET pgsafe.mode;

DROP TABLE sn_items, sn_empty, "SN Mixed", sn_parted, sn_parent CASCADE;
