/*-------------------------------------------------------------------------
 *
 * rules_test.cpp
 *		Which statements are findings: each rule, and the cases PostgreSQL
 *		handles without blocking (empty and local tables, NOT VALID, USING
 *		INDEX on NOT NULL columns, the FK skip-validation rule, ON ONLY).
 *
 * IDENTIFICATION
 *	  test/unit/rules_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/rules.hpp"

namespace pgsafe {
namespace {

RelationFacts
table(std::uint64_t bytes, RelationKind kind = RelationKind::Table, int parent = -1)
{
	RelationFacts r;
	r.name = QualifiedName{"public", parent < 0 ? "t" : "t_part"};
	r.kind = kind;
	r.bytes = bytes;
	r.parent = parent;
	r.isPartition = parent >= 0;
	return r;
}

StatementFacts
alterTable(std::vector<RelationFacts> relations, SubcommandFacts sub)
{
	StatementFacts facts;
	facts.kind = StatementKind::AlterTable;
	facts.table.relations = std::move(relations);
	facts.alterTable.subcommands.push_back(sub);
	return facts;
}

SubcommandFacts
addConstraint(ConstraintKind kind, std::vector<std::string> keys = {"a"})
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddConstraint;
	sub.constraint.kind = kind;
	sub.constraint.keys = std::move(keys);
	if (kind == ConstraintKind::ForeignKey)
	{
		sub.constraint.foreignKey.referenced = QualifiedName{"public", "r"};
		sub.constraint.foreignKey.referencedFound = true;
		sub.constraint.foreignKey.columns = {"a"};
	}
	return sub;
}

SubcommandFacts
addColumnReferences(ColumnFill fill)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddColumn;
	sub.column.name = "a";
	sub.column.fill = fill;
	ConstraintFacts fk;
	fk.kind = ConstraintKind::ForeignKey;
	fk.foreignKey.referenced = QualifiedName{"public", "r"};
	fk.foreignKey.referencedFound = true;
	fk.foreignKey.columns = {"a"};
	sub.column.constraints.push_back(fk);
	return sub;
}

std::vector<Rule>
rulesOf(const StatementFacts &facts)
{
	std::vector<Rule> rules;
	for (const auto &f : findDangers(facts))
		rules.push_back(f.rule);
	return rules;
}

using Rules = std::vector<Rule>;

TEST(Rules, EachIndexConstraintOnANonEmptyTable)
{
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::Unique))), Rules{Rule::UniqueConstraint});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::Exclusion))),
			  Rules{Rule::ExclusionConstraint});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::PrimaryKey))), Rules{Rule::PrimaryKey});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::ForeignKey))), Rules{Rule::ForeignKey});
}

TEST(Rules, NothingOnEmptyTemporaryOrSameTransactionTables)
{
	EXPECT_TRUE(rulesOf(alterTable({table(0)}, addConstraint(ConstraintKind::Unique))).empty());
	RelationFacts local = table(8192);
	local.local = true;
	EXPECT_TRUE(rulesOf(alterTable({local}, addConstraint(ConstraintKind::Unique))).empty());
}

TEST(Rules, AnUnreadableSizeCountsAsNotEmpty)
{
	RelationFacts busy = table(0);
	busy.sizeKnown = false;
	std::vector<Finding> findings = findDangers(alterTable({busy}, addConstraint(ConstraintKind::Unique)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_TRUE(findings[0].sizeUnknown);
}

TEST(Rules, APartitionWithRowsMakesItsParentNonEmpty)
{
	std::vector<RelationFacts> tree{table(0, RelationKind::PartitionedTable),
									table(0, RelationKind::Table, 0),
									table(8192, RelationKind::Table, 0)};
	std::vector<Finding> findings = findDangers(alterTable(tree, addConstraint(ConstraintKind::Unique)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (std::vector<int>{1, 2}));
	EXPECT_EQ(findings[0].bytes, 8192u);

	tree[2].bytes = 0;
	EXPECT_TRUE(rulesOf(alterTable(tree, addConstraint(ConstraintKind::Unique))).empty());
}

TEST(Rules, NotValidAndUnenforcedForeignKeysAreFine)
{
	SubcommandFacts notValid = addConstraint(ConstraintKind::ForeignKey);
	notValid.constraint.foreignKey.notValid = true;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, notValid)).empty());

	SubcommandFacts unenforced = addConstraint(ConstraintKind::ForeignKey);
	unenforced.constraint.foreignKey.enforced = false;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, unenforced)).empty());
}

TEST(Rules, UsingIndexIsSafeOnlyOnNotNullColumns)
{
	SubcommandFacts unique = addConstraint(ConstraintKind::Unique);
	unique.constraint.usingIndex = "t_a_idx";
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, unique)).empty());

	SubcommandFacts pk = addConstraint(ConstraintKind::PrimaryKey);
	pk.constraint.usingIndex = "t_a_idx";
	pk.constraint.usingIndexColumns = {"a"};
	RelationFacts nullable = table(8192);
	ColumnNullability a;
	a.name = "a";
	a.exists = true;
	nullable.columns.push_back(a);
	std::vector<Finding> findings = findDangers(alterTable({nullable}, pk));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::PrimaryKeyUsingIndex);
	EXPECT_EQ(findings[0].nullableColumns, std::vector<std::string>{"a"});

	RelationFacts proven = nullable;
	proven.columns[0].provenNotNull = true;
	EXPECT_TRUE(rulesOf(alterTable({proven}, pk)).empty());
}

TEST(Rules, AddColumnReferencesFollowsTheSkipValidationRule)
{
	/* no DEFAULT clause at all: every existing row is NULL, PostgreSQL skips validation */
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, addColumnReferences(ColumnFill::None))).empty());
	/* any DEFAULT clause, even DEFAULT NULL, and serial or generated columns: validated */
	for (ColumnFill fill : {ColumnFill::NullDefault,
							ColumnFill::ConstantDefault,
							ColumnFill::ExpressionDefault,
							ColumnFill::Serial,
							ColumnFill::Generated})
		EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumnReferences(fill))), Rules{Rule::ForeignKey})
			<< static_cast<int>(fill);
	/* identity: not validated, yet every row gets a value nobody checked */
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumnReferences(ColumnFill::Identity))),
			  Rules{Rule::IdentityForeignKey});
}

