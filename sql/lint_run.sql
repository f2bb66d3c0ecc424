--
-- pgsafe.check() follows what a run of scripts does before a statement:
-- the relations, indexes and schemas it creates and drops, the search path
-- it sets, the statements of its DO blocks, and what the server says while
-- it parses them.
--
CREATE SCHEMA lint_run;
SET search_path = lint_run, public;
CREATE TABLE docs (id int PRIMARY KEY, folder_id int, title text);
CREATE INDEX docs_title_idx ON docs (title);
INSERT INTO docs SELECT g, g, 't' || g FROM generate_series(1, 1000) g;

CREATE FUNCTION lint_run.findings(script text, in_transaction boolean DEFAULT true)
RETURNS TABLE (statement int, line int, col int, rule text, severity text, relation text)
LANGUAGE sql AS $$
    SELECT statement, line, col, rule, severity, relation FROM pgsafe.check(script, in_transaction)
$$;

--
-- CREATE INDEX IF NOT EXISTS of a name taken in the table's schema does
-- nothing: taken in the catalog, as the hook sees it ...
--
SELECT * FROM lint_run.findings('CREATE INDEX IF NOT EXISTS docs_title_idx ON docs (title);');
SELECT (pgsafe_test.report('CREATE INDEX IF NOT EXISTS docs_title_idx ON lint_run.docs (title)')).message IS NULL AS hook_passes;
-- ... or by an earlier statement of the run: CREATE INDEX, a constraint's
-- index (UNIQUE, PRIMARY KEY, in CREATE TABLE too), any relation.  Only
-- statement 2 builds an index.
SELECT * FROM lint_run.findings($$
CREATE INDEX docs_folder_idx ON docs (folder_id);
CREATE INDEX IF NOT EXISTS docs_folder_idx ON docs (folder_id);
ALTER TABLE docs ADD CONSTRAINT docs_title_key UNIQUE (title);
CREATE UNIQUE INDEX IF NOT EXISTS docs_title_key ON docs (title);
CREATE TABLE folders (id int, CONSTRAINT folders_pkey PRIMARY KEY (id), name text CONSTRAINT folders_name_key UNIQUE);
CREATE INDEX IF NOT EXISTS folders_name_key ON docs (title);
CREATE SEQUENCE docs_seq;
CREATE INDEX IF NOT EXISTS docs_seq ON docs (title);
$$, false);
SELECT script, statement, rule FROM pgsafe.check_migrations(
    ARRAY['CREATE INDEX docs_folder_idx ON lint_run.docs (folder_id);',
          'CREATE INDEX IF NOT EXISTS docs_folder_idx ON lint_run.docs (folder_id);'],
    ARRAY[true, true]);
