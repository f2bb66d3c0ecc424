/*-------------------------------------------------------------------------
 *
 * options.cpp
 *		Parse pgsafe-lint's command line, psql-style.
 *
 * IDENTIFICATION
 *	  cli/options.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "options.hpp"

namespace pgsafe::lint {

namespace {

/* "--name=value", or "--name value" / "-x value" taking the next argument. */
bool
takeValue(int argc, char **argv, int &i, const std::string &arg, const std::string &name, std::string &value,
		  std::string &error)
{
	if (arg.compare(0, name.size() + 1, name + "=") == 0)
	{
		value = arg.substr(name.size() + 1);
		return true;
	}
	if (i + 1 >= argc)
	{
		error = "option " + arg + " needs a value";
		return false;
	}
	value = argv[++i];
	return true;
}

bool
matches(const std::string &arg, const char *shortName, const std::string &longName)
{
	return (shortName && arg == shortName) || arg == longName ||
		   arg.compare(0, longName.size() + 1, longName + "=") == 0;
}

} /* namespace */

const char *
usageText()
{
	return "pgsafe-lint checks SQL migrations against a PostgreSQL database with pgsafe installed,\n"
		   "without running them: it reports DDL that would block reads or writes on the database's\n"
		   "non-empty tables, and the safe statements to run instead.\n"
		   "\n"
		   "Usage:\n"
		   "  pgsafe-lint [OPTION]... PATH...\n"
		   "\n"
		   "PATH is a .sql file or a directory, searched recursively for *.sql files, which are\n"
		   "checked in the order migration tools apply them: by path, numbers in names compared\n"
		   "as numbers, or by Flyway's versions in a folder of Flyway migrations. Down migrations\n"
		   "(down.sql, *.down.sql, Flyway's U*__*.sql) in a directory are left out; name them to\n"
		   "check them. goose's \"-- +goose Down\" section and dbmate's \"-- migrate:down\" blocks\n"
		   "are never checked.\n"
		   "\n"
		   "Options:\n"
		   "  -f, --format=FORMAT      text (default), json, sarif or github\n"
		   "      --severity=LEVEL     exit with 1 on findings at or above LEVEL: warning (default) or error\n"
		   "      --single-transaction files run in a transaction unless they say otherwise (default)\n"
		   "      --no-transaction     files run without a transaction unless they say otherwise,\n"
		   "                           statement by statement (as psql -f runs a file)\n"
		   "      --one-query          files run without a transaction unless they say otherwise,\n"
		   "                           each sent as one query (as golang-migrate does): several\n"
		   "                           statements in a file run in one implicit transaction\n"
		   "  -d, --dbname=DBNAME      database name or connection string\n"
		   "  -h, --host=HOSTNAME      database server host or socket directory\n"
		   "  -p, --port=PORT          database server port\n"
		   "  -U, --username=USERNAME  database user name\n"
		   "      --help               show this help, then exit\n"
		   "      --version            show the version, then exit\n"
		   "\n"
		   "The connection also follows libpq's environment (PGHOST, PGPORT, PGDATABASE, PGUSER,\n"
		   "PGPASSWORD, PGSERVICE, ...). The database needs CREATE EXTENSION pgsafe; the user only\n"
		   "needs to see the tables the migrations touch.\n"
		   "\n"
		   "A migration runs without a transaction when it says so the way its tool does:\n"
		   "  SQLx      \"-- no-transaction\" at the start of the file\n"
		   "  Diesel    run_in_transaction = false in the metadata.toml next to it\n"
		   "  goose     a line \"-- +goose NO TRANSACTION\", in any case\n"
		   "  dbmate    \"-- migrate:up transaction:false\", section by section\n"
		   "  Flyway    executeInTransaction=false in <file>.conf, or a statement Flyway runs\n"
		   "            outside a transaction by itself (CREATE INDEX CONCURRENTLY, VACUUM, ...)\n"
		   "\n"
		   "SQLx, Diesel and dbmate send such a migration as one query: PostgreSQL runs a query\n"
		   "of several statements in one implicit transaction, and pgsafe-lint checks it so.\n"
		   "\n"
		   "Accept a finding in the SQL, with a reason: -- pgsafe:ignore <rule> <reason>\n"
		   "\n"
		   "Exit status: 0 no findings at or above the severity, 1 findings, 2 usage, file or\n"
		   "connection error.\n";
}

bool
parseOptions(int argc, char **argv, Options &options, std::string &error)
{
	for (int i = 1; i < argc; i++)
	{
		const std::string arg = argv[i];
		std::string value;

		if (arg == "--help" || arg == "-?")
			options.help = true;
		else if (arg == "--version" || arg == "-V")
			options.version = true;
		else if (arg == "--single-transaction")
		{
			options.inTransaction = true;
			options.oneQuery = false;
		}
		else if (arg == "--no-transaction")
		{
			options.inTransaction = false;
			options.oneQuery = false;
		}
		else if (arg == "--one-query")
		{
			options.inTransaction = false;
			options.oneQuery = true;
		}
		else if (matches(arg, "-f", "--format"))
		{
			if (!takeValue(argc, argv, i, arg, "--format", value, error))
				return false;
			if (value == "text")
				options.format = Format::Text;
			else if (value == "json")
				options.format = Format::Json;
			else if (value == "sarif")
				options.format = Format::Sarif;
			else if (value == "github")
				options.format = Format::Github;
			else
			{
				error = "unknown format \"" + value + "\" (text, json, sarif or github)";
				return false;
			}
		}
		else if (matches(arg, nullptr, "--severity"))
		{
			if (!takeValue(argc, argv, i, arg, "--severity", value, error))
				return false;
			if (value != "warning" && value != "error")
			{
				error = "unknown severity \"" + value + "\" (warning or error)";
				return false;
			}
			options.failOnWarning = value == "warning";
		}
		else if (matches(arg, "-d", "--dbname"))
		{
			if (!takeValue(argc, argv, i, arg, "--dbname", options.dbname, error))
				return false;
		}
		else if (matches(arg, "-h", "--host"))
		{
			if (!takeValue(argc, argv, i, arg, "--host", options.host, error))
				return false;
		}
		else if (matches(arg, "-p", "--port"))
		{
			if (!takeValue(argc, argv, i, arg, "--port", options.port, error))
				return false;
		}
		else if (matches(arg, "-U", "--username"))
		{
			if (!takeValue(argc, argv, i, arg, "--username", options.user, error))
				return false;
		}
		else if (arg.size() > 1 && arg[0] == '-')
		{
			error = "unknown option " + arg;
			return false;
		}
		else
			options.paths.push_back(arg);
	}
	if (options.paths.empty() && !options.help && !options.version)
	{
		error = "no migration file or directory given";
		return false;
	}
	return true;
}

} /* namespace pgsafe::lint */
