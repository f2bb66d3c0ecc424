/*-------------------------------------------------------------------------
 *
 * migrations.cpp
 *		Collect migration files; read the "no transaction" conventions of
 *		SQLx, Diesel, goose, dbmate and Flyway.
 *
 * IDENTIFICATION
 *	  cli/migrations.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "migrations.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

namespace pgsafe::lint {

namespace {

std::optional<std::string>
readFile(const fs::path &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in)
		return std::nullopt;
	std::ostringstream text;
	text << in.rdbuf();
	return text.str();
}

std::string
firstLine(const std::string &text)
{
	std::string line = text.substr(0, text.find('\n'));
	while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
		line.pop_back();
	return line;
}

bool
isSql(const fs::path &path)
{
	return path.extension() == ".sql";
}

/*
 * Diesel's down.sql, SQLx's and golang-migrate's *.down.sql run only when a
 * migration is reverted, not on deploy: a directory's are not checked.
 */
bool
isDownMigration(const fs::path &path)
{
	const std::string name = path.filename().string();
	const std::string suffix = ".down.sql";
	return name == "down.sql" ||
		   (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0);
}

} /* namespace */

std::optional<bool>
declaredTransaction(const std::string &text, const std::optional<std::string> &dieselMetadata,
					const std::optional<std::string> &flywayConf)
{
	/* SQLx: the first line */
	if (firstLine(text) == "-- no-transaction")
		return false;
	/* goose: an annotation line anywhere */
	static const std::regex goose(R"((^|\n)\s*--\s*\+goose\s+NO\s+TRANSACTION\s*(\r?\n|$))");
	if (std::regex_search(text, goose))
		return false;
	/* dbmate: an option on the migrate:up line */
	static const std::regex dbmate(R"((^|\n)\s*--\s*migrate:up\b[^\n]*\btransaction:false\b)");
	if (std::regex_search(text, dbmate))
		return false;
	/* Diesel: metadata.toml in the migration's directory */
	static const std::regex diesel(R"((^|\n)\s*run_in_transaction\s*=\s*(true|false)\b)");
	std::smatch match;
	if (dieselMetadata && std::regex_search(*dieselMetadata, match, diesel))
		return match[2] == "true";
	/* Flyway: the script configuration file beside it */
	static const std::regex flyway(R"((^|\n)\s*executeInTransaction\s*=\s*(true|false)\b)");
	if (flywayConf && std::regex_search(*flywayConf, match, flyway))
		return match[2] == "true";
	return std::nullopt;
}

bool
collectMigrations(const std::vector<std::string> &paths, bool defaultInTransaction, std::vector<Migration> &migrations,
				  std::string &error)
{
	std::vector<fs::path> files;

	for (const auto &given : paths)
	{
		std::error_code ec;
		fs::path path(given);
		if (fs::is_directory(path, ec))
		{
			std::vector<fs::path> found;
			for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
				if (it->is_regular_file(ec) && isSql(it->path()) && !isDownMigration(it->path()))
					found.push_back(it->path());
			if (ec)
			{
				error = "could not read directory \"" + given + "\": " + ec.message();
				return false;
			}
			std::sort(found.begin(), found.end());
			files.insert(files.end(), found.begin(), found.end());
		}
		else if (fs::is_regular_file(path, ec))
			files.push_back(path);
		else
		{
			error = "could not open \"" + given + "\": no such file or directory";
			return false;
		}
	}

	for (const auto &path : files)
	{
		std::optional<std::string> text = readFile(path);
		if (!text)
		{
			error = "could not read file \"" + path.string() + "\"";
			return false;
		}
		Migration migration;
		migration.path = path.lexically_normal().string();
		migration.text = *text;
		std::optional<bool> declared = declaredTransaction(
			*text, readFile(path.parent_path() / "metadata.toml"), readFile(fs::path(path.string() + ".conf")));
		migration.inTransaction = declared.value_or(defaultInTransaction);
		migrations.push_back(std::move(migration));
	}
	return true;
}

} /* namespace pgsafe::lint */
