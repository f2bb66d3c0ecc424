--
-- ALTER COLUMN ... TYPE: alter-column-type (a rewrite), alter-column-type-index
-- (indexes built again without a rewrite), alter-column-type-check (CHECK
-- constraints validated again without a rewrite).
--
-- Decided as PostgreSQL decides it, without planning any expression:
-- binary-coercible changes, widened typmods, unconstrained domains and
-- timestamp <-> timestamptz under a UTC TimeZone are made in place.  The
-- ground truth at the end checks every case against PostgreSQL.
--
-- 18 adds NOT NULL constraints NOT VALID, which the recipe uses
-- (expected/alter_column_type_1.out)
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
CREATE DOMAIN act_free AS int;
CREATE DOMAIN act_positive AS int CHECK (VALUE > 0);
CREATE TABLE act (
    id int NOT NULL,
    v varchar(10),
    n numeric(10,2),
    ts timestamp,
    tz timestamptz,
    b varbit(5),
    t text,
    arr varchar(10)[],
    i int,
    c text,
    e text,
    ck int CHECK (ck >= 0),
    ti time(2),
    iv interval(2)
);
CREATE INDEX act_c ON act (c);
CREATE INDEX act_e ON act (lower(e));
CREATE INDEX act_t ON act (t text_pattern_ops);
INSERT INTO act SELECT g, 'v' || g, g, '2026-01-01', '2026-01-01', B'1', 't', '{a}', g, 'c', 'e', 1, '12:00', '1 hour'
  FROM generate_series(1, 200) g;
-- the same, for the ground truth at the end
CREATE TABLE gt_act (LIKE act INCLUDING ALL);
INSERT INTO gt_act SELECT * FROM act;

-- one rule name per statement, or nothing
CREATE FUNCTION act_rules(statement text) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(rule, ', ' ORDER BY rule), '-') FROM pgsafe.check(statement, false)
$$;
SET TimeZone = 'UTC';
SELECT s AS statement, act_rules(s) AS rules FROM (VALUES
    -- in place: not flagged
    ('ALTER TABLE act ALTER COLUMN v TYPE varchar(20)'),
    ('ALTER TABLE act ALTER COLUMN v TYPE varchar'),
    ('ALTER TABLE act ALTER COLUMN v TYPE text'),
    ('ALTER TABLE act ALTER COLUMN t TYPE varchar'),
    ('ALTER TABLE act ALTER COLUMN n TYPE numeric(12,2)'),
    ('ALTER TABLE act ALTER COLUMN n TYPE numeric'),
    ('ALTER TABLE act ALTER COLUMN ts TYPE timestamptz'),
    ('ALTER TABLE act ALTER COLUMN tz TYPE timestamp'),
    ('ALTER TABLE act ALTER COLUMN ti TYPE time(4)'),
    ('ALTER TABLE act ALTER COLUMN iv TYPE interval(4)'),
    ('ALTER TABLE act ALTER COLUMN b TYPE varbit(10)'),
    ('ALTER TABLE act ALTER COLUMN i TYPE act_free'),
    ('ALTER TABLE act ALTER COLUMN i TYPE int USING i'),
    ('ALTER TABLE act ALTER COLUMN i TYPE int USING act.i'),
    ('ALTER TABLE act ALTER COLUMN v TYPE varchar(20) USING v::varchar(20)'),
    ('ALTER TABLE act ALTER COLUMN v TYPE text USING v COLLATE "C"'),
    ('ALTER TABLE act ALTER COLUMN c TYPE varchar'),
    ('ALTER TABLE act ALTER COLUMN id TYPE int'),
    -- rewrites
    ('ALTER TABLE act ALTER COLUMN v TYPE varchar(5)'),
    ('ALTER TABLE act ALTER COLUMN t TYPE varchar(5)'),
    ('ALTER TABLE act ALTER COLUMN n TYPE numeric(12,3)'),
    ('ALTER TABLE act ALTER COLUMN ts TYPE timestamp(3)'),
    ('ALTER TABLE act ALTER COLUMN ti TYPE time(1)'),
    ('ALTER TABLE act ALTER COLUMN b TYPE varbit(2)'),
    ('ALTER TABLE act ALTER COLUMN arr TYPE varchar(20)[]'),
    ('ALTER TABLE act ALTER COLUMN arr TYPE text[]'),
    ('ALTER TABLE act ALTER COLUMN i TYPE bigint'),
    ('ALTER TABLE act ALTER COLUMN i TYPE act_positive'),
    ('ALTER TABLE act ALTER COLUMN i TYPE int USING i + 0'),
    ('ALTER TABLE act ALTER COLUMN i TYPE int USING 0'),
    ('ALTER TABLE act ALTER COLUMN i TYPE int USING id'),
    ('ALTER TABLE act ALTER COLUMN v TYPE varchar(20) USING v::varchar(5)'),
    ('ALTER TABLE act ALTER COLUMN id TYPE bigint'),
    -- in place, but indexes built again
    ('ALTER TABLE act ALTER COLUMN c TYPE text COLLATE "C"'),
    ('ALTER TABLE act ALTER COLUMN t TYPE text COLLATE "C"'),
    ('ALTER TABLE act ALTER COLUMN e TYPE text'),
    -- in place, but the check validated again
    ('ALTER TABLE act ALTER COLUMN ck TYPE int'),
    ('ALTER TABLE act ALTER COLUMN ck TYPE act_free'),
    -- refused by PostgreSQL: nothing to say
    ('ALTER TABLE act ALTER COLUMN nosuch TYPE int'),
    ('ALTER TABLE act ALTER COLUMN i TYPE nosuchtype'),
    ('ALTER TABLE act ALTER COLUMN ts TYPE int')
  ) AS x(s);
