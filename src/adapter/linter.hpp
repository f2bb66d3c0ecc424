/*-------------------------------------------------------------------------
 *
 * linter.hpp
 *		Check migration scripts against the live catalog without running them.
 *
 * Each script is parsed with PostgreSQL's own parser.  Its statements are
 * then read the way the hook reads them before they run, and decided by
 * the same rules, while the linter follows what the scripts themselves do
 * that changes the answer: the transactions they run in (the runner's, and
 * BEGIN ... COMMIT), and the tables they create, which are new and empty
 * when a later statement of the run alters them.
 *
 * IDENTIFICATION
 *	  src/adapter/linter.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/lint.hpp"

namespace pgsafe {

struct ScriptSource
{
	std::string text;
	bool inTransaction; /* does the runner wrap the whole script in a transaction? */
};

/*
 * The findings of scripts run one after another, in order of script and
 * position.  A syntax error is a finding; other PostgreSQL errors arrive as
 * PgError.
 */
std::vector<LintFinding> lintScripts(const std::vector<ScriptSource> &scripts);

} /* namespace pgsafe */
