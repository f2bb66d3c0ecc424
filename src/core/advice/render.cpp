/*-------------------------------------------------------------------------
 *
 * render.cpp
 *		The advice's steps as a psql script.
 *
 * IDENTIFICATION
 *	  src/core/advice/render.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice.hpp"

#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

std::string
boundScript(const std::string &script, std::size_t budget, bool *cut)
{
	*cut = false;
	if (script.size() <= budget)
		return script;

	/* the end of the last line ending a statement within the budget; then count the statements after it */
	std::size_t keep = 0;
	int left = 0;
	for (std::size_t begin = 0; begin < script.size();)
	{
		checkInterrupts();
		std::size_t newline = script.find('\n', begin);
		std::size_t end = newline == std::string::npos ? script.size() : newline;
		bool statementEnd = end > begin && script[end - 1] == ';' && script.compare(begin, 2, "--") != 0;
		if (statementEnd)
		{
			if (end <= budget)
				keep = end;
			else
				left++;
		}
		begin = end + 1;
	}
	*cut = true;
	return script.substr(0, keep) + (keep > 0 ? "\n" : "") + "-- ... and " + std::to_string(left) +
		   (left == 1 ? " more statement" : " more statements");
}

std::string
renderScript(const Advice &advice)
{
	std::string script;
	std::string timeout;              /* what the script has set lock_timeout to */
	bool statementTimeoutOff = false; /* whether it has set statement_timeout to 0 */

	for (const auto &step : advice.steps)
	{
		checkInterrupts();
		if (step.kind == StepKind::Comment)
		{
			script += "-- " + step.text + "\n";
			continue;
		}
		/* not SQL: psql runs a \! line in a shell, and the mark tells a reader it is one */
		if (step.kind == StepKind::Shell)
		{
			script += "\\! " + step.text + "\n";
			continue;
		}

		/*
		 * A statement PostgreSQL can only run blocking, which pgsafe rejects
		 * again in error mode: in a transaction of its own, with the mode
		 * lowered for it, as a role allowed to (the advice says so).
		 */
		if (step.kind == StepKind::Blocking)
		{
			script +=
				"BEGIN;\nSET LOCAL pgsafe.mode = 'warn';\nSET LOCAL lock_timeout = " + std::string(kBriefLockTimeout) +
				";\n" + step.text + "\nCOMMIT;\n";
			continue;
		}

		std::string want = timeout;
		if (step.kind == StepKind::Brief)
			want = kBriefLockTimeout;
		else if (step.kind == StepKind::Concurrent)
			want = "0";
		/* inside BEGIN ... COMMIT the setting was made before BEGIN */
		if (want != timeout && step.text != "COMMIT;")
		{
			script += "SET lock_timeout = " + want + ";\n";
			timeout = want;
		}
		/*
		 * CREATE INDEX CONCURRENTLY must not be cancelled halfway, which
		 * leaves an invalid index behind: a role's statement_timeout would.
		 */
		if (step.kind == StepKind::Concurrent && !statementTimeoutOff)
		{
			script += "SET statement_timeout = 0;\n";
			statementTimeoutOff = true;
		}
		script += step.text + "\n";
	}
	if (!timeout.empty())
		script += "RESET lock_timeout;\n";
	if (statementTimeoutOff)
		script += "RESET statement_timeout;\n";

	if (advice.concurrentIndexes.size() == 1)
		script += "-- if CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: DROP INDEX CONCURRENTLY IF "
				  "EXISTS " +
				  advice.concurrentIndexes.front() + "; then run it again\n";
	else if (advice.concurrentIndexes.size() > 1)
		script += "-- if a CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: drop that index with DROP "
				  "INDEX CONCURRENTLY IF EXISTS, then run it again\n";

	if (!script.empty() && script.back() == '\n')
		script.pop_back();
	return script;
}

} /* namespace pgsafe */
