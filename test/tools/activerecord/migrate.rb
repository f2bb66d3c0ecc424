# ActiveRecord's migrator, as `rails db:migrate` runs it, without the rest
# of Rails: migrate.rb SET runs db/common and db/SET.  When a migration
# fails, the error ActiveRecord raises is printed as rails prints it, then
# the SQLSTATE it carries (the PG::Error it wraps, whose result has the
# error fields).
require "active_record"

ActiveRecord::Base.establish_connection(
  adapter: "postgresql",
  host: ENV.fetch("PGHOST", "localhost"),
  port: ENV.fetch("PGPORT", "5432"),
  database: ENV.fetch("TOOL_DB"),
  username: ENV.fetch("MIGRATOR"),
  password: ENV.fetch("MIGRATOR_PASSWORD")
)
paths = ["db/common", "db/#{ARGV[0]}"]
begin
  ActiveRecord::MigrationContext.new(paths, ActiveRecord::Base.connection.schema_migration).migrate(ARGV[1]&.to_i)
rescue StandardError => e
  warn "#{e.class}: #{e.message}"
  # the migrator wraps ActiveRecord::StatementInvalid, which wraps the PG::Error
  cause = e
  cause = cause.cause while cause.cause && !(cause.respond_to?(:result) && cause.result)
  warn "SQLSTATE: #{cause.result.error_field(PG::PG_DIAG_SQLSTATE)}" if cause.respond_to?(:result) && cause.result
  exit 1
end
