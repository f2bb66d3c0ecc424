--
-- FOREIGN KEY: flagged when PostgreSQL validates it by reading every row
-- of the referencing table under SHARE ROW EXCLUSIVE on both tables.
--
-- From PostgreSQL 18 the advice proves key columns NOT NULL with a NOT NULL
-- constraint NOT VALID, before it with a CHECK: expected/foreign_key_1.out holds
-- 18's output, and this line keeps each expected file to its versions.
SELECT current_setting('server_version_num')::int >= 180000 AS not_null_not_valid;
CREATE TABLE customers (id int PRIMARY KEY, code text UNIQUE);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 1200) g;
CREATE TABLE invoices (id int, customer_id int, customer_code text, total int);
INSERT INTO invoices SELECT g, g % 300 + 1, 'c' || (g % 300 + 1), g FROM generate_series(1, 1000) g;

-- a validated table-level foreign key
ALTER TABLE invoices ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE invoices DROP CONSTRAINT invoices_customer_id_fkey;
-- named, with referenced columns, MATCH FULL, actions and DEFERRABLE
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_code)
  REFERENCES customers (code) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL (customer_code)
  DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE invoices DROP CONSTRAINT invoices_customer_fk;

-- not flagged: NOT VALID, then VALIDATE CONSTRAINT
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id)
  REFERENCES customers NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_id_fkey;
ALTER TABLE invoices DROP CONSTRAINT invoices_customer_id_fkey;

-- ... but both in one transaction: the ADD's SHARE ROW EXCLUSIVE lock is
-- still held while VALIDATE reads the rows
BEGIN;
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id)
  REFERENCES customers NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_id_fkey;
ROLLBACK;
-- in error mode the transaction is rejected, and nothing is left
SET pgsafe.mode = error;
BEGIN;
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id)
  REFERENCES customers NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_customer_id_fkey;
ROLLBACK;
SELECT count(*) FROM pg_constraint WHERE conrelid = 'invoices'::regclass;
-- any lock that blocks writes counts: a CHECK added NOT VALID takes ACCESS EXCLUSIVE
BEGIN;
ALTER TABLE invoices ADD CONSTRAINT invoices_total_check CHECK (total > 0) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_check;
ROLLBACK;
ALTER TABLE invoices ADD CONSTRAINT invoices_total_check CHECK (total > 0) NOT VALID;
-- ... and so does LOCK TABLE
BEGIN;
LOCK TABLE invoices IN SHARE MODE;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_check;
ROLLBACK;
-- not flagged: a lock that blocks no writes, VALIDATE in a transaction of
-- its own, an empty table, a table created in the same transaction
BEGIN;
LOCK TABLE invoices IN SHARE UPDATE EXCLUSIVE MODE;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_check;
ROLLBACK;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_check;
ALTER TABLE invoices DROP CONSTRAINT invoices_total_check;
CREATE TABLE no_rows (n int);
BEGIN;
ALTER TABLE no_rows ADD CONSTRAINT no_rows_n_check CHECK (n > 0) NOT VALID;
ALTER TABLE no_rows VALIDATE CONSTRAINT no_rows_n_check;
COMMIT;
BEGIN;
CREATE TABLE fresh (n int);
INSERT INTO fresh VALUES (1);
ALTER TABLE fresh ADD CONSTRAINT fresh_n_check CHECK (n > 0) NOT VALID;
ALTER TABLE fresh VALIDATE CONSTRAINT fresh_n_check;
ROLLBACK;
RESET pgsafe.mode;