-- the session's TimeZone decides timestamp <-> timestamptz
SET TimeZone = 'Europe/Berlin';
SELECT act_rules('ALTER TABLE act ALTER COLUMN ts TYPE timestamptz');
SELECT act_rules('ALTER TABLE act ALTER COLUMN tz TYPE timestamp');
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN ts TYPE timestamptz');
RESET TimeZone;

-- the messages
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN i TYPE bigint');
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN i TYPE int USING i + 0');
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN e TYPE text');
SELECT message, detail FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN ck TYPE int');
-- in warn mode the statement runs, with the warning
SET pgsafe.mode = warn;
BEGIN;
ALTER TABLE act ALTER COLUMN i TYPE bigint;
ROLLBACK;
-- in a function
CREATE FUNCTION act_widen() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER TABLE act ALTER COLUMN i TYPE bigint;
END
$$;
BEGIN;
SELECT act_widen();
ROLLBACK;
RESET pgsafe.mode;

-- the hints, executed: a narrower varchar becomes a CHECK on the length
SELECT hint FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN v TYPE varchar(5)') \gset
\echo :hint
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(*) FROM act WHERE char_length(v) > 5;
INSERT INTO act (id, v) VALUES (0, 'toolong');
SELECT * FROM pgsafe_test.shape('act') WHERE object LIKE '%length%';
ALTER TABLE act DROP CONSTRAINT act_v_length;

-- expand and contract, with the NOT NULL, the default and the quoted names carried over
CREATE TABLE "Act Orders" ("Id" serial, "Amount" int NOT NULL DEFAULT 7, note text);
INSERT INTO "Act Orders" ("Amount", note) SELECT g, 'n' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE "Act Orders" ALTER COLUMN "Amount" TYPE bigint') \gset
\echo :hint
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT format_type(atttypid, atttypmod), attnotnull, pg_get_expr(adbin, adrelid)
  FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
 WHERE attrelid = '"Act Orders"'::regclass AND attname = 'Amount';
SELECT count(*), sum("Amount") FROM "Act Orders";
SELECT * FROM pgsafe_test.shape('"Act Orders"');
SELECT count(*) FROM pg_trigger WHERE tgrelid = '"Act Orders"'::regclass;

-- a USING expression: the trigger and the backfill compute it
CREATE TABLE act_codes (id int, code text);
INSERT INTO act_codes SELECT g, g::text FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report('ALTER TABLE act_codes ALTER COLUMN code TYPE int USING code::int * 10') \gset
\echo :hint
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
INSERT INTO act_codes VALUES (301, 3010);
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'act_codes'::regclass AND attname = 'code';
SELECT count(*), sum(code), bool_and(code = id * 10) FROM act_codes;

-- columns named like the fill's PL/pgSQL variables or FOUND, and a USING
-- expression with a dollar-quoted constant: the bodies still run
CREATE TABLE act_books (id int, pages int, found int, title text);
INSERT INTO act_books SELECT g, g, g % 2, 'b' || g FROM generate_series(1, 300) g;
SELECT hint FROM pgsafe_test.report($q$ALTER TABLE act_books ALTER COLUMN title TYPE text USING title || $$-$$ || (pages + found)$q$) \gset
\echo :hint
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT count(*), count(*) FILTER (WHERE title = 'b' || id || '-' || (pages + found)) AS filled FROM act_books;
DROP TABLE act_books;

