CREATE TABLE carts (
    id bigserial PRIMARY KEY,
    customer_id int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX carts_customer_id_idx ON carts (customer_id);
