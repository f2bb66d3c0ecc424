-- bench/lint/setup.sql -- the database the generated migration is checked
-- against: the tables an application already has, filled (pgsafe flags only
-- what blocks others on a non-empty table, so empty tables would make the
-- benchmark measure a linter with nothing to find), and the helper that
-- times pgsafe.check() inside the server.
--
-- bench/lint/generate knows these tables and their columns: keep them in step.

CREATE EXTENSION IF NOT EXISTS pgsafe;

BEGIN;
CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, status text, created_at timestamptz);
CREATE TABLE accounts (id bigint PRIMARY KEY, customer_id bigint, plan text, status text, created_at timestamptz);
CREATE TABLE products (id bigint PRIMARY KEY, sku text, name text, status text, created_at timestamptz);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, account_id bigint, status text, created_at timestamptz);
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint, product_id bigint, status text, created_at timestamptz);
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint, number text, status text, created_at timestamptz);
CREATE TABLE payments (id bigint PRIMARY KEY, invoice_id bigint, method text, status text, created_at timestamptz);
CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint, carrier text, status text, created_at timestamptz);
CREATE TABLE events (id bigint PRIMARY KEY, customer_id bigint, kind text, status text, created_at timestamptz);
CREATE TABLE addresses (id bigint PRIMARY KEY, customer_id bigint, city text, status text, created_at timestamptz);

-- A few thousand rows each: enough to be "not empty" to pgsafe; the size
-- does not change how long a lint takes, only whether it finds something.
INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'customer ' || g, 'active', now() - g * interval '1 hour' FROM generate_series(1, 5000) g;
INSERT INTO accounts SELECT g, g, 'basic', 'active', now() FROM generate_series(1, 5000) g;
INSERT INTO products SELECT g, 'sku-' || g, 'product ' || g, 'active', now() FROM generate_series(1, 2000) g;
INSERT INTO orders SELECT g, g % 5000 + 1, g % 5000 + 1, 'paid', now() FROM generate_series(1, 20000) g;
INSERT INTO order_items SELECT g, g % 20000 + 1, g % 2000 + 1, 'paid', now() FROM generate_series(1, 20000) g;
INSERT INTO invoices SELECT g, g, 'INV-' || g, 'open', now() FROM generate_series(1, 10000) g;
INSERT INTO payments SELECT g, g % 10000 + 1, 'card', 'done', now() FROM generate_series(1, 10000) g;
INSERT INTO shipments SELECT g, g, 'post', 'sent', now() FROM generate_series(1, 10000) g;
INSERT INTO events SELECT g, g % 5000 + 1, 'login', 'new', now() FROM generate_series(1, 20000) g;
INSERT INTO addresses SELECT g, g, 'city ' || g % 100, 'valid', now() FROM generate_series(1, 5000) g;
COMMIT;

-- pgsafe.check() timed by the server itself: what the function costs,
-- without psql, the network or the transfer of the findings.
CREATE SCHEMA bench;
CREATE FUNCTION bench.timed_check(script text, in_transaction boolean,
                                  OUT findings bigint, OUT ms double precision)
LANGUAGE plpgsql AS $$
DECLARE
  started timestamptz := clock_timestamp();
BEGIN
  SELECT count(*) INTO findings FROM pgsafe.check(script, in_transaction);
  ms := 1000 * extract(epoch FROM clock_timestamp() - started);
END
$$;
