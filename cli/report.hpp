/*-------------------------------------------------------------------------
 *
 * report.hpp
 *		pgsafe-lint's findings, and their rendering as text (like a
 *		compiler), JSON, SARIF 2.1.0 and GitHub Actions annotations.
 *
 * IDENTIFICATION
 *	  cli/report.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "options.hpp"

namespace pgsafe::lint {

/* One row of pgsafe.check_migrations(), with the file it came from. */
struct Finding
{
	std::string file;
	int statement = 0;
	int line = 1;
	int column = 1;
	std::optional<std::string> statementText;
	std::string rule;
	std::string severity; /* "error" or "warning" */
	std::optional<std::string> relation;
	std::optional<long long> relationSize;
	std::optional<std::string> lock;
	std::optional<std::string> blocks;
	std::string message;
	std::optional<std::string> detail;
	std::optional<std::string> hint;
	std::optional<std::string> safeSql;
	std::optional<std::string> suppressed;
};

struct Summary
{
	int files = 0;
	int errors = 0;
	int warnings = 0;
	int suppressed = 0;
};

Summary summarize(const std::vector<Finding> &findings, int files);

void writeReport(std::ostream &out, Format format, const std::vector<Finding> &findings, const Summary &summary);

/* Escaping, exposed for tests. */
std::string jsonString(const std::string &text);
std::string githubData(const std::string &text);
std::string githubProperty(const std::string &text);

} /* namespace pgsafe::lint */
