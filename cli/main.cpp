/*-------------------------------------------------------------------------
 *
 * main.cpp
 *		pgsafe-lint: check migration files with pgsafe.check_migrations().
 *
 * The decisions are the server's: this program only collects the files,
 * sends them in one call (so that a table created by an earlier migration
 * is known to be new in a later one), and renders the rows it gets back.
 *
 * IDENTIFICATION
 *	  cli/main.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <thread>

#include <libpq-fe.h>

#include "migrations.hpp"
#include "options.hpp"
#include "report.hpp"

namespace pgsafe::lint {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitTrouble = 2;

const char *const kCheckQuery =
	"SELECT script, statement, line, col, statement_text, rule, severity, relation, relation_size, "
	"lock_mode, blocks, message, detail, hint, safe_sql, suppressed "
	"FROM pgsafe.check_migrations($1::text[], $2::boolean[])";

struct ConnectionCloser
{
	void operator()(PGconn *conn) const { PQfinish(conn); }
};
struct ResultClearer
{
	void operator()(PGresult *result) const { PQclear(result); }
};
/* A thread joined however the function returns */
struct Joined
{
	explicit Joined(std::thread &thread) : thread_(thread) {}
	~Joined()
	{
		if (thread_.joinable())
			thread_.join();
	}
	std::thread &thread_;
};

/*
 * The parameters go in PostgreSQL's binary array format (array_send(),
 * array_recv()): the scripts as they are, with nothing to escape here and
 * nothing for array_in() to unescape character by character on the server.
 * The type OIDs are PostgreSQL's, fixed since its first catalog.
 */
constexpr unsigned kBoolOid = 16, kTextOid = 25, kBoolArrayOid = 1000, kTextArrayOid = 1009;

void
appendInt32(std::string &out, std::uint32_t value)
{
	for (int shift = 24; shift >= 0; shift -= 8)
		out += static_cast<char>((value >> shift) & 0xff);
}

/* One dimension, no nulls, lower bound 1; then each element, its length first. */
std::string
binaryArray(const std::vector<Migration> &migrations, bool texts)
{
	std::size_t size = 20;
	for (const auto &m : migrations)
		size += 4 + (texts ? m.text.size() : 1);
	std::string array;
	array.reserve(size);
	appendInt32(array, 1);
	appendInt32(array, 0);
	appendInt32(array, texts ? kTextOid : kBoolOid);
	appendInt32(array, static_cast<std::uint32_t>(migrations.size()));
	appendInt32(array, 1);
	for (const auto &m : migrations)
	{
		if (texts)
		{
			appendInt32(array, static_cast<std::uint32_t>(m.text.size()));
			array += m.text;
		}
		else
		{
			appendInt32(array, 1);
			array += static_cast<char>(m.inTransaction ? 1 : 0);
		}
	}
	return array;
}

std::optional<std::string>
field(PGresult *result, int row, int column)
{
	if (PQgetisnull(result, row, column))
		return std::nullopt;
	return std::string(PQgetvalue(result, row, column));
}

/*
 * The server was told that the script runs in a transaction; when that is
 * PostgreSQL's implicit block around a query of several statements, its
 * reason and hint for a CONCURRENTLY statement (the runner's transaction,
 * and a marker the file already has) would mislead: say what happens.
 */
void
explainImplicitBlock(Finding &f, const Migration &migration)
{
	static const std::string kExplicitBlock = "It follows a BEGIN of the script.";

	if (migration.implicitBlockBy.empty() || f.rule != "concurrently-in-transaction" ||
		(f.detail && *f.detail == kExplicitBlock))
		return;
	f.detail = migration.implicitBlockBy +
			   " sends this migration to the server as one query; PostgreSQL runs a query of several "
			   "statements in one implicit transaction block.";
	f.hint = "Put the statement alone in a migration file: a query of one statement runs outside any "
			 "transaction block.";
}