-- A name freed again is free: by DROP INDEX (of the catalog's index too),
-- DROP TABLE of the index's table, ROLLBACK of the transaction that took it.
SELECT * FROM lint_run.findings($$
CREATE INDEX docs_folder_idx ON docs (folder_id);
DROP INDEX docs_folder_idx;
CREATE INDEX IF NOT EXISTS docs_folder_idx ON docs (folder_id);
DROP INDEX docs_title_idx;
CREATE INDEX IF NOT EXISTS docs_title_idx ON docs (title);
BEGIN;
CREATE INDEX docs_id_idx ON docs (id);
ROLLBACK;
CREATE INDEX IF NOT EXISTS docs_id_idx ON docs (id);
$$, false);
-- (the name is a schema's: an index of that name in another schema takes nothing)
SELECT * FROM lint_run.findings($$
CREATE TABLE public.elsewhere (a int);
CREATE INDEX docs_other_idx ON public.elsewhere (a);
CREATE INDEX IF NOT EXISTS docs_other_idx ON docs (title);
$$);

--
-- Schemas the scripts create, and the tables in them, are new.
--
SELECT * FROM lint_run.findings($$
CREATE SCHEMA app;
CREATE TABLE app.t (a int);
ALTER TABLE app.t ADD UNIQUE (a);
CREATE SCHEMA app2 CREATE TABLE t2 (a int) CREATE INDEX t2_a_idx ON t2 (a);
ALTER TABLE app2.t2 ADD PRIMARY KEY (a);
CREATE INDEX IF NOT EXISTS t2_a_idx ON app2.t2 (a);
$$);
-- A table dropped and created again by the script is new; rolled back, it is the catalog's again.
SELECT * FROM lint_run.findings($$
DROP TABLE docs;
CREATE TABLE docs (id int, folder_id int, title text);
CREATE INDEX ON docs (title);
$$, false);
SELECT * FROM lint_run.findings($$
BEGIN;
DROP TABLE docs;
CREATE TABLE docs (id int, folder_id int, title text);
ROLLBACK;
CREATE INDEX ON docs (title);
$$, false);

--
-- A validated foreign key to a table the run creates reads every row of
-- the referencing table all the same (Prisma's migration for a new table).
--
\x on
SELECT statement, rule, relation, message, safe_sql FROM pgsafe.check($$
CREATE TABLE "Folder" ("id" TEXT NOT NULL, CONSTRAINT "Folder_pkey" PRIMARY KEY ("id"));
ALTER TABLE docs ADD COLUMN "folderId" TEXT;
ALTER TABLE docs ADD CONSTRAINT "docs_folderId_fkey" FOREIGN KEY ("folderId") REFERENCES "Folder"("id") ON DELETE SET NULL ON UPDATE CASCADE;
$$);
\x off
-- ... in an earlier script of the run, through ADD COLUMN ... REFERENCES
-- with a DEFAULT, and in a schema the run creates; NOT VALID is safe, and
-- a permanent table's key to a temporary table is refused by PostgreSQL.
SELECT script, statement, rule, relation FROM pgsafe.check_migrations(ARRAY[
    'CREATE TABLE folders (id int PRIMARY KEY); CREATE SCHEMA app; CREATE TABLE app.f (id int PRIMARY KEY);',
    'ALTER TABLE docs ADD FOREIGN KEY (folder_id) REFERENCES folders;
     ALTER TABLE docs ADD COLUMN f2 int DEFAULT 0 REFERENCES folders, ADD COLUMN f3 int REFERENCES folders;
     ALTER TABLE docs ADD FOREIGN KEY (folder_id) REFERENCES app.f;
     ALTER TABLE docs ADD FOREIGN KEY (folder_id) REFERENCES folders NOT VALID;
     CREATE TEMP TABLE scratch (id int PRIMARY KEY);
     ALTER TABLE docs ADD FOREIGN KEY (folder_id) REFERENCES scratch;'],
    ARRAY[true, true]);
-- A foreign key to a table that exists nowhere: unknown, naming that table,
-- when the key would be validated.
SELECT statement, rule, severity, relation, message, detail FROM pgsafe.check($$
ALTER TABLE docs ADD CONSTRAINT docs_nowhere_fkey FOREIGN KEY (folder_id) REFERENCES nowhere (id);
ALTER TABLE docs ADD COLUMN f4 int DEFAULT 1 REFERENCES app.nowhere;
ALTER TABLE docs ADD FOREIGN KEY (folder_id) REFERENCES nowhere NOT VALID;
ALTER TABLE docs ADD COLUMN f5 int REFERENCES nowhere;
$$);

--
-- SET search_path: later names resolve as PostgreSQL resolves them then.
-- SET LOCAL ends with its transaction, a ROLLBACK undoes SET, RESET goes
-- back to the session's default; a schema the path names may be created
-- later in the run.
--
CREATE SCHEMA lint_run_other;
CREATE TABLE lint_run_other.big (a int);
INSERT INTO lint_run_other.big VALUES (1);
SHOW search_path;
SELECT statement, rule, relation FROM pgsafe.check($$
ALTER TABLE big ADD UNIQUE (a);
SET search_path TO lint_run_other, public;
ALTER TABLE big ADD UNIQUE (a);
RESET search_path;
CREATE INDEX ON big (a);
BEGIN;
SET LOCAL search_path = lint_run_other;
CREATE INDEX ON big (a);
COMMIT;
CREATE INDEX ON big (a);
SET search_path = lint_run_other;
BEGIN;
SET search_path = public;
ROLLBACK;
CREATE INDEX ON big (a);
SET SCHEMA 'lint_run';
CREATE INDEX ON docs (title);
SET search_path = lint_run_new, lint_run_other;
CREATE SCHEMA lint_run_new;
CREATE TABLE big (a int);
CREATE INDEX ON big (a);
$$, false);
-- ... and nothing of it stays in the caller's session.
SHOW search_path;
-- A SET of one migration holds for the next, as in one session; SET LOCAL
-- ends with the migration's transaction.
SELECT script, statement, rule, relation FROM pgsafe.check_migrations(
    ARRAY['SET search_path = lint_run_other;', 'CREATE INDEX ON big (a);',
          'SET LOCAL search_path = lint_run;', 'CREATE INDEX ON big (a); CREATE INDEX ON docs (title);'],
    ARRAY[true, true, true, true]);
SHOW search_path;

--
-- unknown-relation is an error: pgsafe cannot vouch for a statement it
-- would check on a relation it cannot see.  Against a database without the
-- schema (here: none this role can see), it says so.
--
CREATE ROLE regress_lint_run_nobody;
SET ROLE regress_lint_run_nobody;
SELECT rule, severity, message, detail, hint FROM pgsafe.check('ALTER TABLE lint_run.docs ADD UNIQUE (title);');
RESET ROLE;
DROP ROLE regress_lint_run_nobody;
SELECT rule, severity, hint FROM pgsafe.check('ALTER TABLE lint_run.nowhere ADD UNIQUE (title);');

--
-- DO blocks in PL/pgSQL: their plain statements, and EXECUTE of a string
-- constant, are checked where they are in the body; they run in a
-- function, in the script's transaction.  Drizzle's foreign key first.
--
SELECT statement, line, col, rule, relation, statement_text FROM pgsafe.check($$
CREATE TABLE "public"."Team" ("id" serial PRIMARY KEY);
DO $do$ BEGIN
 ALTER TABLE "docs" ADD CONSTRAINT "docs_team_fk" FOREIGN KEY ("folder_id") REFERENCES "public"."Team"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $do$;
$$);
-- Control statements, a quoted body (positions follow its doubled quotes),
-- EXECUTE of a constant but not of an expression, a label, a cursor loop
SELECT statement, line, col, rule, statement_text FROM pgsafe.check($q$
DO 'BEGIN IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = ''docs_t'') THEN CREATE INDEX docs_t ON docs (title); END IF; END';
DO $$
<<outer>>
DECLARE
    r record;
BEGIN
    FOR r IN SELECT id FROM docs LOOP
        EXIT;
    END LOOP;
    EXECUTE 'ALTER TABLE docs ADD UNIQUE (title)';
    EXECUTE 'CREATE INDEX ON docs (' || 'id)';
    CASE WHEN true THEN
        ALTER TABLE docs ADD PRIMARY KEY (id, title);
    END CASE;
END $$ LANGUAGE plpgsql;
$q$, false);
-- The advice knows CONCURRENTLY cannot run in the function
SELECT hint FROM pgsafe.check($$DO $b$ BEGIN CREATE INDEX ON docs (title); END $b$;$$, false);
-- CONCURRENTLY in a DO block fails, in a transaction or not
SELECT in_transaction, statement, col, rule, message, hint
  FROM (VALUES (false), (true)) AS t(in_transaction),
       pgsafe.check($$DO $b$ BEGIN CREATE INDEX CONCURRENTLY ON docs (title); END $b$;$$, in_transaction);
-- What a block creates and sets holds after it; its locks last its transaction
SELECT statement, rule, relation FROM pgsafe.check($$
DO $b$ BEGIN
    CREATE TABLE made_in_do (a int);
    SET search_path = lint_run_other;
END $b$;
CREATE INDEX ON lint_run.made_in_do (a);
CREATE INDEX ON big (a);
DO $b$ BEGIN
    ALTER TABLE lint_run.docs ADD CONSTRAINT docs_id_positive CHECK (id > 0) NOT VALID;
    ALTER TABLE lint_run.docs VALIDATE CONSTRAINT docs_id_positive;
END $b$;
$$, false);
-- A suppression before the block applies to its statements; one inside it
-- to the statement it precedes or ends the line of.
SELECT statement, line, rule, suppressed FROM pgsafe.check($q$
-- pgsafe:ignore create-index 200 rows, reviewed
DO $b$ BEGIN CREATE INDEX ON docs (title); END $b$;
DO $b$ BEGIN
    -- pgsafe:ignore create-index built at night
    CREATE INDEX ON docs (id);
    CREATE INDEX ON docs (folder_id); -- pgsafe:ignore create-index same line
    CREATE INDEX ON docs (id, title);
    -- pgsafe:ignore unique-constraint nothing to suppress here
    PERFORM 1;
END $b$; -- pgsafe:ignore create-index after the block
$q$);
-- A quoted identifier is no word of PL/pgSQL: "then" does not end the IF's
-- condition.  Declarations are no statements: lock is a variable.
-- REINDEX CONCURRENTLY fails in a function too.
SELECT statement, line, col, rule, message, statement_text FROM pgsafe.check($q$
DO $$
DECLARE
    "then" int := 1;
    lock int;
BEGIN
    IF "then" > 0 THEN CREATE INDEX ON docs (title); END IF;
    REINDEX INDEX CONCURRENTLY docs_title_idx;
END $$;
$q$, false);
-- Another language's body is not read
SELECT count(*) FROM pgsafe.check($$DO LANGUAGE sql $b$CREATE INDEX ON docs (title)$b$;$$, false);

--
-- What the server says while it parses a script is a finding where it
-- applies, not a NOTICE to the client: an identifier it truncates, in a
-- statement, in a DO block and in a string it EXECUTEs; a WARNING that
-- has a position of its own.  A suppression takes it like any finding.
--
SELECT statement, line, col, rule, severity, message, detail, suppressed FROM pgsafe.check($q$
CREATE TABLE t_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a int);
DO $$ BEGIN
    PERFORM 1 AS c_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb;
    -- pgsafe:ignore server-notice the name is cut on purpose
    CREATE INDEX i_dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd ON t_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a);
    EXECUTE 'CREATE TABLE t_cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc (a int)';
END $$;
$q$, false);
SET standard_conforming_strings = off;
SET escape_string_warning = on;
SELECT statement, line, col, rule, severity, message FROM pgsafe.check($q$SELECT 1;
SELECT 'é', 'a\b';$q$);
RESET standard_conforming_strings;
RESET escape_string_warning;
-- It is a warning: pgsafe-lint --severity=error passes a script with a long name
SELECT count(*) FILTER (WHERE severity = 'error') AS errors FROM pgsafe.check('CREATE TABLE t_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (a int);');
