/*-------------------------------------------------------------------------
 *
 * missing_lock_timeout.cpp
 *		missing-lock-timeout: following lock_timeout, pgsafe.lock_timeout
 *		and pgsafe.mode over a script, and the finding for a statement that
 *		would queue for its lock without a bound.
 *
 * One finding per stretch of the script without a bound, at its first
 * statement: the cure (a SET at the top, or pgsafe.lock_timeout for the
 * role) is one line for all of them, and a finding per ALTER would bury
 * the others.  A SET or RESET of a followed setting starts a new stretch.
 *
 * IDENTIFICATION
 *	  src/core/rules/missing_lock_timeout.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/missing_lock_timeout.hpp"

#include "core/rules/phrases.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* As SHOW prints a time in milliseconds: the largest unit that divides it. */
std::string
duration(int ms)
{
	if (ms == 0)
		return "0";
	if (ms % 86400000 == 0)
		return std::to_string(ms / 86400000) + "d";
	if (ms % 3600000 == 0)
		return std::to_string(ms / 3600000) + "h";
	if (ms % 60000 == 0)
		return std::to_string(ms / 60000) + "min";
	if (ms % 1000 == 0)
		return std::to_string(ms / 1000) + "s";
	return std::to_string(ms) + "ms";
}

} /* namespace */

void
FollowedSetting::set(std::optional<int> value, bool local, bool inBlock)
{
	const Entry entry{value ? *value : start_, value.has_value()};
	if (local)
	{
		/* SET LOCAL outside a transaction block: PostgreSQL warns and sets nothing */
		if (inBlock)
			local_ = entry;
		return;
	}
	/* SET after SET LOCAL in one transaction: the SET is in force, and stays after the commit */
	pending_ = entry;
	local_.reset();
}

void
FollowedSetting::transactionEnded(bool commit)
{
	if (commit && pending_)
		committed_ = *pending_;
	pending_.reset();
	local_.reset();
}

LockTimeoutFollower::LockTimeoutFollower(LockTimeoutStart start)
	: start_(std::move(start)), lockTimeout_(start_.lockTimeout.value),
	  pgsafeLockTimeout_(start_.pgsafeLockTimeout.value), pgsafeMode_(start_.pgsafeMode.value)
{
}

void
LockTimeoutFollower::set(LockSetting setting, std::optional<int> value, bool local, bool inBlock)
{
	switch (setting)
	{
		case LockSetting::LockTimeout:
			lockTimeout_.set(value, local, inBlock);
			break;
		case LockSetting::PgsafeLockTimeout:
			pgsafeLockTimeout_.set(value, local, inBlock);
			break;
		case LockSetting::PgsafeMode:
			pgsafeMode_.set(value, local, inBlock);
			break;
	}
	reported_ = false;
}

void
LockTimeoutFollower::resetAll(bool inBlock)
{
	lockTimeout_.set(std::nullopt, false, inBlock);
	pgsafeLockTimeout_.set(std::nullopt, false, inBlock);
	pgsafeMode_.set(std::nullopt, false, inBlock);
	reported_ = false;
}

void
LockTimeoutFollower::transactionEnded(bool commit)
{
	const bool before = bounded();
	lockTimeout_.transactionEnded(commit);
	pgsafeLockTimeout_.transactionEnded(commit);
	pgsafeMode_.transactionEnded(commit);
	/* a SET LOCAL that ended, or a ROLLBACK of a SET: a new stretch */
	if (before != bounded())
		reported_ = false;
}

bool
LockTimeoutFollower::bounded() const
{
	return lockTimeout_.value() > 0 || (pgsafeLockTimeout_.value() > 0 && pgsafeMode_.value() != 0);
}

std::string
LockTimeoutFollower::whyUnbounded() const
{
	std::string why = "lock_timeout is " + duration(lockTimeout_.value()) + " (" +
					  (lockTimeout_.setByScript() ? std::string("set by the script") : start_.lockTimeout.source) + ")";
	if (pgsafeLockTimeout_.value() > 0)
		why += ", and pgsafe does not apply pgsafe.lock_timeout (" + duration(pgsafeLockTimeout_.value()) +
			   ") because pgsafe.mode is off (" +
			   (pgsafeMode_.setByScript() ? std::string("set by the script") : start_.pgsafeMode.source) + ")";
	else
		why += ", and pgsafe.lock_timeout is 0 (" +
			   (pgsafeLockTimeout_.setByScript() ? std::string("set by the script") : start_.pgsafeLockTimeout.source) +
			   ")";
	return why;
}

std::optional<LintFinding>
LockTimeoutFollower::check(const LockWait &wait)
{
	if (bounded() || reported_)
		return std::nullopt;
	reported_ = true;

	const std::string target =
		wait.relation.empty() ? std::string("the relations it works on") : "\"" + wait.relation + "\"";
	LintFinding f;
	f.rule = kRuleMissingLockTimeout;
	f.severity = Severity::Warning;
	if (!wait.relation.empty())
		f.relation = wait.relation;
	f.lock = lockName(wait.lock);
	f.blocks = blocked(wait.lock, wait.kind);
	f.message = wait.operation + " would wait for " + aLock(wait.lock) + " on " + target + " without a lock timeout";
	f.detail =
		"If another session holds a conflicting lock on " + target +
		(wait.lock == LockMode::AccessExclusive
			 ? std::string(" (any lock: a running query, or a transaction left open after reading it)")
			 : std::string()) +
		", the statement waits for it, and while it waits every later query needing a conflicting lock waits behind "
		"it: " +
		*f.blocks + " stop, however brief the statement itself. Nothing bounds that wait: " + whyUnbounded() +
		". Statements of the script after this one are not reported again until a setting changes.";
	const std::string set = wait.inBlock ? "SET LOCAL lock_timeout = '5s';" : "SET lock_timeout = '5s';";
	f.hint = "Set a lock timeout before it, and run the migration again when the timeout cancels it; or have pgsafe "
			 "bound the wait in the server for the role that runs migrations (a superuser sets it once):\n" +
			 set + "\n-- or: ALTER ROLE " + start_.role + " SET pgsafe.lock_timeout = '5s';";
	return f;
}

} /* namespace pgsafe */
