/*-------------------------------------------------------------------------
 *
 * analysis.hpp
 *		From statement facts to the report the server prints.
 *
 * analyze() is the single entry point of the decision layer: it finds the
 * dangerous subcommands, writes the safe alternative and phrases the
 * message by PostgreSQL's error-message style (a short lower-case primary
 * message, a detail in full sentences, a hint with the SQL to run).  The
 * reporter decides whether that becomes a WARNING, a LOG entry or an ERROR.
 *
 * IDENTIFICATION
 *	  src/core/analysis.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/catalog_oracle.hpp"
#include "core/model.hpp"

namespace pgsafe {

struct Report
{
	std::string message; /* errmsg */
	std::string detail;  /* errdetail */
	std::string hint;    /* errhint: what to do, then the SQL */
	std::string rules;   /* rule names, comma-separated */
};

std::optional<Report> analyze(const StatementFacts &facts, const CatalogOracle &oracle);

/* pg_size_pretty()'s rendering: "8192 bytes", "96 MB", ... */
std::string prettySize(std::uint64_t bytes);

} /* namespace pgsafe */
