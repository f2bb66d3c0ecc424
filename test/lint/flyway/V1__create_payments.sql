CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id int NOT NULL REFERENCES orders (id),
    amount numeric(12, 2) NOT NULL
);
CREATE INDEX payments_order_id_idx ON payments (order_id);
