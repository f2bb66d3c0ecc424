--
-- Statements reach the hook from every route: DO blocks, EXECUTE in
-- PL/pgSQL, SQL and PL/pgSQL functions, procedures.  Inside them CREATE
-- INDEX CONCURRENTLY is impossible, and the hint says so.
--
-- From PostgreSQL 18 the advice proves key columns NOT NULL with a NOT NULL
-- constraint NOT VALID, before it with a CHECK: expected/routes_1.out holds
-- 18's output, and this line keeps each expected file to its versions.
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
CREATE TABLE routes_t (a int, b int);
INSERT INTO routes_t SELECT g, g FROM generate_series(1, 100) g;

DO $$ BEGIN ALTER TABLE routes_t ADD UNIQUE (a); END $$;
ALTER TABLE routes_t DROP CONSTRAINT routes_t_a_key;
DO $$ BEGIN EXECUTE format('CREATE INDEX ON %I (b)', 'routes_t'); END $$;
DROP INDEX routes_t_b_idx;

CREATE FUNCTION routes_sql() RETURNS void LANGUAGE sql AS $$ ALTER TABLE routes_t ADD PRIMARY KEY (a) $$;
SELECT routes_sql();
ALTER TABLE routes_t DROP CONSTRAINT routes_t_pkey;

CREATE FUNCTION routes_plpgsql() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE UNIQUE INDEX routes_t_b_key ON routes_t (b);
END
$$;
SELECT routes_plpgsql();
DROP INDEX routes_t_b_key;

CREATE PROCEDURE routes_procedure() LANGUAGE plpgsql AS $$
BEGIN
    ALTER TABLE routes_t ADD CONSTRAINT routes_t_b_key UNIQUE (b);
    COMMIT;
    ALTER TABLE routes_t DROP CONSTRAINT routes_t_b_key;
END
$$;
CALL routes_procedure();

-- error mode rejects it from every route alike
SET pgsafe.mode = error;
DO $$ BEGIN ALTER TABLE routes_t ADD UNIQUE (a); END $$;
SELECT routes_sql();
SELECT routes_plpgsql();
CALL routes_procedure();
RESET pgsafe.mode;
SELECT * FROM pgsafe_test.shape('routes_t');

DROP FUNCTION routes_sql(), routes_plpgsql();
DROP PROCEDURE routes_procedure();
DROP TABLE routes_t;
