--
-- pgsafe tells nobody anything about a table they may not alter: PostgreSQL's
-- own permission error comes first, and pgsafe says nothing.
--
CREATE ROLE regress_pgsafe_owner LOGIN PASSWORD 'regress_pgsafe_owner';
CREATE ROLE regress_pgsafe_other LOGIN PASSWORD 'regress_pgsafe_other';
CREATE TABLE secret_t (a int);
INSERT INTO secret_t SELECT generate_series(1, 1000);
ALTER TABLE secret_t OWNER TO regress_pgsafe_owner;
CREATE SCHEMA hidden;
CREATE TABLE hidden.t (a int);
INSERT INTO hidden.t VALUES (1);
CREATE TABLE other_t (a int);
INSERT INTO other_t SELECT generate_series(1, 10);
ALTER TABLE other_t OWNER TO regress_pgsafe_other;
CREATE TABLE referenced_t (a int PRIMARY KEY);
INSERT INTO referenced_t SELECT generate_series(1, 10);
ALTER TABLE referenced_t OWNER TO regress_pgsafe_owner;

\c "dbname=contrib_regression user=regress_pgsafe_other password=regress_pgsafe_other"
SET pgsafe.min_table_size = 0;
ALTER TABLE secret_t ADD UNIQUE (a);
CREATE INDEX ON secret_t (a);
ALTER TABLE hidden.t ADD UNIQUE (a);
-- a foreign key to a table the role may not reference: PostgreSQL's error
ALTER TABLE other_t ADD FOREIGN KEY (a) REFERENCES referenced_t;

\c "dbname=contrib_regression user=postgres"
-- once it is granted the privileges, pgsafe speaks
GRANT REFERENCES ON referenced_t TO regress_pgsafe_other;
GRANT regress_pgsafe_owner TO regress_pgsafe_other;
\c "dbname=contrib_regression user=regress_pgsafe_other password=regress_pgsafe_other"
ALTER TABLE other_t ADD FOREIGN KEY (a) REFERENCES referenced_t;
-- building an index also takes CREATE on the schema: without it, PostgreSQL's error alone
CREATE INDEX ON secret_t (a);
ALTER TABLE secret_t ADD PRIMARY KEY (a);
\c "dbname=contrib_regression user=postgres"
GRANT CREATE ON SCHEMA public TO regress_pgsafe_other;
\c "dbname=contrib_regression user=regress_pgsafe_other password=regress_pgsafe_other"
CREATE INDEX ON secret_t (a);

\c "dbname=contrib_regression user=postgres"
REVOKE CREATE ON SCHEMA public FROM regress_pgsafe_other;
DROP TABLE secret_t, hidden.t, other_t, referenced_t;
DROP SCHEMA hidden;
DROP ROLE regress_pgsafe_owner, regress_pgsafe_other;
