/*-------------------------------------------------------------------------
 *
 * migrations.hpp
 *		Find migration files and whether their tool runs them in a
 *		transaction.
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

struct Migration
{
	std::string path; /* as reported: relative to where the user pointed */
	std::string text;
	bool inTransaction = true;
};

/*
 * The .sql files under paths, each directory searched recursively and its
 * files sorted by path; a directory's down migrations are left out.  False with a message in error when a path cannot
 * be read.
 */
bool collectMigrations(const std::vector<std::string> &paths, bool defaultInTransaction,
					   std::vector<Migration> &migrations, std::string &error);

/*
 * Does the migration say how its tool runs it?  nullopt: it does not.
 * sidecar is the text of the tool's file next to it, if any
 * (Diesel's metadata.toml, Flyway's <file>.conf).
 */
std::optional<bool> declaredTransaction(const std::string &text, const std::optional<std::string> &dieselMetadata,
										const std::optional<std::string> &flywayConf);

} /* namespace pgsafe::lint */
