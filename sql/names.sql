--
-- The names in a hint are the ones PostgreSQL itself chooses: checked here by
-- running each statement for real and comparing.  Long names are truncated to
-- 63 bytes as PostgreSQL does (the longer of table and column names loses
-- most), never inside a multibyte character, and a taken name gets 1, 2, ...
--
-- pgsafe_test.pgsafe_name() takes the name from the hint's first
-- CONCURRENTLY / ADD CONSTRAINT statement; the statement then runs with
-- pgsafe off and PostgreSQL's pick is read back from the catalog.
--
CREATE FUNCTION pgsafe_test.pgsafe_name(statement text) RETURNS text
LANGUAGE sql AS $$
    SELECT coalesce(substring(hint FROM 'CONCURRENTLY (?:IF NOT EXISTS )?("(?:[^"]|"")+"|[^ ]+) ON'),
                    substring(hint FROM 'ADD CONSTRAINT ("(?:[^"]|"")+"|[^ ]+) FOREIGN KEY'))
      FROM pgsafe_test.report(statement)
$$;
CREATE FUNCTION pgsafe_test.new_names(tab regclass) RETURNS SETOF text
LANGUAGE sql AS $$
    SELECT quote_ident(conname) FROM pg_constraint WHERE conrelid = tab AND contype IN ('u', 'p', 'f')
    UNION
    SELECT quote_ident(relname) FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid
     WHERE indrelid = tab
$$;

CREATE TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (
    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb int, c int, d int);
INSERT INTO aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa VALUES (1, 1, 1);

SELECT pgsafe_test.pgsafe_name('ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  ADD UNIQUE (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, c)') AS hint_name \gset
SET pgsafe.mode = off;
ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  ADD UNIQUE (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, c);
RESET pgsafe.mode;
SELECT :'hint_name' AS hint_name, octet_length(:'hint_name'),
       :'hint_name' IN (SELECT pgsafe_test.new_names('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')) AS same_as_postgresql;

-- the same again: the name is taken, so it gets a 1 (and the label is never truncated)
SELECT pgsafe_test.pgsafe_name('ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  ADD UNIQUE (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, c)') AS hint_name \gset
SET pgsafe.mode = off;
ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  ADD UNIQUE (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, c);
RESET pgsafe.mode;
SELECT :'hint_name' AS hint_name,
       :'hint_name' IN (SELECT pgsafe_test.new_names('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')) AS same_as_postgresql;

-- foreign key, primary key and index names, with a long table name
CREATE TABLE ref (id int PRIMARY KEY);
INSERT INTO ref VALUES (1);
SELECT pgsafe_test.pgsafe_name('ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  ADD FOREIGN KEY (d) REFERENCES ref') AS fk_name \gset
SET pgsafe.mode = off;
ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ADD FOREIGN KEY (d) REFERENCES ref;
RESET pgsafe.mode;
SELECT :'fk_name' AS hint_name,
       :'fk_name' IN (SELECT pgsafe_test.new_names('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')) AS same_as_postgresql;
SELECT pgsafe_test.pgsafe_name('ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  ADD PRIMARY KEY (d)') AS hint_name \gset
SET pgsafe.mode = off;
ALTER TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ADD PRIMARY KEY (d);
RESET pgsafe.mode;
SELECT :'hint_name' AS hint_name,
       :'hint_name' IN (SELECT pgsafe_test.new_names('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')) AS same_as_postgresql;
-- an index on an expression, with a duplicated column name
SELECT pgsafe_test.pgsafe_name('CREATE INDEX ON aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (c, (c + 1), c, lower(d::text))') AS hint_name \gset
SET pgsafe.mode = off;
CREATE INDEX ON aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa (c, (c + 1), c, lower(d::text));
RESET pgsafe.mode;
SELECT :'hint_name' AS hint_name,
       :'hint_name' IN (SELECT pgsafe_test.new_names('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')) AS same_as_postgresql;

-- multibyte names: truncated at a character boundary, and quoted
CREATE TABLE "ééééééééééééééééééééééééééééééé" ("üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü" int);
INSERT INTO "ééééééééééééééééééééééééééééééé" VALUES (1);
SELECT pgsafe_test.pgsafe_name('ALTER TABLE "ééééééééééééééééééééééééééééééé"
  ADD UNIQUE ("üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü")') AS hint_name \gset
SET pgsafe.mode = off;
ALTER TABLE "ééééééééééééééééééééééééééééééé" ADD UNIQUE ("üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü");
RESET pgsafe.mode;
SELECT :'hint_name' AS hint_name, octet_length(:'hint_name'),
       :'hint_name' IN (SELECT pgsafe_test.new_names('"ééééééééééééééééééééééééééééééé"')) AS same_as_postgresql;

-- a name that collides with a constraint elsewhere in the schema
CREATE TABLE other_table (x int CONSTRAINT coll_x_key CHECK (x > 0));
CREATE TABLE coll (x int);
INSERT INTO coll VALUES (1);
SELECT pgsafe_test.pgsafe_name('ALTER TABLE coll ADD UNIQUE (x)') AS hint_name \gset
SET pgsafe.mode = off;
ALTER TABLE coll ADD UNIQUE (x);
RESET pgsafe.mode;
SELECT :'hint_name' AS hint_name,
       :'hint_name' IN (SELECT pgsafe_test.new_names('coll')) AS same_as_postgresql;

DROP TABLE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, ref, "ééééééééééééééééééééééééééééééé",
  other_table, coll;
DROP FUNCTION pgsafe_test.pgsafe_name(text), pgsafe_test.new_names(regclass);
