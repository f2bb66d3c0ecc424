--
-- Statements PostgreSQL refuses before it builds or reads anything: pgsafe
-- says nothing about them, so that PostgreSQL's own error is what the user
-- gets, and offers no advice whose steps would fail part of the way (a
-- primary key's recipe adds and fills a column before its last step would
-- fail).  Each case shows the error PostgreSQL raises, through
-- pgsafe_test.report(), which runs the statement in error mode; beside each
-- kind, the same statement on a table PostgreSQL accepts it on, which
-- pgsafe does flag.
--
SET pgsafe.mode = error;

-- a system catalog
SELECT message, code FROM pgsafe_test.report('ALTER TABLE pg_class ADD UNIQUE (relname)');
SELECT message, code FROM pgsafe_test.report('CREATE INDEX ON pg_class (relpages)');
SELECT count(*) FROM pgsafe.check('ALTER TABLE pg_catalog.pg_class ADD UNIQUE (relname)');

-- a unique key that lacks a column of the partition key, at the root or deeper down
CREATE TABLE r_orders (id int, region int, day int) PARTITION BY LIST (region);
CREATE TABLE r_orders_eu PARTITION OF r_orders FOR VALUES IN (1) PARTITION BY RANGE (day);
CREATE TABLE r_orders_eu_1 PARTITION OF r_orders_eu FOR VALUES FROM (0) TO (1000);
CREATE TABLE r_orders_us PARTITION OF r_orders FOR VALUES IN (2);
INSERT INTO r_orders SELECT g, 1 + g % 2, g FROM generate_series(1, 500) g;
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD PRIMARY KEY (id)');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD COLUMN n bigserial, ADD PRIMARY KEY (n)');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD UNIQUE (id, region)');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD COLUMN ref int UNIQUE');
SELECT message, code FROM pgsafe_test.report('CREATE UNIQUE INDEX ON r_orders (id, region)');
SELECT count(*) FROM pgsafe.check('ALTER TABLE r_orders ADD PRIMARY KEY (id)');
-- accepted, and flagged: every partition key column is in the key
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD UNIQUE (id, region, day)');
SELECT message, code FROM pgsafe_test.report('CREATE UNIQUE INDEX ON r_orders (day, id, region)');
-- a partition alone needs only its own keys
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders_us ADD PRIMARY KEY (id)');

-- an expression in the partition key
CREATE TABLE r_events (id int) PARTITION BY RANGE ((id % 10));
CREATE TABLE r_events_all PARTITION OF r_events FOR VALUES FROM (0) TO (10);
INSERT INTO r_events SELECT generate_series(1, 500);
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_events ADD UNIQUE (id)');
-- a plain index is accepted, and flagged
SELECT message, code FROM pgsafe_test.report('CREATE INDEX ON r_events (id)');

-- a foreign table among the partitions
CREATE EXTENSION file_fdw;
CREATE SERVER r_files FOREIGN DATA WRAPPER file_fdw;
CREATE TABLE r_customers (id int PRIMARY KEY);
INSERT INTO r_customers SELECT generate_series(0, 199);
CREATE TABLE r_logs (id int, customer_id int) PARTITION BY RANGE (id);
CREATE TABLE r_logs_local PARTITION OF r_logs FOR VALUES FROM (0) TO (100);
CREATE TABLE r_logs_old PARTITION OF r_logs FOR VALUES FROM (100) TO (200) PARTITION BY RANGE (id);
CREATE FOREIGN TABLE r_logs_remote PARTITION OF r_logs_old FOR VALUES FROM (100) TO (200)
  SERVER r_files OPTIONS (filename '/dev/null', format 'csv');
INSERT INTO r_logs SELECT g, g FROM generate_series(0, 99) g;
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_logs ADD UNIQUE (id)');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_logs ADD PRIMARY KEY (id)');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_logs ADD FOREIGN KEY (customer_id) REFERENCES r_customers');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_logs ADD COLUMN c int REFERENCES r_customers');
SELECT message, code FROM pgsafe_test.report('CREATE UNIQUE INDEX ON r_logs (id)');
-- accepted, and flagged: a plain index skips the foreign partition; the local partition alone
SELECT message, code FROM pgsafe_test.report('CREATE INDEX ON r_logs (id)');
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_logs_local ADD UNIQUE (id)');

-- an exclusion constraint on a partitioned table (accepted from PostgreSQL 17
-- on, and then flagged: expected/refused_1.out)
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD EXCLUDE USING btree (id WITH =, region WITH =, day WITH =)');

-- USING INDEX on a partitioned table, with a valid index (built with the mode lowered)
SET pgsafe.mode = warn;
SET client_min_messages = error;
CREATE UNIQUE INDEX r_orders_key ON r_orders (id, region, day);
RESET client_min_messages;
SET pgsafe.mode = error;
SELECT message, code FROM pgsafe_test.report('ALTER TABLE r_orders ADD CONSTRAINT r_orders_key UNIQUE USING INDEX r_orders_key');

RESET pgsafe.mode;
DROP TABLE r_orders, r_events, r_logs, r_customers;
DROP EXTENSION file_fdw CASCADE;
