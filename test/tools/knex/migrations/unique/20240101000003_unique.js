// The unsafe way: table.unique (ADD CONSTRAINT ... UNIQUE).
exports.up = (knex) => knex.schema.alterTable("customers", (t) => { t.unique(["email"]); });
exports.down = async () => {};
