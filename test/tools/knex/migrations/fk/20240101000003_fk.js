// The unsafe way: table.foreign (a validated FOREIGN KEY).
exports.up = (knex) => knex.schema.alterTable("orders", (t) => { t.foreign("customer_id").references("customers.id"); });
exports.down = async () => {};
