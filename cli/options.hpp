/*-------------------------------------------------------------------------
 *
 * options.hpp
 *		Command-line options of pgsafe-lint.
 *
 * IDENTIFICATION
 *	  cli/options.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

namespace pgsafe::lint {

enum class Format
{
	Text,
	Json,
	Sarif,
	Github
};

struct Options
{
	Format format = Format::Text;
	bool failOnWarning = true; /* --severity warning (default) or error */
	bool inTransaction = true; /* for files that do not say otherwise */
	bool oneQuery = false;     /* outside a transaction, such a file is sent as one query */
	std::string dbname;        /* a name or a connection string; empty: libpq's defaults */
	std::string host, port, user;
	std::vector<std::string> paths;
	bool help = false;
	bool version = false;
};

/* Parse argv; false with a message in error on a usage error. */
bool parseOptions(int argc, char **argv, Options &options, std::string &error);

const char *usageText();

} /* namespace pgsafe::lint */
