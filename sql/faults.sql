--
-- Transactions in unusual states: pgsafe stays out of PostgreSQL's way.
--
CREATE TABLE faults_t (a int, b int);
INSERT INTO faults_t SELECT g, g FROM generate_series(1, 100) g;
SET pgsafe.mode = error;

-- an aborted transaction: PostgreSQL's own error, pgsafe says nothing
BEGIN;
SELECT 1 / 0;
ALTER TABLE faults_t ADD UNIQUE (a);
ROLLBACK;

-- rejected inside a subtransaction: ROLLBACK TO SAVEPOINT recovers as from
-- any error, and the transaction goes on
BEGIN;
INSERT INTO faults_t VALUES (101, 101);
SAVEPOINT before_ddl;
ALTER TABLE faults_t ADD UNIQUE (a);
ROLLBACK TO SAVEPOINT before_ddl;
ALTER TABLE faults_t ADD COLUMN c int;
COMMIT;
SELECT count(*), count(c) FROM faults_t;
SELECT * FROM pgsafe_test.shape('faults_t');

-- warned inside a subtransaction rolled back: the constraint goes with it
SET pgsafe.mode = warn;
BEGIN;
SAVEPOINT s;
ALTER TABLE faults_t ADD UNIQUE (a);
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT * FROM pgsafe_test.shape('faults_t');
SET pgsafe.mode = error;

-- several statements in one query string form one implicit transaction:
-- a rejection undoes the statements before it too
CREATE TABLE faults_new (a int) \; ALTER TABLE faults_t ADD UNIQUE (a) \; DROP TABLE faults_t;
SELECT to_regclass('faults_new') IS NULL AS not_created, to_regclass('faults_t') IS NOT NULL AS kept;

-- a read-only transaction: PostgreSQL refuses first
BEGIN READ ONLY;
ALTER TABLE faults_t ADD UNIQUE (a);
ROLLBACK;

-- a table dropped and created again in the same transaction is new
BEGIN;
DROP TABLE faults_t;
CREATE TABLE faults_t (a int);
INSERT INTO faults_t SELECT generate_series(1, 100);
ALTER TABLE faults_t ADD UNIQUE (a);
ROLLBACK;
SELECT count(*) FROM faults_t;

-- prepared queries are not utility statements: nothing to inspect
PREPARE faults_q AS SELECT count(*) FROM faults_t;
EXECUTE faults_q;
DEALLOCATE faults_q;

RESET pgsafe.mode;
DROP TABLE faults_t;
