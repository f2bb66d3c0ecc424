/*-------------------------------------------------------------------------
 *
 * set_not_null_test.cpp
 *		set-not-null: which SET NOT NULL subcommands read rows, and where.
 *
 * IDENTIFICATION
 *	  test/unit/set_not_null_test.cpp
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

using testing::column;
using testing::inheritanceChild;
using testing::notNullColumn;
using testing::nullableColumn;
using testing::relation;

using Indexes = std::vector<int>;

SubcommandFacts
setNotNull(const std::string &name)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::SetNotNull;
	sub.phase = SubcommandPhase::ColumnAttributes;
	sub.column.name = name;
	return sub;
}

RelationFacts
withColumn(RelationFacts rel, ColumnNullability c)
{
	rel.columns = {c};
	return rel;
}

StatementFacts
statement(std::vector<RelationFacts> relations, std::vector<SubcommandFacts> subs, bool only = false)
{
	StatementFacts facts = testing::alterTable("ALTER TABLE t ALTER COLUMN a SET NOT NULL", std::move(relations));
	facts.alterTable.subcommands = std::move(subs);
	facts.alterTable.only = only;
	return facts;
}

std::vector<Finding>
ofRule(const StatementFacts &facts)
{
	std::vector<Finding> result;
	for (const auto &f : findDangers(facts))
		if (f.rule == Rule::SetNotNull)
			result.push_back(f);
	return result;
}

TEST(SetNotNull, ANullableColumnOfANonEmptyTableIsRead)
{
	auto findings = ofRule(statement({withColumn(relation("t", 8192), nullableColumn("a"))}, {setNotNull("a")}));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].work, Work::CheckNulls);
	EXPECT_EQ(findings[0].scanned, Indexes{0});
	EXPECT_EQ(findings[0].bytes, 8192u);
}

TEST(SetNotNull, NotWhenMarkedOrProvenOrEmpty)
{
	EXPECT_TRUE(ofRule(statement({withColumn(relation("t", 8192), notNullColumn("a"))}, {setNotNull("a")})).empty());
	EXPECT_TRUE(
		ofRule(statement({withColumn(relation("t", 8192), column("a", false, true))}, {setNotNull("a")})).empty());
	EXPECT_TRUE(ofRule(statement({withColumn(relation("t", 0), nullableColumn("a"))}, {setNotNull("a")})).empty());
	/* a column that does not exist: PostgreSQL's own error */
	EXPECT_TRUE(ofRule(statement({relation("t", 8192)}, {setNotNull("a")})).empty());
}

TEST(SetNotNull, PartitionsNotProvenAreRead)
{
	std::vector<RelationFacts> tree = {
		withColumn(relation("t", 0, RelationKind::PartitionedTable), nullableColumn("a")),
		withColumn(relation("t_1", 8192, RelationKind::Table, 0), nullableColumn("a")),
		withColumn(relation("t_2", 8192, RelationKind::Table, 0), column("a", false, true)),
		withColumn(relation("t_3", 0, RelationKind::Table, 0), nullableColumn("a"))};
	auto findings = ofRule(statement(tree, {setNotNull("a")}));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3}));
	EXPECT_EQ(findings[0].bytes, 8192u);

	/* ONLY a partitioned table reads nothing */
	EXPECT_TRUE(ofRule(statement(tree, {setNotNull("a")}, true)).empty());
}

TEST(SetNotNull, InheritanceChildrenAreReadEvenUnderAParentMarkedNotNull)
{
	std::vector<RelationFacts> tree = {withColumn(relation("t", 8192), notNullColumn("a")),
									   withColumn(inheritanceChild("c", 8192, 0), nullableColumn("a"))};
	auto findings = ofRule(statement(tree, {setNotNull("a")}));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, Indexes{1});
	/* ONLY: the parent alone, already NOT NULL */
	EXPECT_TRUE(ofRule(statement(tree, {setNotNull("a")}, true)).empty());
}

TEST(SetNotNull, AColumnAddedByTheSameStatement)
{
	RelationFacts t = relation("t", 8192);
	SubcommandFacts constant = testing::addColumn("a", ColumnFill::ConstantDefault);
	SubcommandFacts serial = testing::addColumn("a", ColumnFill::Serial);
	/* a default stored once: PostgreSQL then reads every row for SET NOT NULL */
	auto findings = ofRule(statement({t}, {constant, setNotNull("a")}));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].subcommand, 1);
	/* a rewrite checks it as it writes */
	EXPECT_TRUE(ofRule(statement({t}, {serial, setNotNull("a")})).empty());
}

TEST(SetNotNull, APrimaryKeyOnTheColumnOrAnEarlierSetNotNullCoversIt)
{
	RelationFacts t = withColumn(relation("t", 8192), nullableColumn("a"));
	EXPECT_TRUE(
		ofRule(statement({t}, {setNotNull("a"), testing::constraint(ConstraintKind::PrimaryKey, {"a"})})).empty());
	EXPECT_EQ(ofRule(statement({t}, {setNotNull("a"), setNotNull("a")})).size(), 1u);
}

TEST(SetNotNull, TheAdviceProvesTheColumnFirst)
{
	StatementFacts facts = statement({withColumn(relation("t", 8192), nullableColumn("a"))}, {setNotNull("a")});
	facts.alterTable.subcommands[0].span = testing::spanOf(facts.text, "ALTER COLUMN a SET NOT NULL");
	testing::FakeCatalog catalog;
	Advice advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	ASSERT_EQ(advice.steps.size(), 4u);
	EXPECT_EQ(advice.steps[0].text,
			  "ALTER TABLE public.t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;");
	EXPECT_EQ(advice.steps[1].kind, StepKind::Validate);
	EXPECT_EQ(advice.steps[2].text, "ALTER TABLE public.t ALTER COLUMN a SET NOT NULL;");
	EXPECT_EQ(advice.steps[3].text, "ALTER TABLE public.t DROP CONSTRAINT t_a_not_null;");

	facts.session.capabilities.notNullConstraintNotValid = true;
	advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	ASSERT_EQ(advice.steps.size(), 2u);
	EXPECT_EQ(advice.steps[0].text, "ALTER TABLE public.t ADD CONSTRAINT t_a_not_null NOT NULL a NOT VALID;");
	/* the words say what 18's steps do: no CHECK, no SET NOT NULL */
	ASSERT_EQ(advice.sentences.size(), 1u);
	EXPECT_EQ(advice.sentences[0].find("CHECK"), std::string::npos);
	EXPECT_NE(advice.sentences[0].find("NOT NULL constraint NOT VALID"), std::string::npos);
}

} /* namespace */
} /* namespace pgsafe */
