-- bench/lint/cases/setup.sql -- the tables the comparison cases alter, one
-- schema per group of cases (bench/lint/compare sets search_path to it), so
-- that two seeds may both call a table foo.
--
-- Every table a case alters is filled: pgsafe flags only what blocks other
-- sessions on a non-empty table, and a migration is linted to protect a
-- production table, which has rows.  The exceptions are named *_empty.

CREATE EXTENSION IF NOT EXISTS pgsafe;
-- the statements below are the setup, not what is compared
SET pgsafe.mode = off;

-- seed 000: distributors, already holding dist_id
CREATE SCHEMA seed_000;
CREATE TABLE seed_000.distributors (did int PRIMARY KEY, name text, dist_id text);
INSERT INTO seed_000.distributors SELECT g, 'distributor ' || g, 'd' || g FROM generate_series(1, 5000) g;

-- seed 001: users without a primary key yet; id is nullable, as a column
-- is until something declares it NOT NULL
CREATE SCHEMA seed_001;
CREATE TABLE seed_001.users (id int, email text);
INSERT INTO seed_001.users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 5000) g;

-- seed 002: foo as its sandbox builds it, and a table really called "table"
-- for the statements that quote the name
CREATE SCHEMA seed_002;
CREATE TABLE seed_002.foo (id serial PRIMARY KEY, int_val int NOT NULL);
INSERT INTO seed_002.foo (int_val) SELECT generate_series(1, 10000);
CREATE TABLE seed_002."table" (field text);
INSERT INTO seed_002."table" SELECT 'f' || g FROM generate_series(1, 5000) g;

-- seed 003: equipment, t for the partial index tip, table_name with the
-- constraint its last example drops
CREATE SCHEMA seed_003;
CREATE TABLE seed_003.equipment (id int PRIMARY KEY, equip_id text);
INSERT INTO seed_003.equipment SELECT g, 'e' || g FROM generate_series(1, 5000) g;
CREATE TABLE seed_003.t (col text);
INSERT INTO seed_003.t SELECT 'c' || g FROM generate_series(1, 5000) g;
CREATE TABLE seed_003.table_name (c1 int CONSTRAINT constraint_name CHECK (c1 > 0));
INSERT INTO seed_003.table_name SELECT generate_series(1, 5000);

-- seed 004: foo gets a bar_id that references bar
CREATE SCHEMA seed_004;
CREATE TABLE seed_004.bar (id int PRIMARY KEY);
INSERT INTO seed_004.bar SELECT generate_series(1, 1000);
CREATE TABLE seed_004.foo (id int PRIMARY KEY, name text);
INSERT INTO seed_004.foo SELECT g, 'foo ' || g FROM generate_series(1, 5000) g;

-- extra: cases not from the seeds, for what the seeds do not show
CREATE SCHEMA extra;
CREATE TABLE extra.accounts (id int PRIMARY KEY, email text, balance int, name varchar(20), customer_id int);
INSERT INTO extra.accounts SELECT g, 'a' || g || '@example.com', g, 'name ' || g, g FROM generate_series(1, 5000) g;
CREATE TABLE extra.customers (id int PRIMARY KEY);
INSERT INTO extra.customers SELECT generate_series(1, 5000);
CREATE TABLE extra.accounts_empty (id int, email text);
CREATE TABLE extra.measurements (id int, taken date, value int) PARTITION BY RANGE (taken);
CREATE TABLE extra.measurements_2024 PARTITION OF extra.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO extra.measurements SELECT g, date '2024-01-01' + g % 365, g FROM generate_series(1, 5000) g;

-- test/lint: the tables its README names, as its TAP test fills them
CREATE SCHEMA samples;
CREATE TABLE samples.customers (id int PRIMARY KEY);
INSERT INTO samples.customers SELECT generate_series(1, 1000);
CREATE TABLE samples.orders (id int PRIMARY KEY, customer_id int, email text, created_at timestamptz);
INSERT INTO samples.orders SELECT g, g, 'u' || g || '@example.com', now() FROM generate_series(1, 1000) g;
CREATE TABLE samples.countries (code text PRIMARY KEY, name text);
INSERT INTO samples.countries SELECT 'c' || g, 'country ' || g FROM generate_series(1, 250) g;
