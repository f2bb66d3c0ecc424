/*-------------------------------------------------------------------------
 *
 * lint_test.cpp
 *		Suppression comments and the transactions a migration runner goes
 *		through, as pgsafe.check() sees them.
 *
 * IDENTIFICATION
 *	  test/unit/lint_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/lint.hpp"

namespace pgsafe {
namespace {

std::vector<Suppression>
suppressionsOf(const std::string &script)
{
	return findSuppressions(scanScript(script));
}

LintFinding
findingOf(const std::string &rule)
{
	LintFinding f;
	f.rule = rule;
	return f;
}

TEST(FindSuppressions, ReadsRulesAndReason)
{
	auto found = suppressionsOf("-- pgsafe:ignore create-index,unique-constraint  small table, reviewed \n"
								"/* pgsafe:ignore foreign-key night window */");
	ASSERT_EQ(found.size(), 2u);
	EXPECT_EQ(found[0].rules, (std::vector<std::string>{"create-index", "unique-constraint"}));
	EXPECT_EQ(found[0].reason, "small table, reviewed");
	EXPECT_TRUE(found[0].problem.empty());
	EXPECT_EQ(found[1].rules, (std::vector<std::string>{"foreign-key"}));
	EXPECT_EQ(found[1].reason, "night window");
}

TEST(FindSuppressions, ReasonIsMandatoryAndRulesMustExist)
{
	auto found = suppressionsOf("-- pgsafe:ignore create-index\n-- pgsafe:ignore no-such-rule why\n"
								"-- pgsafe:ignore\n-- pgsafe:ignore syntax-error why");
	ASSERT_EQ(found.size(), 4u);
	EXPECT_NE(found[0].problem.find("no reason"), std::string::npos);
	EXPECT_NE(found[1].problem.find("\"no-such-rule\""), std::string::npos);
	EXPECT_NE(found[2].problem.find("names no rule"), std::string::npos);
	/* a syntax error cannot be accepted */
	EXPECT_NE(found[3].problem.find("\"syntax-error\""), std::string::npos);
}

TEST(FindSuppressions, OnlyCommentsThatStartWithTheMarker)
{
	EXPECT_TRUE(suppressionsOf("-- see pgsafe:ignore create-index x\n-- pgsafe:ignored create-index x").empty());
	EXPECT_TRUE(suppressionsOf("SELECT '-- pgsafe:ignore create-index x'").empty());
}

TEST(ApplySuppressions, AcceptsNamedRulesInsideTheRangeOnly)
{
	std::string script = "-- pgsafe:ignore create-index reviewed\nCREATE INDEX ...";
	auto suppressions = suppressionsOf(script);
	std::vector<LintFinding> findings{findingOf("create-index"), findingOf("unique-constraint")};

	/* a range that does not hold the comment changes nothing */
	applySuppressions(suppressions, 5, script.size(), findings, 0);
	EXPECT_FALSE(findings[0].suppressed);
	EXPECT_FALSE(suppressions[0].used);

	applySuppressions(suppressions, 0, script.size(), findings, 0);
	ASSERT_TRUE(findings[0].suppressed);
	EXPECT_EQ(*findings[0].suppressed, "reviewed");
	EXPECT_FALSE(findings[1].suppressed);
	EXPECT_TRUE(suppressions[0].used);
	EXPECT_TRUE(suppressionFindings(suppressions, LinePositions(script), 1).empty());
}

TEST(ApplySuppressions, OnlyFindingsOfTheStatement)
{
	std::string script = "-- pgsafe:ignore create-index reviewed\n";
	auto suppressions = suppressionsOf(script);
	std::vector<LintFinding> findings{findingOf("create-index"), findingOf("create-index")};

	applySuppressions(suppressions, 0, script.size(), findings, 1);
	EXPECT_FALSE(findings[0].suppressed);
	EXPECT_TRUE(findings[1].suppressed);
}

TEST(SuppressionFindings, ReportsInvalidAndUnusedOnes)
{
	std::string script = "SELECT 1;\n  -- pgsafe:ignore create-index\n-- pgsafe:ignore foreign-key reviewed\n";
	auto suppressions = suppressionsOf(script);
	std::vector<LintFinding> findings;
	applySuppressions(suppressions, 0, script.size(), findings, 0);

	auto reported = suppressionFindings(suppressions, LinePositions(script), 3);
	ASSERT_EQ(reported.size(), 2u);
	EXPECT_EQ(reported[0].rule, kRuleInvalidSuppression);
	EXPECT_EQ(reported[0].severity, Severity::Error);
	EXPECT_EQ(reported[0].script, 3);
	EXPECT_EQ(reported[0].position.line, 2);
	EXPECT_EQ(reported[0].position.column, 3);
	EXPECT_EQ(reported[1].rule, kRuleUnusedSuppression);
	EXPECT_EQ(reported[1].severity, Severity::Warning);
	EXPECT_EQ(reported[1].position.line, 3);
	EXPECT_NE(reported[1].detail->find("no foreign-key finding"), std::string::npos);
}

TEST(ScriptTransactions, RunnerWrapsTheWholeScript)
{
	ScriptTransactions tx(true, 10);
	EXPECT_TRUE(tx.inBlock());
	tx.statementDone();
	tx.statementDone();
	EXPECT_EQ(tx.current(), 10); /* one transaction around everything */
	tx.end();                    /* a COMMIT in the script ends it */
	tx.statementDone();
	EXPECT_FALSE(tx.inBlock());
	int afterCommit = tx.current();
	tx.statementDone();
	EXPECT_NE(tx.current(), afterCommit); /* autocommit from then on */
}

TEST(ScriptTransactions, AutocommitUntilBegin)
{
	ScriptTransactions tx(false, 0);
	EXPECT_FALSE(tx.inBlock());
	tx.statementDone();
	EXPECT_EQ(tx.current(), 1);
	tx.begin();
	tx.statementDone();
	EXPECT_TRUE(tx.inBlock());
	int block = tx.current();
	tx.statementDone();
	EXPECT_EQ(tx.current(), block);
	tx.end();
	EXPECT_FALSE(tx.inBlock());
	EXPECT_NE(tx.current(), block);
}

TEST(Severity, Names)
{
	EXPECT_STREQ(severityName(Severity::Error), "error");
	EXPECT_STREQ(severityName(Severity::Warning), "warning");
	EXPECT_TRUE(isSuppressibleRule("primary-key-using-index"));
	EXPECT_TRUE(isSuppressibleRule(kRuleConcurrentlyInTransaction));
	EXPECT_FALSE(isSuppressibleRule(kRuleUnusedSuppression));
}

} /* namespace */
} /* namespace pgsafe */