int
run(int argc, char **argv)
{
	/* the report goes out once, at the end: no need to keep in step with C's stdio */
	std::ios::sync_with_stdio(false);

	Options options;
	std::string error;

	if (!parseOptions(argc, argv, options, error))
	{
		std::cerr << "pgsafe-lint: " << error << "\nTry \"pgsafe-lint --help\" for more information.\n";
		return kExitTrouble;
	}
	if (options.help)
	{
		std::cout << usageText();
		return kExitClean;
	}
	if (options.version)
	{
		std::cout << "pgsafe-lint 1.0\n";
		return kExitClean;
	}

	/* dbname may be a connection string (expand_dbname) */
	std::vector<const char *> keywords, values;
	auto add = [&](const char *keyword, const std::string &value) {
		if (!value.empty())
		{
			keywords.push_back(keyword);
			values.push_back(value.c_str());
		}
	};
	add("dbname", options.dbname);
	add("host", options.host);
	add("port", options.port);
	add("user", options.user);
	add("fallback_application_name", "pgsafe-lint");
	/*
	 * Last, so that it wins: the files are sent as they are, UTF-8 (every
	 * migration tool's driver sends them so), and the findings come back in
	 * UTF-8, as JSON and SARIF must be, whatever the database's encoding.
	 */
	add("client_encoding", "UTF8");
	keywords.push_back(nullptr);
	values.push_back(nullptr);

	/*
	 * Connect while the files are read: the server's starting a backend and
	 * authenticating take about as long as reading a folder of migrations,
	 * and neither needs the other.  (A password prompt is never asked for:
	 * pgsafe-lint runs in CI, and libpq takes passwords from the environment
	 * and the password file.)
	 */
	std::unique_ptr<PGconn, ConnectionCloser> conn;
	std::thread connecting([&] { conn.reset(PQconnectdbParams(keywords.data(), values.data(), 1)); });
	Joined joined(connecting);

	std::vector<Migration> migrations;
	std::vector<std::string> unreadable;
	RunDefaults defaults;
	defaults.inTransaction = options.inTransaction;
	defaults.oneQuery = options.oneQuery;
	if (!collectMigrations(options.paths, defaults, migrations, unreadable, error))
	{
		std::cerr << "pgsafe-lint: " << error << "\n";
		return kExitTrouble;
	}
	/*
	 * Trouble, not findings: the server would refuse the whole call without
	 * naming the file, and the files after one left out would be checked
	 * against a history without it.
	 */
	if (!unreadable.empty())
	{
		for (const auto &line : unreadable)
			std::cerr << line << "\n";
		std::cerr << "pgsafe-lint: nothing checked: " << unreadable.size()
				  << (unreadable.size() == 1 ? " file" : " files") << " cannot be sent as text\n";
		return kExitTrouble;
	}

	connecting.join();
	if (PQstatus(conn.get()) != CONNECTION_OK)
	{
		std::cerr << "pgsafe-lint: " << PQerrorMessage(conn.get());
		return kExitTrouble;
	}

	const std::string scripts = binaryArray(migrations, true);
	const std::string modes = binaryArray(migrations, false);
	const Oid types[2] = {kTextArrayOid, kBoolArrayOid};
	const char *params[2] = {scripts.data(), modes.data()};
	const int lengths[2] = {static_cast<int>(scripts.size()), static_cast<int>(modes.size())};
	const int formats[2] = {1, 1};
	std::unique_ptr<PGresult, ResultClearer> result(
		PQexecParams(conn.get(), kCheckQuery, 2, types, params, lengths, formats, 0));
	if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
	{
		const char *state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
		std::string code = state ? state : "";
		std::cerr << "pgsafe-lint: " << PQresultErrorMessage(result.get());
		/* undefined_function, invalid_schema_name: the extension is not there */
		if (code == "42883" || code == "3F000")
			std::cerr << "pgsafe-lint: pgsafe must be installed in database \"" << PQdb(conn.get())
					  << "\": CREATE EXTENSION pgsafe;\n";
		return kExitTrouble;
	}

	std::vector<Finding> findings;
	for (int row = 0; row < PQntuples(result.get()); row++)
	{
		PGresult *r = result.get();
		Finding f;
		int script = std::atoi(PQgetvalue(r, row, 0));
		f.file = script >= 1 && script <= static_cast<int>(migrations.size()) ? migrations[script - 1].path : "?";
		f.statement = std::atoi(PQgetvalue(r, row, 1));
		f.line = std::atoi(PQgetvalue(r, row, 2));
		f.column = std::atoi(PQgetvalue(r, row, 3));
		f.statementText = field(r, row, 4);
		f.rule = PQgetvalue(r, row, 5);
		f.severity = PQgetvalue(r, row, 6);
		f.relation = field(r, row, 7);
		if (!PQgetisnull(r, row, 8))
			f.relationSize = std::atoll(PQgetvalue(r, row, 8));
		f.lock = field(r, row, 9);
		f.blocks = field(r, row, 10);
		f.message = PQgetvalue(r, row, 11);
		f.detail = field(r, row, 12);
		f.hint = field(r, row, 13);
		f.safeSql = field(r, row, 14);
		f.suppressed = field(r, row, 15);
		if (script >= 1 && script <= static_cast<int>(migrations.size()))
			explainImplicitBlock(f, migrations[script - 1]);
		findings.push_back(std::move(f));
	}

	/* a dbmate file with several sections is several scripts, one file */
	int files = 0;
	for (std::size_t i = 0; i < migrations.size(); i++)
		if (i == 0 || migrations[i].path != migrations[i - 1].path)
			files++;
	Summary summary = summarize(findings, files);
	writeReport(std::cout, options.format, findings, summary);
	std::cout.flush();

	bool failing = summary.errors > 0 || (options.failOnWarning && summary.warnings > 0);
	return failing ? kExitFindings : kExitClean;
}

} /* namespace */

} /* namespace pgsafe::lint */

int
main(int argc, char **argv)
{
	try
	{
		return pgsafe::lint::run(argc, argv);
	}
	catch (const std::exception &e)
	{
		std::cerr << "pgsafe-lint: " << e.what() << "\n";
		return pgsafe::lint::kExitTrouble;
	}
}
