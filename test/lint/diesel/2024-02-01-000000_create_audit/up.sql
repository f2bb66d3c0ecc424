-- A table created here is new: its indexes and keys block nobody.
CREATE TABLE audit (id bigint PRIMARY KEY, order_id int, at timestamptz);
CREATE INDEX audit_at_idx ON audit (at);
ALTER TABLE audit ADD CONSTRAINT audit_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
