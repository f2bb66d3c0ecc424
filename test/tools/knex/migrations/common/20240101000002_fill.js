exports.up = async (knex) => {
  await knex.raw("INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 2000) g");
  await knex.raw("INSERT INTO orders (placed_at, customer_id) SELECT now() - g * interval '1 hour', g FROM generate_series(1, 2000) g");
  await knex.raw("INSERT INTO tags (name) SELECT 'tag' || g FROM generate_series(1, 2000) g");
};
exports.down = async () => {};
