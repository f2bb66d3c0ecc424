/*-------------------------------------------------------------------------
 *
 * lint.hpp
 *		The findings pgsafe.check() reports for a migration script, and the
 *		parts of its work that need no server: how a migration runner's
 *		transactions unfold over the script, and suppression comments.
 *
 * A blocking statement found in a script is decided by the same rules and
 * phrased by the same analysis as in the hook (analysis.hpp); this file adds
 * what only makes sense for a script that has not run yet: CONCURRENTLY
 * inside a transaction block, a table pgsafe cannot see, a syntax error, and
 * the "-- pgsafe:ignore <rule> <reason>" comments that accept a finding.
 *
 * IDENTIFICATION
 *	  src/core/lint.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/script.hpp"

namespace pgsafe {

/* Rules that only the script check reports. */
constexpr const char *kRuleSyntaxError = "syntax-error";
constexpr const char *kRuleConcurrentlyInTransaction = "concurrently-in-transaction";
constexpr const char *kRuleUnknownRelation = "unknown-relation";
constexpr const char *kRuleUnusedSuppression = "unused-suppression";
constexpr const char *kRuleInvalidSuppression = "invalid-suppression";
constexpr const char *kRuleNotChecked = "not-checked";
constexpr const char *kRuleServerNotice = "server-notice";
constexpr const char *kRuleMissingLockTimeout = "missing-lock-timeout";

enum class Severity
{
	Warning, /* pgsafe cannot tell, or a suppression is stale */
	Error    /* the statement blocks other sessions, or fails */
};

const char *severityName(Severity severity);

/* Is name a rule a suppression comment may name? */
bool isSuppressibleRule(const std::string &name);

struct LintFinding
{
	int script = 1;    /* 1-based, for pgsafe.check_migrations() */
	int statement = 0; /* 1-based within the script; 0 when tied to none */
	std::size_t offset = 0;
	TextPosition position;
	std::optional<std::string> statementText;
	std::string rule;
	Severity severity = Severity::Error;
	std::optional<std::string> relation;
	std::optional<std::uint64_t> relationBytes;
	std::optional<std::string> lock;
	std::optional<std::string> blocks;
	std::string message;
	std::optional<std::string> detail;
	std::optional<std::string> hint;
	std::optional<std::string> safeSql;
	std::optional<std::string> suppressed; /* the reason given, when a comment accepted it */
};

/*
 * One "pgsafe:ignore <rule>[,<rule>...] <reason>" comment.  The reason is
 * mandatory: a suppression without one, or naming an unknown rule, is
 * reported as invalid and suppresses nothing.
 */
struct Suppression
{
	std::size_t offset = 0; /* of the comment in the script */
	std::vector<std::string> rules;
	std::string reason;
	std::string problem; /* why it is invalid; empty if valid */
	bool used = false;
};

/* The suppression comments of a script. */
std::vector<Suppression> findSuppressions(const ScriptLayout &layout);

/*
 * Mark the findings of the statement occupying [begin, end) of the script
 * that a suppression inside that range names.  Suppressions are in the
 * order of the script, as findSuppressions() returns them; the cost is that
 * of the suppressions in the range and the statement's findings.
 */
void applySuppressions(std::vector<Suppression> &suppressions, std::size_t begin, std::size_t end,
					   std::vector<LintFinding> &findings, std::size_t firstFinding);

/* Findings for the suppressions that are invalid or suppressed nothing. */
std::vector<LintFinding> suppressionFindings(const std::vector<Suppression> &suppressions,
											 const LinePositions &positions, int scriptNumber);

/*
 * The transactions a migration runner goes through while it runs a script:
 * one around the whole script when it wraps it, explicit BEGIN ... COMMIT
 * blocks, and one per statement otherwise (autocommit).  Each transaction
 * has a number, so that a relation can be known to have been created in
 * the transaction a later statement runs in.
 */
class ScriptTransactions
{
public:
	ScriptTransactions(bool runnerWraps, int firstNumber) : inBlock_(runnerWraps), current_(firstNumber) {}

	bool inBlock() const { return inBlock_; }
	int current() const { return current_; }
	int next() const { return current_ + 1; }

	void begin() { inBlock_ = true; }
	void end()
	{
		inBlock_ = false;
		current_++;
	}
	/* after every statement: outside a block, the next one runs in a new transaction */
	void statementDone()
	{
		if (!inBlock_)
			current_++;
	}

private:
	bool inBlock_;
	int current_;
};

} /* namespace pgsafe */
