--
-- Every kind of hint pgsafe prints, executed statement by statement exactly
-- as printed, reaching the intended end state.
--
-- The session stays in error mode throughout, so each step of every hint
-- also proves that pgsafe does not reject its own advice.  Hints are taken
-- from pgsafe_test.report(), which runs the flagged statement in a
-- subtransaction that is rolled back; \gexec then runs each statement of
-- the hint at top level, outside any transaction block.
--
-- From PostgreSQL 18 the advice proves key columns NOT NULL with a NOT NULL
-- constraint NOT VALID, before it with a CHECK: expected/hints_1.out holds
-- 18's output, and this line keeps each expected file to its versions.
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
SET pgsafe.mode = error;

-- UNIQUE with INCLUDE, NULLS NOT DISTINCT, WITH, TABLESPACE and DEFERRABLE
CREATE TABLE h_unique (id int, email text, note text);
INSERT INTO h_unique SELECT g, 'u' || g, 'n' || g FROM generate_series(1, 500) g;
SELECT hint FROM pgsafe_test.report($$ALTER TABLE h_unique ADD UNIQUE NULLS NOT DISTINCT (email)
  INCLUDE (note) WITH (fillfactor = 90) USING INDEX TABLESPACE pg_default DEFERRABLE INITIALLY DEFERRED$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_unique');

-- a failed concurrent build leaves an invalid index: the hint's DROP INDEX cleans it up
CREATE TABLE h_dups (v text);
INSERT INTO h_dups VALUES ('a'), ('b'), ('a');
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_dups ADD CONSTRAINT h_dups_v_uq UNIQUE (v)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT indexrelid::regclass, indisvalid FROM pg_index WHERE indrelid = 'h_dups'::regclass;
\set ECHO queries
SELECT pgsafe_test.cleanup_statement(:'hint') \gexec
\set ECHO all
SELECT count(*) FROM pg_index WHERE indrelid = 'h_dups'::regclass;

-- PRIMARY KEY on a nullable column, quoted names
CREATE TABLE "H Keys" ("Id" int, "user" int);
INSERT INTO "H Keys" SELECT g, g FROM generate_series(1, 500) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "H Keys" ADD PRIMARY KEY ("Id", "user")') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('"H Keys"');

-- PRIMARY KEY USING INDEX on a nullable column
CREATE TABLE h_using (id int);
INSERT INTO h_using SELECT generate_series(1, 500);
CREATE UNIQUE INDEX CONCURRENTLY h_using_idx ON h_using (id);
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_using ADD CONSTRAINT h_using_pkey PRIMARY KEY USING INDEX h_using_idx') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_using');

