--
-- test/fuzz/schema.sql -- what the fuzz calls run against, created by a
-- superuser in each database before they start (test/fuzz/run, which
-- creates the roles "fuzzer" and "fuzz_other" first).
--
-- Every table that matters holds rows, so that pgsafe finds something to
-- say: plain tables, a partitioned table with filled partitions (one of
-- them partitioned again), an inheritance parent whose children hold the
-- rows, foreign keys, constraints left NOT VALID for VALIDATE, a matview,
-- names that need quoting, a 63-byte name, and tables of another role:
-- one the fuzzing role may read and reference, one it may not see.
--
-- The fuzzing role "fuzzer" is an ordinary login role: no superuser, no
-- CREATEDB or CREATEROLE, no grants beyond owning the schema fz and the
-- tables created in it as fuzzer.  The run sets its statement_timeout and
-- pgsafe.mode with ALTER ROLE, which it cannot change itself.
--
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET pgsafe.mode = off;
CREATE EXTENSION pgsafe;
CREATE SCHEMA fz AUTHORIZATION fuzzer;
GRANT USAGE, CREATE ON SCHEMA fz TO fuzz_other;
ALTER ROLE fuzzer SET search_path = fz, public;

SET ROLE fuzzer;
SET search_path = fz;

CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE, note text);
INSERT INTO parent SELECT g, 'code' || g, repeat('n', g % 50) FROM generate_series(1, 2000) g;

CREATE TABLE filled (
    id int NOT NULL,
    a int,
    b text,
    ref int,
    ts timestamptz DEFAULT now(),
    j jsonb,
    arr int[],
    CONSTRAINT filled_a_check CHECK (a >= 0) NOT VALID);
INSERT INTO filled SELECT g, g % 97, 'b' || g, 1 + g % 2000, now(), jsonb_build_object('k', g), ARRAY[g, g + 1]
    FROM generate_series(1, 5000) g;
CREATE UNIQUE INDEX filled_id_idx ON filled (id);

CREATE TABLE x (a int, b int);
INSERT INTO x SELECT g, g FROM generate_series(1, 100) g;

CREATE TABLE empty (id int, a int, b text);

CREATE TABLE child_fk (id int PRIMARY KEY, parent_id int REFERENCES parent (id), code text);
INSERT INTO child_fk SELECT g, 1 + g % 2000, 'code' || (1 + g % 2000) FROM generate_series(1, 1000) g;
ALTER TABLE child_fk ADD CONSTRAINT child_fk_code_fkey FOREIGN KEY (code) REFERENCES parent (code) NOT VALID;

CREATE TABLE parts (id int NOT NULL, at date NOT NULL, v int, k text) PARTITION BY RANGE (at);
CREATE TABLE parts_2023 PARTITION OF parts FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE parts_2024 PARTITION OF parts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    PARTITION BY LIST (k);
CREATE TABLE parts_2024_a PARTITION OF parts_2024 FOR VALUES IN ('a');
CREATE TABLE parts_2024_rest PARTITION OF parts_2024 DEFAULT;
CREATE TABLE parts_default PARTITION OF parts DEFAULT;
INSERT INTO parts SELECT g, date '2023-01-01' + (g % 900), g, CASE WHEN g % 3 = 0 THEN 'a' ELSE 'b' END
    FROM generate_series(1, 3000) g;

CREATE TABLE inh_parent (id int, v int, note text);
CREATE TABLE inh_child1 () INHERITS (inh_parent);
CREATE TABLE inh_child2 (extra int) INHERITS (inh_parent);
INSERT INTO inh_child1 SELECT g, g, 'c1' FROM generate_series(1, 1000) g;
INSERT INTO inh_child2 SELECT g, g, 'c2', g FROM generate_series(1, 1000) g;

CREATE TABLE "Mixed Case" ("Weird Col" int, "a""b" text, "select" int);
INSERT INTO "Mixed Case" SELECT g, 'q' || g, g FROM generate_series(1, 500) g;

CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (
    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb int);
INSERT INTO aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa SELECT generate_series(1, 300);

CREATE UNLOGGED TABLE unlogged_filled (id int, a int);
INSERT INTO unlogged_filled SELECT g, g FROM generate_series(1, 1000) g;

CREATE MATERIALIZED VIEW mv AS SELECT id, a, b FROM filled;
CREATE VIEW v AS SELECT id, a FROM filled;

RESET ROLE;
SET ROLE fuzz_other;
CREATE TABLE fz.other_owned (id int PRIMARY KEY, a int);
INSERT INTO fz.other_owned SELECT g, g FROM generate_series(1, 1000) g;
GRANT SELECT, REFERENCES ON fz.other_owned TO fuzzer;
CREATE TABLE fz.other_hidden (id int PRIMARY KEY, a int);
INSERT INTO fz.other_hidden SELECT g, g FROM generate_series(1, 1000) g;
RESET ROLE;

ANALYZE;
