-- migrate:up
CREATE TABLE shipments (
    id bigserial PRIMARY KEY,
    order_id int NOT NULL,
    shipped_at timestamptz
);
CREATE INDEX shipments_order_id_idx ON shipments (order_id);

-- migrate:down
DROP TABLE shipments;
