// The unsafe way: table.primary (ADD PRIMARY KEY builds its index under ACCESS EXCLUSIVE).
exports.up = (knex) => knex.schema.alterTable("tags", (t) => { t.primary(["name"]); });
exports.down = async () => {};