-- ADD COLUMN ... REFERENCES: PostgreSQL skips validation only when the new
-- column has no DEFAULT clause at all; each subcommand is decided on its own
ALTER TABLE invoices ADD COLUMN referrer_id int REFERENCES customers;
ALTER TABLE invoices ADD COLUMN a int REFERENCES customers, ADD COLUMN b int DEFAULT 1;
ALTER TABLE invoices ADD COLUMN c int DEFAULT 1 REFERENCES customers;
ALTER TABLE invoices ADD COLUMN d int DEFAULT NULL REFERENCES customers;
ALTER TABLE invoices ADD COLUMN e serial REFERENCES customers;
-- (the rewrite can leave empty pages at the end from PostgreSQL 16 on, which
-- extends tables by several pages at a time: VACUUM drops them, so that the
-- size below is the same on every version)
VACUUM invoices;
ALTER TABLE invoices ADD COLUMN f int GENERATED ALWAYS AS (total % 300 + 1) STORED REFERENCES customers;
VACUUM invoices;
-- a table-level foreign key is always validated, even on a column added in the same statement
ALTER TABLE invoices ADD COLUMN g int, ADD FOREIGN KEY (g) REFERENCES customers;
-- an identity column: PostgreSQL marks the key valid without checking the generated values
CREATE TABLE visits (note text);
INSERT INTO visits SELECT 'v' || g FROM generate_series(1, 10) g;
ALTER TABLE visits ADD COLUMN customer_id int GENERATED ALWAYS AS IDENTITY (START WITH 500) REFERENCES customers;
SELECT rule, message FROM pgsafe.check('ALTER TABLE visits ADD COLUMN customer_id int GENERATED ALWAYS AS IDENTITY REFERENCES customers');

-- a self-reference: one table, one lock
CREATE TABLE staff (id int PRIMARY KEY, manager_id int);
INSERT INTO staff SELECT g, NULLIF(g - 1, 0) FROM generate_series(1, 100) g;
ALTER TABLE staff ADD FOREIGN KEY (manager_id) REFERENCES staff;

-- partitioned referencing table: NOT VALID is refused there before PostgreSQL 18
CREATE TABLE shipments (id int, customer_id int, region int) PARTITION BY LIST (region);
CREATE TABLE shipments_1 PARTITION OF shipments FOR VALUES IN (1);
CREATE TABLE shipments_2 PARTITION OF shipments FOR VALUES IN (2);
INSERT INTO shipments SELECT g, g % 300 + 1, g % 2 + 1 FROM generate_series(1, 400) g;
ALTER TABLE shipments ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE shipments DROP CONSTRAINT shipments_customer_id_fkey;
-- once every partition holds a validated equivalent key, adding it to the
-- parent adopts them without reading rows: not flagged
ALTER TABLE shipments_1 ADD CONSTRAINT shipments_customer_id_fkey FOREIGN KEY (customer_id)
  REFERENCES customers NOT VALID;
ALTER TABLE shipments_1 VALIDATE CONSTRAINT shipments_customer_id_fkey;
ALTER TABLE shipments_2 ADD CONSTRAINT shipments_customer_id_fkey FOREIGN KEY (customer_id)
  REFERENCES customers NOT VALID;
-- shipments_2's key is not validated yet: still flagged, for that partition only
SELECT message, detail FROM pgsafe_test.report(
  'ALTER TABLE shipments ADD FOREIGN KEY (customer_id) REFERENCES customers');
SELECT pgsafe_test.statements(hint) FROM pgsafe_test.report(
  'ALTER TABLE shipments ADD FOREIGN KEY (customer_id) REFERENCES customers');
ALTER TABLE shipments_2 VALIDATE CONSTRAINT shipments_customer_id_fkey;
ALTER TABLE shipments ADD CONSTRAINT shipments_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers;
SELECT conrelid::regclass, conname, convalidated, conparentid <> 0 AS adopted
  FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'shipments%' ORDER BY conrelid::regclass::text;

-- the referenced table must exist and be referable: otherwise PostgreSQL's own error
ALTER TABLE invoices ADD FOREIGN KEY (customer_id) REFERENCES no_such_table;
-- an empty referencing table is not flagged, however big the referenced one
CREATE TABLE empty_invoices (customer_id int);
ALTER TABLE empty_invoices ADD FOREIGN KEY (customer_id) REFERENCES customers;

DROP TABLE invoices, visits, staff, shipments, empty_invoices, no_rows, customers;
