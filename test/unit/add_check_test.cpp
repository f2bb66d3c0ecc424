/*-------------------------------------------------------------------------
 *
 * add_check_test.cpp
 *		add-check: which CHECK constraints are validated by reading rows,
 *		where, and the advice that adds them NOT VALID.
 *
 * IDENTIFICATION
 *	  test/unit/add_check_test.cpp
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

SubcommandFacts
addCheck(bool notValid = false, bool noInherit = false)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddConstraint;
	sub.phase = SubcommandPhase::AddConstraint;
	sub.constraint.kind = ConstraintKind::Check;
	sub.constraint.notValid = notValid;
	sub.constraint.noInherit = noInherit;
	sub.constraint.checkColumns = {"qty"};
	return sub;
}

StatementFacts
statement(std::vector<RelationFacts> relations, SubcommandFacts sub, bool only = false,
		  const std::string &text = "ALTER TABLE t ADD CHECK (qty > 0)")
{
	StatementFacts facts = testing::alterTable(text, std::move(relations));
	facts.alterTable.subcommands = {std::move(sub)};
	facts.alterTable.only = only;
	return facts;
}

std::vector<Finding>
ofRule(const StatementFacts &facts)
{
	std::vector<Finding> result;
	for (const auto &f : findDangers(facts))
		if (f.rule == Rule::AddCheck)
			result.push_back(f);
	return result;
}

TEST(AddCheck, AValidatedCheckOnANonEmptyTable)
{
	auto findings = ofRule(statement({relation("t", 8192)}, addCheck()));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].work, Work::ValidateRows);
	EXPECT_EQ(findings[0].scanned, Indexes{0});
	EXPECT_TRUE(ofRule(statement({relation("t", 8192)}, addCheck(true))).empty());
	EXPECT_TRUE(ofRule(statement({relation("t", 0)}, addCheck())).empty());
}

TEST(AddCheck, ChildrenAreReadUnlessNoInherit)
{
	std::vector<RelationFacts> tree = {relation("t", 0), inheritanceChild("c", 8192, 0)};
	auto findings = ofRule(statement(tree, addCheck()));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{0, 1}));
	EXPECT_EQ(findings[0].bytes, 8192u);
	/* NO INHERIT: the parent alone, which is empty */
	EXPECT_TRUE(ofRule(statement(tree, addCheck(false, true))).empty());
	EXPECT_TRUE(ofRule(statement(tree, addCheck(false, true), true)).empty());
	/* ONLY over children without NO INHERIT: PostgreSQL refuses it */
	EXPECT_TRUE(ofRule(statement(tree, addCheck(), true)).empty());
}

TEST(AddCheck, PartitionsAreRead)
{
	std::vector<RelationFacts> tree = {relation("t", 0, RelationKind::PartitionedTable),
									   relation("t_1", 8192, RelationKind::Table, 0),
									   relation("t_2", 16384, RelationKind::Table, 0)};
	auto findings = ofRule(statement(tree, addCheck()));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 2}));
	/* NO INHERIT is refused on a partitioned table */
	EXPECT_TRUE(ofRule(statement(tree, addCheck(false, true))).empty());
}

TEST(AddCheck, AColumnCheckIsValidatedAndAfterARewrite)
{
	SubcommandFacts sub = testing::addColumn("qty");
	ConstraintFacts check = testing::columnConstraint(ConstraintKind::Check);
	sub.column.constraints = {testing::columnConstraint(ConstraintKind::Unique), check};
	auto findings = ofRule(statement({relation("t", 8192)}, sub));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].columnConstraint, 1);

	/* a rewrite checks it as it writes: still a finding, after the rewrite's, so that the recipe adds it apart */
	sub.column.fill = ColumnFill::Serial;
	sub.column.rewrite = ColumnRewrite::Serial;
	auto all = findDangers(statement({relation("t", 8192)}, sub));
	ASSERT_EQ(all.size(), 3u);
	EXPECT_EQ(all[0].rule, Rule::AddColumnRewrite);
	EXPECT_EQ(all[1].rule, Rule::UniqueConstraint);
	EXPECT_EQ(all[2].rule, Rule::AddCheck);
	EXPECT_EQ(all[2].columnConstraint, 1);
}

TEST(AddCheck, TheAdviceAddsItNotValidThenValidates)
{
	const std::string text = "ALTER TABLE t ADD CHECK (qty > 0)";
	StatementFacts facts = statement({relation("t", 8192)}, addCheck(), false, text);
	facts.alterTable.subcommands[0].span = testing::spanOf(text, "ADD CHECK (qty > 0)");
	facts.alterTable.subcommands[0].constraint.checkBody = testing::spanOf(text, "CHECK (qty > 0)");
	testing::FakeCatalog catalog;
	Advice advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	ASSERT_EQ(advice.steps.size(), 2u);
	EXPECT_EQ(advice.steps[0].text, "ALTER TABLE public.t ADD CONSTRAINT t_qty_check CHECK (qty > 0) NOT VALID;");
	EXPECT_EQ(advice.steps[0].kind, StepKind::Brief);
	EXPECT_EQ(advice.steps[1].text, "ALTER TABLE public.t VALIDATE CONSTRAINT t_qty_check;");
	EXPECT_EQ(advice.steps[1].kind, StepKind::Validate);
	EXPECT_TRUE(advice.separateTransactions);

	/* a name taken already: the next one, as PostgreSQL chooses it */
	catalog.constraints.insert({"public", "t_qty_check"});
	advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	ASSERT_EQ(advice.steps.size(), 2u);
	EXPECT_EQ(advice.steps[1].text, "ALTER TABLE public.t VALIDATE CONSTRAINT t_qty_check1;");
}

} /* namespace */
} /* namespace pgsafe */
