/*-------------------------------------------------------------------------
 *
 * add_column_rewrite_test.cpp
 *		add-column-rewrite: which new columns rewrite the table, where, and
 *		how the finding sits beside the column's constraints' findings.
 *
 * IDENTIFICATION
 *	  test/unit/add_column_rewrite_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/advice.hpp"
#include "core/rules.hpp"
#include "facts_builder.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::inheritanceChild;
using testing::relation;

using Indexes = std::vector<int>;
using Rules = std::vector<Rule>;

StatementFacts
statement(std::vector<RelationFacts> relations, SubcommandFacts sub,
		  const std::string &text = "ALTER TABLE t ADD COLUMN c int")
{
	StatementFacts facts = testing::alterTable(text, std::move(relations));
	facts.alterTable.subcommands = {std::move(sub)};
	return facts;
}

SubcommandFacts
column(ColumnRewrite rewrite, ColumnFill fill = ColumnFill::None)
{
	SubcommandFacts sub = testing::addColumn("c", fill);
	sub.column.rewrite = rewrite;
	return sub;
}

Rules
rulesOf(const StatementFacts &facts)
{
	Rules rules;
	for (const auto &f : findDangers(facts))
		rules.push_back(f.rule);
	return rules;
}

TEST(AddColumnRewrite, EachReasonRewritesTheTable)
{
	for (ColumnRewrite rewrite : {ColumnRewrite::VolatileDefault,
								  ColumnRewrite::Serial,
								  ColumnRewrite::Identity,
								  ColumnRewrite::Generated,
								  ColumnRewrite::DomainConstraints,
								  ColumnRewrite::VolatileDomainDefault})
	{
		auto findings = findDangers(statement({relation("t", 8192)}, column(rewrite)));
		ASSERT_EQ(findings.size(), 1u);
		EXPECT_EQ(findings[0].rule, Rule::AddColumnRewrite);
		EXPECT_EQ(findings[0].work, Work::RewriteTable);
		EXPECT_EQ(findings[0].columnConstraint, -1);
		EXPECT_EQ(findings[0].scanned, Indexes{0});
	}
}

TEST(AddColumnRewrite, NotWithoutARewriteOrOnAnEmptyTable)
{
	EXPECT_TRUE(rulesOf(statement({relation("t", 8192)}, column(ColumnRewrite::None))).empty());
	EXPECT_TRUE(rulesOf(statement({relation("t", 8192)}, column(ColumnRewrite::Unknown))).empty());
	EXPECT_TRUE(rulesOf(statement({relation("t", 0)}, column(ColumnRewrite::Serial))).empty());
	SubcommandFacts skipped = column(ColumnRewrite::Serial);
	skipped.column.skipped = true;
	EXPECT_TRUE(rulesOf(statement({relation("t", 8192)}, skipped)).empty());
}

TEST(AddColumnRewrite, EveryTableBelowIsRewritten)
{
	std::vector<RelationFacts> tree = {relation("t", 0, RelationKind::PartitionedTable),
									   relation("t_1", 8192, RelationKind::Table, 0),
									   relation("t_2", 0, RelationKind::PartitionedTable, 0),
									   relation("t_2a", 16384, RelationKind::Table, 2)};
	auto findings = findDangers(statement(tree, column(ColumnRewrite::VolatileDefault)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3}));
	EXPECT_EQ(findings[0].bytes, 24576u);
	/* an identity column on a table with children: PostgreSQL refuses it */
	EXPECT_TRUE(rulesOf(statement(tree, column(ColumnRewrite::Identity))).empty());
	EXPECT_TRUE(rulesOf(statement({relation("p", 0), inheritanceChild("c", 8192, 0)}, column(ColumnRewrite::Identity)))
					.empty());
}

TEST(AddColumnRewrite, FirstAmongTheColumnsFindingsAndNotBesideIdentityForeignKey)
{
	SubcommandFacts serial = column(ColumnRewrite::Serial, ColumnFill::Serial);
	serial.column.constraints.push_back(testing::columnConstraint(ConstraintKind::PrimaryKey));
	EXPECT_EQ(rulesOf(statement({relation("t", 8192)}, serial)), (Rules{Rule::AddColumnRewrite, Rule::PrimaryKey}));

	SubcommandFacts identity = column(ColumnRewrite::Identity, ColumnFill::Identity);
	identity.column.constraints.push_back(testing::foreignKeyConstraint({"c"}, QualifiedName{"public", "r"}));
	EXPECT_EQ(rulesOf(statement({relation("t", 8192)}, identity)), Rules{Rule::IdentityForeignKey});
}

TEST(AddColumnRewrite, TheAdviceBackfillsInBatches)
{
	const std::string text = "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT clock_timestamp()";
	SubcommandFacts sub = column(ColumnRewrite::VolatileDefault, ColumnFill::ExpressionDefault);
	StatementFacts facts = statement({relation("t", 8192)}, sub, text);
	SubcommandFacts &s = facts.alterTable.subcommands[0];
	s.span = testing::spanOf(text, "ADD COLUMN c timestamptz DEFAULT clock_timestamp()");
	s.column.typeSpan = testing::spanOf(text, "timestamptz");
	s.column.fillSpan = testing::spanOf(text, "DEFAULT clock_timestamp()");
	s.column.fillExpression = testing::spanOf(text, "clock_timestamp()");
	testing::FakeCatalog catalog;
	Advice advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	ASSERT_EQ(advice.steps.size(), 3u);
	EXPECT_EQ(advice.steps[0].text, "ALTER TABLE public.t ADD COLUMN c timestamptz;");
	EXPECT_EQ(advice.steps[1].text, "ALTER TABLE public.t ALTER COLUMN c SET DEFAULT clock_timestamp();");
	EXPECT_EQ(advice.steps[2].kind, StepKind::Backfill);
	EXPECT_NE(advice.steps[2].text.find("DO $backfill$"), std::string::npos);
	EXPECT_NE(advice.steps[2].text.find("UPDATE ONLY public.t SET c = DEFAULT WHERE ctid >="), std::string::npos);
	EXPECT_NE(advice.steps[2].text.find("COMMIT;"), std::string::npos);
}

TEST(AddColumnRewrite, NoOnlineRecipeForAConstrainedDomain)
{
	const std::string text = "ALTER TABLE t ADD COLUMN c positive";
	StatementFacts facts = statement({relation("t", 8192)}, column(ColumnRewrite::DomainConstraints), text);
	facts.alterTable.subcommands[0].span = testing::spanOf(text, "ADD COLUMN c positive");
	testing::FakeCatalog catalog;
	Advice advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	ASSERT_EQ(advice.steps.size(), 2u);
	EXPECT_EQ(advice.steps[1].kind, StepKind::Blocking);
	EXPECT_EQ(advice.steps[1].text, "ALTER TABLE public.t ADD COLUMN c positive;");
}

} /* namespace */
} /* namespace pgsafe */
