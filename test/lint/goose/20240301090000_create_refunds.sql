-- +goose Up
-- A new table, and a function whose body has semicolons of its own.
-- +goose StatementBegin
CREATE TABLE refunds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id int NOT NULL REFERENCES orders (id),
    amount numeric(12, 2) NOT NULL
);
-- +goose StatementEnd
CREATE INDEX refunds_order_id_idx ON refunds (order_id);

-- +goose StatementBegin
CREATE FUNCTION refunds_check_amount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.amount <= 0 THEN
        RAISE EXCEPTION 'a refund must be positive';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION refunds_check_amount();
DROP TABLE refunds;
