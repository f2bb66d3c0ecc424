--
-- ADD PRIMARY KEY, PRIMARY KEY USING INDEX, ADD COLUMN ... PRIMARY KEY.
--
-- ADD PRIMARY KEY also sets NOT NULL on key columns that lack it, which
-- reads the whole table unless a validated CHECK (col IS NOT NULL) proves
-- it; the advice proves it that way first.
--
-- From PostgreSQL 18 the advice proves key columns NOT NULL with a NOT NULL
-- constraint NOT VALID, before it with a CHECK: expected/primary_key_1.out holds
-- 18's output, and this line keeps each expected file to its versions.
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
CREATE TABLE accounts (id int, tenant int NOT NULL, name text);
INSERT INTO accounts SELECT g, g % 10, 'a' || g FROM generate_series(1, 500) g;

-- a nullable key column: check steps first
ALTER TABLE accounts ADD PRIMARY KEY (id);
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;
-- id is NOT NULL now: only the index recipe
ALTER TABLE accounts ADD CONSTRAINT accounts_pk PRIMARY KEY (id);
ALTER TABLE accounts DROP CONSTRAINT accounts_pk;
-- multi-column, one of them nullable
ALTER TABLE accounts ADD COLUMN code int;
UPDATE accounts SET code = id;
ALTER TABLE accounts ADD PRIMARY KEY (tenant, code);
ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;

-- PRIMARY KEY USING INDEX
CREATE TABLE ledger (id int, amount int);
INSERT INTO ledger SELECT g, g FROM generate_series(1, 500) g;
CREATE UNIQUE INDEX ledger_id_idx ON ledger (id);
-- id may hold nulls: SET NOT NULL would read the table
SELECT rule, message FROM pgsafe.check('ALTER TABLE ledger ADD CONSTRAINT ledger_pkey PRIMARY KEY USING INDEX ledger_id_idx');
ALTER TABLE ledger ADD CONSTRAINT ledger_pkey PRIMARY KEY USING INDEX ledger_id_idx;
ALTER TABLE ledger DROP CONSTRAINT ledger_pkey;
-- proven NOT NULL by a validated CHECK: not flagged
CREATE UNIQUE INDEX ledger_id_idx ON ledger (id);
ALTER TABLE ledger ALTER COLUMN id DROP NOT NULL;
ALTER TABLE ledger ADD CONSTRAINT ledger_id_check CHECK (id IS NOT NULL);
ALTER TABLE ledger ADD PRIMARY KEY USING INDEX ledger_id_idx;
-- a NOT VALID check proves nothing
CREATE TABLE ledger2 (id int);
INSERT INTO ledger2 VALUES (1);
CREATE UNIQUE INDEX ledger2_id_idx ON ledger2 (id);
ALTER TABLE ledger2 ADD CONSTRAINT ledger2_id_check CHECK (id IS NOT NULL) NOT VALID;
ALTER TABLE ledger2 ADD PRIMARY KEY USING INDEX ledger2_id_idx;

-- ADD COLUMN ... PRIMARY KEY: the new column is null in every row
CREATE TABLE events (payload text);
INSERT INTO events SELECT 'e' || g FROM generate_series(1, 200) g;
ALTER TABLE events ADD COLUMN id int PRIMARY KEY;
-- serial: a sequence fills existing rows without a table rewrite
ALTER TABLE events ADD COLUMN id serial PRIMARY KEY;
ALTER TABLE events DROP COLUMN id;
-- identity
ALTER TABLE events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
ALTER TABLE events DROP COLUMN id;
-- a volatile default
ALTER TABLE events ADD COLUMN id text DEFAULT md5(random()::text) CONSTRAINT events_pk PRIMARY KEY;
ALTER TABLE events DROP COLUMN id;
-- a constant default (on a one-row table, so that it can succeed)
CREATE TABLE settings (k text);
INSERT INTO settings VALUES ('only');
ALTER TABLE settings ADD COLUMN id int DEFAULT 1 PRIMARY KEY;

-- traditional inheritance: SET NOT NULL also reads every child
CREATE TABLE vehicles (id int, wheels int);
CREATE TABLE cars () INHERITS (vehicles);
CREATE TABLE bikes () INHERITS (vehicles);
INSERT INTO vehicles VALUES (1, 4);
INSERT INTO cars VALUES (2, 4);
INSERT INTO bikes VALUES (3, 2);
ALTER TABLE vehicles ADD PRIMARY KEY (id);
ALTER TABLE vehicles DROP CONSTRAINT vehicles_pkey;
ALTER TABLE vehicles ALTER COLUMN id DROP NOT NULL;
-- with ONLY, only the parent is read, and only its column is set NOT NULL
-- (PostgreSQL 18 requires the children NOT NULL too and refuses it: the
-- hint's inheritable NOT NULL constraint covers them, see pg18.sql)
ALTER TABLE ONLY vehicles ADD PRIMARY KEY (id);

-- partitioned: one index per partition, attached to the parent's
CREATE TABLE measurements (id int, at date, v int) PARTITION BY RANGE (at);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
  PARTITION BY RANGE (at);
CREATE TABLE measurements_2026_h1 PARTITION OF measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
CREATE TABLE measurements_2026_h2 PARTITION OF measurements_2026 FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
INSERT INTO measurements SELECT g, date '2025-01-01' + g, g FROM generate_series(0, 700) g;
ALTER TABLE measurements ADD PRIMARY KEY (id, at);
-- ONLY on a partitioned table builds nothing: not flagged
ALTER TABLE measurements DROP CONSTRAINT measurements_pkey;
ALTER TABLE ONLY measurements ADD PRIMARY KEY (id, at);

-- not flagged on an empty table
CREATE TABLE nothing_yet (id int);
ALTER TABLE nothing_yet ADD PRIMARY KEY (id);

DROP TABLE accounts, ledger, ledger2, events, settings, vehicles CASCADE;
DROP TABLE measurements, nothing_yet;