-- in place but an index built again: dropped and built concurrently around it
SELECT hint FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN c TYPE text COLLATE "C"') \gset
\echo :hint
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('act') WHERE object = 'index act_c';
SELECT collname FROM pg_attribute JOIN pg_collation c ON c.oid = attcollation
 WHERE attrelid = 'act'::regclass AND attname = 'c';

-- in place but a check validated again: added back NOT VALID, validated apart
SELECT hint FROM pgsafe_test.report('ALTER TABLE act ALTER COLUMN ck TYPE act_free') \gset
\echo :hint
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT * FROM pgsafe_test.shape('act') WHERE object LIKE 'constraint act_ck%';

-- a unique constraint's index built again: no online path
CREATE TABLE act_keys (k text UNIQUE);
INSERT INTO act_keys SELECT 'k' || g FROM generate_series(1, 100) g;
\x on
SELECT rule, hint, safe_sql FROM pgsafe.check('ALTER TABLE act_keys ALTER COLUMN k TYPE text COLLATE "C"', false);
-- a primary key: the swap does not apply
SELECT rule, hint, safe_sql FROM pgsafe.check('ALTER TABLE act ALTER COLUMN id TYPE bigint', false);
SET pgsafe.mode = off;
ALTER TABLE act ADD PRIMARY KEY (id);
RESET pgsafe.mode;
SELECT rule, hint, safe_sql FROM pgsafe.check('ALTER TABLE act ALTER COLUMN id TYPE bigint', false);
\x off

-- partitioned: every partition is rewritten; the key column cannot be altered
CREATE TABLE act_p (id int, k int, v varchar(10)) PARTITION BY RANGE (k);
CREATE TABLE act_p1 PARTITION OF act_p FOR VALUES FROM (0) TO (100);
CREATE TABLE act_p2 PARTITION OF act_p FOR VALUES FROM (100) TO (1000);
INSERT INTO act_p SELECT g, g, 'v' FROM generate_series(1, 500) g;
SELECT rule, message, detail FROM pgsafe.check('ALTER TABLE act_p ALTER COLUMN id TYPE bigint', false);
SELECT act_rules('ALTER TABLE act_p ALTER COLUMN v TYPE varchar(20)');
SELECT act_rules('ALTER TABLE act_p ALTER COLUMN k TYPE bigint');
-- a partition's inherited column cannot be altered alone
SELECT act_rules('ALTER TABLE act_p1 ALTER COLUMN id TYPE bigint');
SELECT hint FROM pgsafe_test.report('ALTER TABLE act_p ALTER COLUMN id TYPE bigint') \gset
\set ECHO queries
SELECT pgsafe_test.statements(:'hint') \gexec
\set ECHO all
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'act_p2'::regclass AND attname = 'id';
SELECT count(*), sum(id) FROM act_p;

-- inheritance: the children are rewritten too; ONLY is refused with children
CREATE TABLE act_parent (id int, v int);
CREATE TABLE act_child () INHERITS (act_parent);
INSERT INTO act_parent SELECT g, g FROM generate_series(1, 100) g;
INSERT INTO act_child SELECT g, g FROM generate_series(1, 100) g;
SELECT rule, detail FROM pgsafe.check('ALTER TABLE act_parent ALTER COLUMN v TYPE bigint', false);
SELECT act_rules('ALTER TABLE ONLY act_parent ALTER COLUMN v TYPE bigint');
SELECT act_rules('ALTER TABLE ONLY act_codes ALTER COLUMN id TYPE bigint');
-- a view on the column: PostgreSQL refuses
CREATE VIEW act_view AS SELECT v FROM act_parent;
SELECT act_rules('ALTER TABLE act_parent ALTER COLUMN v TYPE bigint');
DROP VIEW act_view;
-- empty and new tables are not flagged
CREATE TABLE act_empty (i int);
SELECT act_rules('ALTER TABLE act_empty ALTER COLUMN i TYPE bigint');
BEGIN;
CREATE TABLE act_new (i int);
INSERT INTO act_new VALUES (1);
ALTER TABLE act_new ALTER COLUMN i TYPE bigint;
COMMIT;

