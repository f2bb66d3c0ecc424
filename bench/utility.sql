-- bench/utility.sql -- the pgbench script of bench/run's utility workload: a
-- stream of the DDL a migration or a test suite sends, nearly all of it the
-- kind pgsafe inspects, one transaction per statement unless in BEGIN.
--
-- Every statement pgsafe inspects meets an empty, temporary or
-- same-transaction table, so it lets each through without a message: the
-- run measures the check, not a warning (bench/run makes sure once, with
-- pgsafe.mode = error).  Tables are created in one statement and altered in
-- the next, so that pgsafe reads their size rather than recognising a table
-- created in the same transaction.  :client_id in every name: clients never
-- touch each other's tables.
SET work_mem = '8MB';
CREATE TEMP TABLE bench_tmp_:client_id (id int, v text);
CREATE INDEX ON bench_tmp_:client_id (v);
ALTER TABLE bench_tmp_:client_id ADD PRIMARY KEY (id);
DROP TABLE bench_tmp_:client_id;
CREATE TABLE bench_ref_:client_id (id int);
ALTER TABLE bench_ref_:client_id ADD PRIMARY KEY (id);
CREATE TABLE bench_t_:client_id (id int, ref int, v text);
CREATE INDEX ON bench_t_:client_id (v);
ALTER TABLE bench_t_:client_id ADD UNIQUE (id);
ALTER TABLE bench_t_:client_id ADD FOREIGN KEY (ref) REFERENCES bench_ref_:client_id (id);
ALTER TABLE bench_t_:client_id ADD EXCLUDE (v WITH =);
ALTER TABLE bench_t_:client_id ADD COLUMN note text;
BEGIN;
CREATE TABLE bench_new_:client_id (id int, v text);
ALTER TABLE bench_new_:client_id ADD PRIMARY KEY (id);
CREATE INDEX ON bench_new_:client_id (v);
COMMIT;
DROP TABLE bench_new_:client_id, bench_t_:client_id, bench_ref_:client_id;
RESET work_mem;
