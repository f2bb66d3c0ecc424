// The unsafe way: table.index (CREATE INDEX without CONCURRENTLY).
exports.up = (knex) => knex.schema.alterTable("orders", (t) => { t.index(["placed_at"]); });
exports.down = async () => {};
