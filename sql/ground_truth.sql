--
-- Ground truth: pgsafe's model of PostgreSQL checked against PostgreSQL.
-- Each statement is judged by pgsafe.check(), then run with pgsafe off and
-- rolled back (pgsafe_test.ground_truth() in setup.sql): a statement pgsafe
-- flags must read or rewrite rows under a lock that blocks writes, one it
-- lets pass must not, and it must say "rewrite" exactly when the
-- relfilenode changes.  A row with agrees = f is a wrong model.
--
-- Each rule's own test adds its cases the same way; these are the rules
-- that build indexes, validate foreign keys and attach partitions.
--
SET pgsafe.mode = off;
CREATE TABLE gt_ref (id int PRIMARY KEY);
INSERT INTO gt_ref SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE gt_t (id int NOT NULL, a int, ref int, b text);
INSERT INTO gt_t SELECT g, g, g, 'x' || g FROM generate_series(1, 1000) g;
CREATE UNIQUE INDEX gt_t_id ON gt_t (id);
CREATE UNIQUE INDEX gt_t_a ON gt_t (a);
ALTER TABLE gt_t ADD CONSTRAINT gt_t_ref_fk FOREIGN KEY (ref) REFERENCES gt_ref NOT VALID;
CREATE TABLE gt_p (id int NOT NULL, a int) PARTITION BY RANGE (id);
CREATE TABLE gt_p1 PARTITION OF gt_p FOR VALUES FROM (0) TO (500);
CREATE TABLE gt_p2 PARTITION OF gt_p FOR VALUES FROM (500) TO (2000);
INSERT INTO gt_p SELECT g, g FROM generate_series(1, 1000) g;
CREATE TABLE gt_new (id int NOT NULL, a int);
INSERT INTO gt_new SELECT g, g FROM generate_series(2000, 2999) g;
ANALYZE gt_ref, gt_t, gt_p, gt_new;

SELECT c.statement, g.*
  FROM (VALUES
    -- flagged: index builds
    ('gt_t', 'ALTER TABLE gt_t ADD UNIQUE (a)'),
    ('gt_t', 'ALTER TABLE gt_t ADD PRIMARY KEY (id)'),
    ('gt_t', 'ALTER TABLE gt_t ADD COLUMN u int UNIQUE'),
    ('gt_t', 'CREATE INDEX ON gt_t (a)'),
    ('gt_t', 'CREATE UNIQUE INDEX ON gt_t (a)'),
    ('gt_p', 'CREATE INDEX ON gt_p (a)'),
    ('gt_t', 'ALTER TABLE gt_t ADD EXCLUDE USING btree (a WITH =)'),
    -- flagged: reads every row
    ('gt_t', 'ALTER TABLE gt_t ADD FOREIGN KEY (ref) REFERENCES gt_ref'),
    ('gt_t', 'ALTER TABLE gt_t ADD PRIMARY KEY USING INDEX gt_t_a'),
    -- flagged: rewrites
    ('gt_t', 'ALTER TABLE gt_t ADD COLUMN n int GENERATED ALWAYS AS IDENTITY REFERENCES gt_ref'),
    -- not flagged: no read under a lock that blocks writes
    ('gt_t', 'ALTER TABLE gt_t ADD UNIQUE USING INDEX gt_t_id'),
    ('gt_t', 'ALTER TABLE gt_t ADD PRIMARY KEY USING INDEX gt_t_id'),
    ('gt_t', 'ALTER TABLE gt_t ADD FOREIGN KEY (ref) REFERENCES gt_ref NOT VALID'),
    ('gt_t', 'ALTER TABLE gt_t VALIDATE CONSTRAINT gt_t_ref_fk'),
    ('gt_t', 'ALTER TABLE gt_t ADD COLUMN c int'),
    ('gt_t', 'ALTER TABLE gt_t ADD COLUMN d int DEFAULT 7'),
    ('gt_t', 'ALTER TABLE gt_t RENAME COLUMN b TO bb')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;
-- attaching where the partitioned table has an index builds it on the new
-- partition (the scan of its rows for the bound is not yet a rule of its own)
CREATE INDEX gt_p_a ON gt_p (a);
SELECT c.statement, g.*
  FROM (VALUES
    ('gt_new', 'ALTER TABLE gt_p ATTACH PARTITION gt_new FOR VALUES FROM (2000) TO (3000)')
  ) AS c(watch, statement),
  LATERAL pgsafe_test.ground_truth(c.watch, c.statement) AS g;

DROP TABLE gt_t, gt_p, gt_new, gt_ref;
RESET pgsafe.mode;
