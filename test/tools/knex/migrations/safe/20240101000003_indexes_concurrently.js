// The safe way to indexes: config.transaction = false, so that knex does
// not wrap the migration in a transaction and CREATE INDEX CONCURRENTLY
// may run (knex's schema builder has no CONCURRENTLY: knex.raw).
exports.config = { transaction: false };
exports.up = async (knex) => {
  await knex.raw("CREATE INDEX CONCURRENTLY orders_placed_at_index ON orders (placed_at)");
  await knex.raw("CREATE INDEX CONCURRENTLY orders_customer_id_index ON orders (customer_id)");
  await knex.raw("CREATE UNIQUE INDEX CONCURRENTLY customers_email_unique ON customers (email)");
  await knex.raw("CREATE UNIQUE INDEX CONCURRENTLY tags_pkey ON tags (name)");
};
exports.down = async () => {};