-- ground truth: what PostgreSQL does, against what pgsafe says
SET pgsafe.mode = off;
SET TimeZone = 'UTC';
SELECT statement, (pgsafe_test.ground_truth('gt_act', statement)).*
  FROM (VALUES
    ('ALTER TABLE gt_act ALTER COLUMN v TYPE varchar(20)'),
    ('ALTER TABLE gt_act ALTER COLUMN v TYPE text'),
    ('ALTER TABLE gt_act ALTER COLUMN t TYPE varchar'),
    ('ALTER TABLE gt_act ALTER COLUMN n TYPE numeric(12,2)'),
    ('ALTER TABLE gt_act ALTER COLUMN n TYPE numeric'),
    ('ALTER TABLE gt_act ALTER COLUMN ts TYPE timestamptz'),
    ('ALTER TABLE gt_act ALTER COLUMN tz TYPE timestamp'),
    ('ALTER TABLE gt_act ALTER COLUMN ti TYPE time(4)'),
    ('ALTER TABLE gt_act ALTER COLUMN iv TYPE interval(4)'),
    ('ALTER TABLE gt_act ALTER COLUMN b TYPE varbit(10)'),
    ('ALTER TABLE gt_act ALTER COLUMN i TYPE act_free'),
    ('ALTER TABLE gt_act ALTER COLUMN i TYPE int USING i'),
    ('ALTER TABLE gt_act ALTER COLUMN v TYPE varchar(20) USING v::varchar(20)'),
    ('ALTER TABLE gt_act ALTER COLUMN v TYPE text USING v COLLATE "C"'),
    ('ALTER TABLE gt_act ALTER COLUMN c TYPE varchar'),
    ('ALTER TABLE gt_act ALTER COLUMN v TYPE varchar(5)'),
    ('ALTER TABLE gt_act ALTER COLUMN t TYPE varchar(5)'),
    ('ALTER TABLE gt_act ALTER COLUMN n TYPE numeric(12,3)'),
    ('ALTER TABLE gt_act ALTER COLUMN ts TYPE timestamp(3)'),
    ('ALTER TABLE gt_act ALTER COLUMN ti TYPE time(1)'),
    ('ALTER TABLE gt_act ALTER COLUMN b TYPE varbit(2)'),
    ('ALTER TABLE gt_act ALTER COLUMN arr TYPE varchar(20)[]'),
    ('ALTER TABLE gt_act ALTER COLUMN arr TYPE text[]'),
    ('ALTER TABLE gt_act ALTER COLUMN i TYPE bigint'),
    ('ALTER TABLE gt_act ALTER COLUMN i TYPE act_positive'),
    ('ALTER TABLE gt_act ALTER COLUMN i TYPE int USING i + 0'),
    ('ALTER TABLE gt_act ALTER COLUMN i TYPE int USING id'),
    ('ALTER TABLE gt_act ALTER COLUMN v TYPE varchar(20) USING v::varchar(5)'),
    ('ALTER TABLE gt_act ALTER COLUMN id TYPE bigint'),
    ('ALTER TABLE gt_act ALTER COLUMN c TYPE text COLLATE "C"'),
    ('ALTER TABLE gt_act ALTER COLUMN t TYPE text COLLATE "C"'),
    ('ALTER TABLE gt_act ALTER COLUMN e TYPE text'),
    ('ALTER TABLE gt_act ALTER COLUMN ck TYPE int'),
    ('ALTER TABLE gt_act ALTER COLUMN ck TYPE act_free')
  ) AS c(statement);
SELECT statement, (pgsafe_test.ground_truth(watch, statement)).*
  FROM (VALUES
    ('act_p', 'ALTER TABLE act_p ALTER COLUMN id TYPE int'),
    ('act_p', 'ALTER TABLE act_p ALTER COLUMN v TYPE varchar(20)'),
    ('act_parent', 'ALTER TABLE act_parent ALTER COLUMN v TYPE bigint'),
    ('act_keys', 'ALTER TABLE act_keys ALTER COLUMN k TYPE text COLLATE "C"')
  ) AS c(watch, statement);
SET TimeZone = 'Europe/Berlin';
SELECT statement, (pgsafe_test.ground_truth('gt_act', statement)).*
  FROM (VALUES
    ('ALTER TABLE gt_act ALTER COLUMN ts TYPE timestamptz'),
    ('ALTER TABLE gt_act ALTER COLUMN tz TYPE timestamp')
  ) AS c(statement);
RESET TimeZone;
RESET pgsafe.mode;
DROP TABLE act, gt_act, "Act Orders", act_codes, act_keys, act_p, act_parent, act_child, act_empty, act_new;
DROP FUNCTION act_rules(text), act_widen();
DROP DOMAIN act_free, act_positive;
