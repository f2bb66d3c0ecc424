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
#include <vector>

#include "core/advice.hpp"
#include "core/catalog_oracle.hpp"
#include "core/model.hpp"

namespace pgsafe {

/* One dangerous part of the statement, for callers that list them one by one. */
struct FindingReport
{
	std::string rule;
	std::string relation; /* schema.name of the statement's target */
	std::uint64_t bytes = 0;
	bool sizeKnown = true;
	std::string lock;   /* on the target: "ACCESS EXCLUSIVE", ... */
	std::string blocks; /* what that lock blocks: "reads and writes", ... */
	std::string message;
	std::string detail;
};

struct Report
{
	std::string message; /* errmsg */
	std::string detail;  /* errdetail */
	std::string hint;    /* errhint: what to do, then the SQL */
	std::string rules;   /* rule names, comma-separated */

	std::string advice; /* the hint's sentences */
	std::string script; /* the hint's SQL; empty when there is none */
	std::vector<FindingReport> findings;
};

/* length: Bounded for the hook's messages, Whole for pgsafe.check() and pgsafe-lint */
std::optional<Report> analyze(const StatementFacts &facts, const CatalogOracle &oracle, ScriptLength length);

/* The same, from the findings findDangers(facts) returned: the rules run once. */
std::optional<Report> analyze(const StatementFacts &facts, std::vector<Finding> findings, const CatalogOracle &oracle,
							  ScriptLength length);

/* pg_size_pretty()'s rendering: "8192 bytes", "96 MB", ... */
std::string prettySize(std::uint64_t bytes);

} /* namespace pgsafe */
