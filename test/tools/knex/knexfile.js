// The knex project of pgsafe's tool test: the connection from the
// environment the test script sets, the migrations from
// migrations/common and migrations/$MIGRATION_SET.
module.exports = {
  client: "pg",
  connection: {
    host: process.env.PGHOST || "localhost",
    port: Number(process.env.PGPORT || 5432),
    database: process.env.TOOL_DB,
    user: process.env.MIGRATOR,
    password: process.env.MIGRATOR_PASSWORD,
  },
  migrations: {
    directory: ["migrations/common", "migrations/" + (process.env.MIGRATION_SET || "safe")],
    sortDirsSeparately: true,
  },
};