TEST(Rules, AddColumnIfNotExistsOfAnExistingColumnDoesNothing)
{
	SubcommandFacts sub = addColumnReferences(ColumnFill::ConstantDefault);
	sub.column.skipped = true;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, sub)).empty());
}

TEST(Rules, CreateIndexOnOnlyAPartitionedParentReadsNothing)
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.table.relations = {table(0, RelationKind::PartitionedTable), table(8192, RelationKind::Table, 0)};
	EXPECT_EQ(rulesOf(facts), Rules{Rule::CreateIndex});

	facts.createIndex.only = true;
	EXPECT_TRUE(rulesOf(facts).empty());
}

TEST(Rules, StableNames)
{
	EXPECT_STREQ(ruleName(Rule::UniqueConstraint), "unique-constraint");
	EXPECT_STREQ(ruleName(Rule::PrimaryKey), "primary-key");
	EXPECT_STREQ(ruleName(Rule::PrimaryKeyUsingIndex), "primary-key-using-index");
	EXPECT_STREQ(ruleName(Rule::ForeignKey), "foreign-key");
	EXPECT_STREQ(ruleName(Rule::IdentityForeignKey), "identity-foreign-key");
	EXPECT_STREQ(ruleName(Rule::ExclusionConstraint), "exclusion-constraint");
	EXPECT_STREQ(ruleName(Rule::CreateIndex), "create-index");
}

} /* namespace */
} /* namespace pgsafe */
