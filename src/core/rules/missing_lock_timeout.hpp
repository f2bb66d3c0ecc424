/*-------------------------------------------------------------------------
 *
 * missing_lock_timeout.hpp
 *		missing-lock-timeout: a script statement that would wait in the
 *		lock queue without any lock timeout in force.
 *
 * A statement that needs a lock blocking reads or writes waits behind any
 * session holding a conflicting lock, and every later query on the
 * relation waits behind it.  The script check knows what no static linter
 * can: the lock_timeout a session of the role gets from the role's and the
 * database's stored settings and the server's, whether pgsafe.lock_timeout
 * bounds the wait in the server, and the script's own SET and RESET of
 * them over its transactions.  It reports the first such statement of
 * each stretch of the script that runs without a bound.
 *
 * Which statements queue that way, and on which relations, is the
 * adapter's to say (src/adapter/lock_bound.cpp, the statements
 * pgsafe.lock_timeout bounds); this file follows the settings and words
 * the finding.
 *
 * IDENTIFICATION
 *	  src/core/rules/missing_lock_timeout.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <optional>
#include <string>

#include "core/lint.hpp"
#include "core/model.hpp"

namespace pgsafe {

/* The settings that bound a lock wait, followed by the script check. */
enum class LockSetting
{
	LockTimeout,       /* lock_timeout */
	PgsafeLockTimeout, /* pgsafe.lock_timeout: the server's bound, when pgsafe.mode is not off */
	PgsafeMode         /* pgsafe.mode, as "on" (any mode but off) or not */
};

/* A setting's value as a session of the role starts with it, and where that comes from. */
struct StartValue
{
	int value = 0;      /* milliseconds; for PgsafeMode 1 when not off */
	std::string source; /* "stored for role \"app\"", "the server's": for the detail */
};

struct LockTimeoutStart
{
	StartValue lockTimeout;
	StartValue pgsafeLockTimeout;
	StartValue pgsafeMode;
	std::string role; /* quoted as PostgreSQL quotes it, for the hint's ALTER ROLE */
};

/*
 * One setting over the script's transactions, as PostgreSQL's GUC stack
 * keeps it: SET takes effect at once and lasts if its transaction
 * commits; SET LOCAL lasts to the end of its transaction (and does nothing
 * outside a transaction block); a ROLLBACK undoes both.
 */
class FollowedSetting
{
public:
	explicit FollowedSetting(int start = 0) : start_(start), committed_{start, false} {}

	int value() const { return current().value; }
	/* Does the value in force come from a SET of the script (not the session's start, nor a RESET)? */
	bool setByScript() const { return current().byScript; }
	/* value nullopt: RESET or SET ... TO DEFAULT */
	void set(std::optional<int> value, bool local, bool inBlock);
	void transactionEnded(bool commit);

private:
	struct Entry
	{
		int value;
		bool byScript;
	};
	const Entry &current() const { return local_ ? *local_ : pending_ ? *pending_ : committed_; }

	int start_;
	Entry committed_;              /* after the last commit */
	std::optional<Entry> pending_; /* SET in the current transaction */
	std::optional<Entry> local_;   /* SET LOCAL in the current transaction */
};

/* What the adapter knows of a statement that would queue for its lock. */
struct LockWait
{
	std::string operation; /* "ALTER TABLE", "CREATE INDEX" */
	std::string relation;  /* schema.name; empty for a statement on no one relation */
	LockMode lock = LockMode::AccessExclusive;
	RelationKind kind = RelationKind::Table;
	bool inBlock = false; /* in a transaction block: the hint says SET LOCAL */
};

/*
 * The lock-timeout state of a run of scripts: the settings followed, and
 * whether the current stretch without a bound was reported already.
 */
class LockTimeoutFollower
{
public:
	explicit LockTimeoutFollower(LockTimeoutStart start);

	void set(LockSetting setting, std::optional<int> value, bool local, bool inBlock);
	/* RESET ALL: every setting back to the session's start */
	void resetAll(bool inBlock);
	void transactionEnded(bool commit);
	/* a new script: its first unbounded statement is reported again */
	void scriptStarted() { reported_ = false; }

	/* Is a wait for a lock bounded now, by lock_timeout or by pgsafe? */
	bool bounded() const;

	/* The finding for a statement that waits unbounded, the first of its stretch; nullopt otherwise. */
	std::optional<LintFinding> check(const LockWait &wait);

private:
	std::string whyUnbounded() const;

	LockTimeoutStart start_;
	FollowedSetting lockTimeout_;
	FollowedSetting pgsafeLockTimeout_;
	FollowedSetting pgsafeMode_;
	bool reported_ = false;
};

} /* namespace pgsafe */