-- traditional inheritance: the children's columns are proven NOT NULL too
CREATE TABLE h_parent (id int);
CREATE TABLE h_child () INHERITS (h_parent);
INSERT INTO h_parent VALUES (1);
INSERT INTO h_child VALUES (2);
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_parent ADD PRIMARY KEY (id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_parent');
SELECT * FROM pgsafe_test.shape('h_child');

-- FOREIGN KEY with every option
CREATE TABLE h_customers (id int PRIMARY KEY, code text UNIQUE);
INSERT INTO h_customers SELECT g, 'c' || g FROM generate_series(1, 1000) g;
CREATE TABLE h_orders (id int, customer_code text);
INSERT INTO h_orders SELECT g, 'c' || g FROM generate_series(1, 1000) g;
SELECT hint FROM pgsafe_test.report($$ALTER TABLE h_orders ADD FOREIGN KEY (customer_code)
  REFERENCES h_customers (code) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL (customer_code) DEFERRABLE$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_orders');

-- CREATE INDEX, kept as written, comments included
CREATE TABLE h_docs (id int, title text);
INSERT INTO h_docs SELECT g, 't' || g FROM generate_series(1, 500) g;
SELECT hint FROM pgsafe_test.report($$CREATE INDEX ON h_docs (lower(title), -- by title
  id) WHERE id > 10 -- recent ones
$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_docs');

-- a multi-subcommand ALTER TABLE: the other subcommands are kept, in order
SELECT hint FROM pgsafe_test.report($$ALTER TABLE h_docs ADD COLUMN slug text, ADD UNIQUE (id),
  ALTER COLUMN title SET NOT NULL$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_docs');

-- two-level partitioned table: CREATE INDEX, UNIQUE, PRIMARY KEY, FOREIGN KEY
CREATE TABLE h_events (id int, at date, customer_id int) PARTITION BY RANGE (at);
CREATE TABLE h_events_2025 PARTITION OF h_events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE h_events_2026 PARTITION OF h_events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
  PARTITION BY RANGE (at);
CREATE TABLE h_events_2026_a PARTITION OF h_events_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01');
CREATE TABLE h_events_2026_b PARTITION OF h_events_2026 FOR VALUES FROM ('2026-07-01') TO ('2027-01-01');
INSERT INTO h_events SELECT g, date '2025-01-01' + g, g % 1000 + 1 FROM generate_series(0, 700) g;
SELECT hint FROM pgsafe_test.report('CREATE INDEX ON h_events (customer_id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_events ADD UNIQUE (id, at)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_events ADD PRIMARY KEY (at, id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_events ADD FOREIGN KEY (customer_id) REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT c.relname, i.indisvalid, i.indisunique, i.indisprimary
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid::regclass::text LIKE 'h_events%' ORDER BY 1;
SELECT conrelid::regclass, conname, contype, convalidated, conparentid <> 0 AS attached
  FROM pg_constraint WHERE conrelid::regclass::text LIKE 'h_events%' AND contype <> 'n'
 ORDER BY conrelid::regclass::text, conname;

-- ADD COLUMN ... UNIQUE, and ... PRIMARY KEY on a column that must be filled by hand
CREATE TABLE h_items (name text);
INSERT INTO h_items SELECT 'i' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_items ADD COLUMN sku text UNIQUE') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_items ADD COLUMN id int PRIMARY KEY') \gset
\set ECHO queries
SELECT s FROM pgsafe_test.statements(:'hint') AS s LIMIT 2 \gexec
\set ECHO all
UPDATE h_items SET id = length(name) * 1000 + substr(name, 2)::int;
\set ECHO queries
SELECT s FROM pgsafe_test.statements(:'hint') AS s OFFSET 2 \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_items');

-- ADD COLUMN ... serial PRIMARY KEY
CREATE TABLE h_serial (name text);
INSERT INTO h_serial SELECT 's' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_serial ADD COLUMN id serial PRIMARY KEY') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_serial');
SELECT pg_get_serial_sequence('h_serial', 'id'), count(DISTINCT id), min(id), max(id) FROM h_serial;
INSERT INTO h_serial (name) VALUES ('new') RETURNING id;

-- ADD COLUMN ... GENERATED AS IDENTITY PRIMARY KEY, with sequence options
CREATE TABLE h_identity (name text);
INSERT INTO h_identity SELECT 'i' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_identity ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000) PRIMARY KEY') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_identity');
SELECT attidentity, count(DISTINCT id), min(id), max(id)
  FROM h_identity, pg_attribute WHERE attrelid = 'h_identity'::regclass AND attname = 'id' GROUP BY 1;
INSERT INTO h_identity (name) VALUES ('new') RETURNING id;
SELECT count(*) FROM pg_class WHERE relname LIKE 'h_identity%seq';

-- ADD COLUMN with a volatile default and PRIMARY KEY; with a constant default and UNIQUE
CREATE TABLE h_defaults (name text);
INSERT INTO h_defaults SELECT 'd' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_defaults ADD COLUMN token text NOT NULL DEFAULT md5(random()::text) PRIMARY KEY') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
DELETE FROM h_defaults WHERE name <> 'd1';
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_defaults ADD COLUMN flag int DEFAULT 7 UNIQUE') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_defaults');
SELECT count(*), count(DISTINCT token), min(flag) FROM h_defaults;

