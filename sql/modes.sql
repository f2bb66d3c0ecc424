--
-- pgsafe.mode (off, warn, log, error) and pgsafe.min_table_size.
--
CREATE TABLE modes_t (a int, b int);
INSERT INTO modes_t SELECT g, g FROM generate_series(1, 100) g;

SHOW pgsafe.mode;
-- off: nothing at all
SET pgsafe.mode = off;
ALTER TABLE modes_t ADD UNIQUE (a);
ALTER TABLE modes_t DROP CONSTRAINT modes_t_a_key;
-- log: the server log only; the client sees nothing, even at client_min_messages = log
SET pgsafe.mode = log;
SET client_min_messages = log;
ALTER TABLE modes_t ADD UNIQUE (a);
RESET client_min_messages;
ALTER TABLE modes_t DROP CONSTRAINT modes_t_a_key;
-- error: rejected before the statement runs; nothing changes
SET pgsafe.mode = error;
ALTER TABLE modes_t ADD UNIQUE (a);
SELECT * FROM pgsafe_test.shape('modes_t');
-- the rejection has its own SQLSTATE
SELECT code FROM pgsafe_test.report('ALTER TABLE modes_t ADD UNIQUE (a)');
-- in a transaction block the transaction is aborted as by any error, and nothing is kept
BEGIN;
INSERT INTO modes_t VALUES (101, 101);
ALTER TABLE modes_t ADD COLUMN c int, ADD UNIQUE (b);
SELECT 1;
ROLLBACK;
SELECT count(*), max(a) FROM modes_t;
SELECT * FROM pgsafe_test.shape('modes_t');
-- statements pgsafe does not flag run normally in error mode
ALTER TABLE modes_t ADD COLUMN c int;
CREATE UNIQUE INDEX CONCURRENTLY modes_t_b_idx ON modes_t (b);
ALTER TABLE modes_t ADD CONSTRAINT modes_t_b_key UNIQUE USING INDEX modes_t_b_idx;
-- SET LOCAL in a transaction applies to that transaction only
BEGIN;
SET LOCAL pgsafe.mode = warn;
ALTER TABLE modes_t ADD UNIQUE (a);
ROLLBACK;
SHOW pgsafe.mode;

-- pgsafe.min_table_size: smaller tables are not flagged; 0 flags any non-empty table.
-- The default is 1MB (the test cluster sets 0: its tables are a few kilobytes).
SELECT boot_val, unit FROM pg_settings WHERE name = 'pgsafe.min_table_size';
SHOW pgsafe.min_table_size;
SET pgsafe.min_table_size = '1MB';
ALTER TABLE modes_t ADD UNIQUE (a);
SET pgsafe.min_table_size = '8kB';
ALTER TABLE modes_t ADD UNIQUE (a, b);
RESET pgsafe.min_table_size;
SELECT loaded_by, mode, min_table_size FROM pgsafe.status();

-- values and names are checked; the pgsafe. prefix is reserved
SET pgsafe.mode = strict;
SET pgsafe.no_such_setting = on;
RESET pgsafe.mode;
SHOW pgsafe.mode;

DROP TABLE modes_t;
