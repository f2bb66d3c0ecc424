/*-------------------------------------------------------------------------
 *
 * migrations.hpp
 *		Find migration files, what of each their tool runs on deploy, and
 *		whether it runs it in a transaction.
 *
 * IDENTIFICATION
 *	  cli/migrations.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgsafe::lint {

/*
 * One script sent to pgsafe.check_migrations(): a migration file, or one
 * section of a file that its tool applies on its own (dbmate's files can
 * have several).  Several scripts can come from one path.
 */
struct Migration
{
	std::string path; /* as reported: relative to where the user pointed */
	std::string text; /* as sent: what the tool does not run on deploy blanked out */
	bool inTransaction = true;
	/*
	 * Set when the script is in a transaction only because its tool sends
	 * it as one query and it has several statements: that tool's name.
	 */
	std::string implicitBlockBy;
};

/*
 * How a file that does not say otherwise runs: in a transaction, or outside
 * one, statement by statement (psql) or as one query (golang-migrate).
 */
struct RunDefaults
{
	bool inTransaction = true;
	bool oneQuery = false;
};

/*
 * The .sql files under paths, each directory searched recursively, its down
 * migrations left out, and its files in the order their tool applies them:
 * by path, numbers in names compared as numbers ("2_a" before "10_a"), or
 * for a folder of Flyway migrations, by Flyway's version.  False
 * with a message in error when a path cannot be read.  A file that the
 * server could not take as text (a NUL byte, bytes that are not UTF-8) is
 * not sent: it adds a compiler-style line, "file:line:col: error: ...", to
 * unreadable instead, and the other files are still read.
 */
bool collectMigrations(const std::vector<std::string> &paths, const RunDefaults &defaults,
					   std::vector<Migration> &migrations, std::vector<std::string> &unreadable, std::string &error);

/*
 * What of a file its tool runs on deploy, and whether the file says how.
 *
 * Outside a transaction, goose and Flyway send a file's statements one by
 * one; SQLx, Diesel and dbmate send the whole file (dbmate: the block) as
 * one query, and PostgreSQL runs the statements of one query string in one
 * implicit transaction block: there CONCURRENTLY fails, and locks are held
 * to the end, unless the statement is alone.
 */
struct DeployedScript
{
	std::string text;                  /* the file, with what is not run blanked out */
	std::optional<bool> inTransaction; /* nullopt: the file does not say */
	std::string oneQueryBy;            /* outside a transaction, this tool sends it as one query */
};

/*
 * The scripts a migration file's tool applies on deploy, in order.  goose's
 * "-- +goose Down" section and dbmate's "-- migrate:down" blocks are
 * blanked out: every byte but line breaks becomes a space, so that the
 * lines and columns of findings in the rest of the file stay right.  A
 * dbmate file with several "-- migrate:up" sections gives one script per
 * section, each with its own transaction option.  The sidecars are the
 * texts of the tool's files next to it, if any: Diesel's metadata.toml,
 * Flyway's <file>.conf.  A migration named as Flyway names them that has a
 * statement Flyway will not run in a transaction (CREATE INDEX
 * CONCURRENTLY, VACUUM, ...) runs outside one, as Flyway runs it.
 */
std::vector<DeployedScript> deployedScripts(std::string text, const std::optional<std::string> &dieselMetadata,
											const std::optional<std::string> &flywayConf,
											const std::string &fileName = "");

/*
 * The first byte of a text that PostgreSQL would not take as text sent in
 * UTF-8, as pgsafe-lint sends it: a NUL byte (no text can hold one, in any
 * encoding; libpq would also end the parameter there), or the start of a
 * byte sequence that is not well-formed UTF-8 (overlong forms and UTF-16
 * surrogates included, as PostgreSQL's pg_utf8_islegal() refuses them).
 */
struct BadByte
{
	int line;   /* 1-based */
	int column; /* 1-based, in bytes: characters cannot be counted there */
	std::string message;
};

std::optional<BadByte> findBadByte(const std::string &text);

/* The number of statements PostgreSQL would find in a text: empty ones do not count. */
int statementCount(const std::string &text);

} /* namespace pgsafe::lint */