-- ADD COLUMN ... REFERENCES: with a default, DEFAULT NULL, serial, identity, generated
CREATE TABLE h_refs (n int);
INSERT INTO h_refs SELECT generate_series(1, 300);
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_refs ADD COLUMN c1 int DEFAULT 1 REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_refs ADD COLUMN c2 int DEFAULT NULL REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_refs ADD COLUMN c3 serial REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_refs ADD COLUMN c4 int GENERATED BY DEFAULT AS IDENTITY REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_refs');
-- the identity foreign key, checked at last: values outside h_customers fail validation
CREATE TABLE h_refs_bad (n int);
INSERT INTO h_refs_bad SELECT generate_series(1, 10);
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_refs_bad ADD COLUMN c int GENERATED ALWAYS AS IDENTITY (START WITH 5000) REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'h_refs_bad'::regclass AND contype <> 'n';

-- the advice does what the statement does, not what its text seems to say
-- ONLY on an inheritance parent: a child's null stays, as it would (from
-- PostgreSQL 18 a primary key needs every child NOT NULL too: the
-- statement fails, and the hint's VALIDATE fails on the child's null)
CREATE TABLE h_only (id int);
CREATE TABLE h_only_child () INHERITS (h_only);
INSERT INTO h_only VALUES (1);
INSERT INTO h_only_child VALUES (NULL);
SELECT hint FROM pgsafe_test.report('ALTER TABLE ONLY h_only ADD PRIMARY KEY (id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_only');
SELECT * FROM pgsafe_test.shape('h_only_child');
-- PostgreSQL adds the column before the foreign key that uses it, whatever their order
CREATE TABLE h_passes (n int, b int);
INSERT INTO h_passes SELECT generate_series(1, 300), 1;
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_passes ADD FOREIGN KEY (customer_id) REFERENCES h_customers, ADD COLUMN customer_id int') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
-- comments are left out: none may swallow the rest of a statement
SELECT hint FROM pgsafe_test.report(E'ALTER TABLE h_passes\n    ADD COLUMN a int -- for X\n'
  '  , ALTER COLUMN b SET DEFAULT 5\n  , ADD UNIQUE (n) -- the key\n') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_passes');
SELECT attname, pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum
 WHERE adrelid = 'h_passes'::regclass;
CREATE TABLE h_single (name text);
INSERT INTO h_single VALUES ('only row');
SELECT hint FROM pgsafe_test.report(E'ALTER TABLE h_single ADD COLUMN id int PRIMARY KEY DEFAULT 1 -- the key\n') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_single');
-- blanks inside a literal are part of the predicate
SELECT hint FROM pgsafe_test.report($$CREATE INDEX ON h_single (name) WHERE name <> 'on  hold'$$) \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT pg_get_indexdef('h_single_name_idx'::regclass);

-- VALIDATE in the transaction that added the constraint: validated after the commit instead
CREATE TABLE h_late (customer_id int);
INSERT INTO h_late SELECT g % 100 + 1 FROM generate_series(1, 300) g;
BEGIN;
ALTER TABLE h_late ADD CONSTRAINT h_late_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES h_customers NOT VALID;
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_late VALIDATE CONSTRAINT h_late_customer_id_fkey') \gset
COMMIT;
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_late');

-- a partitioned index where one partition has a matching index already: it is attached, not built again
CREATE TABLE h_spans (id int) PARTITION BY RANGE (id);
CREATE TABLE h_spans_a PARTITION OF h_spans FOR VALUES FROM (0) TO (100);
CREATE TABLE h_spans_b PARTITION OF h_spans FOR VALUES FROM (100) TO (200);
INSERT INTO h_spans SELECT generate_series(0, 199);
CREATE INDEX CONCURRENTLY h_spans_a_own ON h_spans_a (id);
SELECT hint FROM pgsafe_test.report('CREATE INDEX h_spans_id ON h_spans (id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_spans');
SELECT c.relname, c.relname = 'h_spans_a_own' AS kept FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
 WHERE i.inhparent = 'h_spans_id'::regclass ORDER BY 1;
DROP TABLE h_spans;

