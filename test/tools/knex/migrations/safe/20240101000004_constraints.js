// The unique constraint and the primary key attached to the indexes built
// concurrently (a brief lock, no build); the foreign key added NOT VALID.
exports.up = async (knex) => {
  await knex.raw("ALTER TABLE customers ADD CONSTRAINT customers_email_unique UNIQUE USING INDEX customers_email_unique");
  await knex.raw("ALTER TABLE tags ADD CONSTRAINT tags_pkey PRIMARY KEY USING INDEX tags_pkey");
  await knex.raw(
    "ALTER TABLE orders ADD CONSTRAINT orders_customer_id_foreign FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID"
  );
};
exports.down = async () => {};
