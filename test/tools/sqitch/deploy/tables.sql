-- Deploy shop:tables: the tables, and the rows an application has by the
-- time someone adds a constraint.
BEGIN;
CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, placed_at timestamptz NOT NULL, customer_id bigint);
CREATE TABLE tags (name text NOT NULL);
INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 2000) g;
INSERT INTO orders (placed_at, customer_id) SELECT now() - g * interval '1 hour', g FROM generate_series(1, 2000) g;
INSERT INTO tags (name) SELECT 'tag' || g FROM generate_series(1, 2000) g;
COMMIT;
