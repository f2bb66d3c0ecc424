// knex migrate:latest through knex's API, as its CLI runs it.  The CLI
// prints only the error's message; node-postgres keeps the SQLSTATE, the
// DETAIL and the HINT on the error object (code, detail, hint), which
// this prints too -- see the README's section on knex.
const knex = require("knex")(require("./knexfile"));

knex.migrate
  .latest()
  .then(() => knex.destroy())
  .catch((error) => {
    console.error("migration failed with error: " + error.message);
    console.error("SQLSTATE: " + error.code);
    if (error.detail) console.error("DETAIL: " + error.detail);
    if (error.hint) console.error("HINT: " + error.hint);
    return knex.destroy().then(() => process.exit(1));
  });