-- every step of a separated form is safe itself: the serial column is backfilled, not
-- added in a rewrite, and the primary key's recipe makes it NOT NULL without a scan
CREATE TABLE h_sep (name text);
INSERT INTO h_sep SELECT 's' || g FROM generate_series(1, 300) g;
SELECT pg_relation_filenode('h_sep') AS h_sep_file \gset
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_sep ADD COLUMN n bigserial, ADD PRIMARY KEY (n)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT pg_relation_filenode('h_sep') = :h_sep_file AS not_rewritten;
SELECT * FROM pgsafe_test.shape('h_sep');
SELECT count(*), count(DISTINCT n), pg_get_serial_sequence('h_sep', 'n') FROM h_sep;
INSERT INTO h_sep (name) VALUES ('new') RETURNING n > 300 AS continues;
-- a volatile default beside UNIQUE: backfilled in batches, not a rewrite
CREATE TABLE h_uuid (k int);
INSERT INTO h_uuid SELECT generate_series(1, 300);
SELECT pg_relation_filenode('h_uuid') AS h_uuid_file \gset
SELECT hint FROM pgsafe_test.report('ALTER TABLE h_uuid ADD COLUMN u uuid DEFAULT gen_random_uuid(), ADD UNIQUE (u, k)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT pg_relation_filenode('h_uuid') = :h_uuid_file AS not_rewritten;
SELECT * FROM pgsafe_test.shape('h_uuid');
SELECT count(*), count(DISTINCT u) FROM h_uuid;
-- SET NOT NULL beside the primary key on the same column: the key's recipe proves it;
-- SET NOT NULL on another column: proven by a validated check first
CREATE TABLE h_nn (id int, code text);
INSERT INTO h_nn SELECT g, 'c' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_nn ALTER COLUMN id SET NOT NULL, ALTER COLUMN code SET NOT NULL, ADD CONSTRAINT h_nn_pkey PRIMARY KEY (id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_nn');
-- CHECK constraints beside UNIQUE: added NOT VALID and validated apart, named as PostgreSQL would
CREATE TABLE h_chk (v int, w int);
INSERT INTO h_chk SELECT g, g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_chk ADD CHECK (v > 0), ADD CONSTRAINT h_chk_sum CHECK (v + w > 0), ADD UNIQUE (v)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('h_chk');
DROP TABLE h_sep, h_uuid, h_nn, h_chk;

-- no online alternative: the hint runs the blocking step with the mode lowered for its
-- transaction (the session stays in error mode)
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_refs ADD COLUMN c5 int GENERATED ALWAYS AS (n % 1000 + 1) STORED REFERENCES h_customers') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT hint FROM pgsafe_test.report(
  'ALTER TABLE h_docs ADD CONSTRAINT h_docs_no_overlap EXCLUDE USING btree (id WITH =)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint
 WHERE conrelid IN ('h_refs'::regclass, 'h_docs'::regclass) AND conname IN ('h_refs_c5_fkey', 'h_docs_no_overlap')
 ORDER BY conname;
-- a foreign-table partition takes no index: no online path either
CREATE EXTENSION file_fdw;
CREATE SERVER h_files FOREIGN DATA WRAPPER file_fdw;
CREATE TABLE h_logs (id int) PARTITION BY RANGE (id);
CREATE TABLE h_logs_local PARTITION OF h_logs FOR VALUES FROM (0) TO (100);
CREATE FOREIGN TABLE h_logs_remote PARTITION OF h_logs FOR VALUES FROM (100) TO (200)
  SERVER h_files OPTIONS (filename '/dev/null', format 'csv');
INSERT INTO h_logs SELECT generate_series(0, 99);
SELECT hint FROM pgsafe_test.report('CREATE INDEX ON h_logs (id)') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT indexrelid::regclass, indisvalid FROM pg_index WHERE indrelid = 'h_logs'::regclass;
DROP TABLE h_logs;
DROP EXTENSION file_fdw CASCADE;

DROP TABLE h_unique, h_dups, "H Keys", h_using, h_parent, h_child, h_orders, h_docs, h_events, h_items, h_serial,
  h_identity, h_defaults, h_refs, h_refs_bad, h_only, h_only_child, h_passes, h_single, h_late, h_customers;
