/*-------------------------------------------------------------------------
 *
 * set_expression_test.cpp
 *		The set-expression rule: SET EXPRESSION of a STORED generated
 *		column is a rewrite; a VIRTUAL one (not stored) is nothing; the
 *		advice replaces the column by one a trigger computes.
 *
 * IDENTIFICATION
 *	  test/unit/set_expression_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/analysis.hpp"
#include "core/rules.hpp"
#include "facts_builder.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::addSubcommand;
using testing::alterTable;
using testing::FakeCatalog;
using testing::relation;
using testing::spanOf;

StatementFacts
setExpression(bool stored, bool unswappable = false)
{
	const std::string text = "ALTER TABLE t ALTER COLUMN g SET EXPRESSION AS (a * 3)";
	StatementFacts facts = alterTable(text, {relation("t", 8192)});
	SubcommandFacts sub;
	sub.kind = SubcommandKind::SetExpression;
	sub.column.name = "g";
	sub.generated.stored = stored;
	sub.generated.type = "integer";
	sub.generated.unswappable = unswappable;
	SubcommandFacts &added = addSubcommand(facts, sub, "ALTER COLUMN g SET EXPRESSION AS (a * 3)");
	added.generated.expression = spanOf(text, "(a * 3)");
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Whole);
}

TEST(SetExpression, AStoredColumnIsARewrite)
{
	std::vector<Finding> findings = findDangers(setExpression(true));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::SetExpression);
	EXPECT_EQ(findings[0].work, Work::RewriteTable);
}

TEST(SetExpression, AVirtualColumnIsNothing)
{
	EXPECT_TRUE(findDangers(setExpression(false)).empty());
}

TEST(SetExpression, TheAdviceKeepsATriggerThatComputesTheColumn)
{
	std::optional<Report> report = reportOf(setExpression(true));
	ASSERT_TRUE(report);
	EXPECT_EQ(report->message,
			  "ALTER COLUMN \"g\" SET EXPRESSION on table \"public.t\" takes an ACCESS EXCLUSIVE "
			  "lock, blocking reads and writes while the table is rewritten");
	EXPECT_NE(report->script.find("ALTER TABLE public.t ADD COLUMN g_new integer;"), std::string::npos);
	EXPECT_NE(report->script.find("NEW.g_new := (SELECT (a * 3) FROM (SELECT NEW.*) AS t);"), std::string::npos);
	EXPECT_NE(report->script.find("UPDATE public.t SET g_new = (a * 3)"), std::string::npos);
	EXPECT_NE(report->script.find("ALTER TABLE public.t RENAME COLUMN g_new TO g;\nCREATE OR REPLACE FUNCTION "
								  "public.t_g_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n#variable_conflict "
								  "use_column\nBEGIN\n    NEW.g := "),
			  std::string::npos);
	/* the trigger stays: it is what computes the column now */
	EXPECT_EQ(report->script.find("DROP TRIGGER"), std::string::npos);
	EXPECT_EQ(report->script.find("DROP FUNCTION"), std::string::npos);
}

TEST(SetExpression, AColumnAViewUsesRunsInAMaintenanceWindow)
{
	std::optional<Report> report = reportOf(setExpression(true, true));
	ASSERT_TRUE(report);
	EXPECT_NE(report->advice.find("maintenance window"), std::string::npos);
	EXPECT_NE(report->script.find("ALTER TABLE public.t ALTER COLUMN g SET EXPRESSION AS (a * 3);"), std::string::npos);
}

} /* namespace */
} /* namespace pgsafe */
