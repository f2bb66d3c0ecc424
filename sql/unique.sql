--
-- ALTER TABLE ... ADD UNIQUE in every form, and ADD COLUMN ... UNIQUE.
--
-- pgsafe.mode is warn (the default): each flagged statement runs after a
-- WARNING that names the lock and gives the safe alternative.
--
CREATE TABLE orders (id int, email text, region text, note text);
INSERT INTO orders SELECT g, 'user' || g || '@example.com', 'r' || (g % 7), 'n' || g
  FROM generate_series(1, 1000) g;

-- unnamed, then named, multi-column
ALTER TABLE orders ADD UNIQUE (email);
ALTER TABLE orders ADD CONSTRAINT orders_region_id_uq UNIQUE (region, id);
-- the default name is taken now: PostgreSQL would pick orders_email_key1
ALTER TABLE orders ADD UNIQUE (email);
-- DEFERRABLE, NULLS NOT DISTINCT, INCLUDE, WITH, USING INDEX TABLESPACE
ALTER TABLE orders ADD UNIQUE NULLS NOT DISTINCT (note) INCLUDE (id)
  WITH (fillfactor = 70) USING INDEX TABLESPACE pg_default DEFERRABLE INITIALLY DEFERRED;
-- ONLY on a plain table still builds the index
ALTER TABLE ONLY orders ADD UNIQUE (id);

-- schema-qualified, quoted identifiers, reached through search_path
CREATE SCHEMA "Sales";
CREATE TABLE "Sales"."Order Lines" ("Line" int, "user" int);
INSERT INTO "Sales"."Order Lines" SELECT g, g FROM generate_series(1, 100) g;
ALTER TABLE "Sales"."Order Lines" ADD UNIQUE ("Line", "user");
SET search_path = "Sales", public;
ALTER TABLE "Order Lines" ADD CONSTRAINT "Line Key" UNIQUE ("Line");
RESET search_path;

-- any position in a multi-command ALTER TABLE; the other subcommands are kept
ALTER TABLE orders ADD COLUMN flag boolean, ADD UNIQUE (id, email), ALTER COLUMN note SET DEFAULT '';

-- ADD COLUMN ... UNIQUE
ALTER TABLE orders ADD COLUMN code text UNIQUE;
CREATE TABLE single_row (a int);
INSERT INTO single_row VALUES (1);
ALTER TABLE single_row ADD COLUMN sku text CONSTRAINT single_row_sku_uq UNIQUE NOT NULL DEFAULT 'x';

-- unlogged table
CREATE UNLOGGED TABLE scratch (a int);
INSERT INTO scratch VALUES (1);
ALTER TABLE scratch ADD UNIQUE (a);

-- not flagged: USING INDEX, empty table, temporary table, table created in this transaction
CREATE UNIQUE INDEX CONCURRENTLY orders_id_key_idx ON orders (id);
ALTER TABLE orders ADD CONSTRAINT orders_id_key_c UNIQUE USING INDEX orders_id_key_idx;
CREATE TABLE empty_table (a int);
ALTER TABLE empty_table ADD UNIQUE (a);
CREATE TEMP TABLE temp_table (a int);
INSERT INTO temp_table VALUES (1);
ALTER TABLE temp_table ADD UNIQUE (a);
BEGIN;
CREATE TABLE new_table (a int);
INSERT INTO new_table VALUES (1);
ALTER TABLE new_table ADD UNIQUE (a);
COMMIT;
-- ... but the same table is flagged once committed
ALTER TABLE new_table ADD UNIQUE (a);
-- a table that was emptied by DELETE still has its blocks: still read in full
DELETE FROM new_table;
ALTER TABLE new_table ADD CONSTRAINT new_table_a_key9 UNIQUE (a);
-- ALTER TABLE IF EXISTS on a missing table: PostgreSQL's notice only
ALTER TABLE IF EXISTS no_such_table ADD UNIQUE (a);
-- CREATE TABLE with inline constraints
CREATE TABLE inline_table (a int UNIQUE, b int, UNIQUE (a, b));

-- a partitioned table: the index is built in every partition; with ONLY, nowhere
CREATE TABLE sales (id int, region text) PARTITION BY LIST (region);
CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu');
CREATE TABLE sales_us PARTITION OF sales FOR VALUES IN ('us');
CREATE TABLE sales_empty PARTITION OF sales FOR VALUES IN ('none');
INSERT INTO sales SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END FROM generate_series(1, 1000) g;
ALTER TABLE sales ADD UNIQUE (id, region);
ALTER TABLE ONLY sales ADD CONSTRAINT sales_only_key UNIQUE (region, id);

-- EXCLUDE: the same lock and index build, with no online alternative
ALTER TABLE orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =);

DROP TABLE sales;
DROP TABLE orders, "Sales"."Order Lines", scratch, single_row, empty_table, new_table, inline_table;
DROP SCHEMA "Sales";
