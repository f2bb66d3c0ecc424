// The tables: customers, orders that keep their customer's id, tags
// without a primary key; then the rows an application has by the time
// someone adds a constraint.
exports.up = async (knex) => {
  await knex.schema.createTable("customers", (t) => {
    t.bigIncrements("id");
    t.string("email", 200).notNullable();
  });
  await knex.schema.createTable("orders", (t) => {
    t.bigIncrements("id");
    t.timestamp("placed_at").notNullable();
    t.bigInteger("customer_id");
  });
  await knex.schema.createTable("tags", (t) => {
    t.string("name", 50).notNullable();
  });
};
exports.down = async () => {};
