/*-------------------------------------------------------------------------
 *
 * rules_test.cpp
 *		Which statements are findings: each rule, and the cases PostgreSQL
 *		handles without blocking (empty and local tables, NOT VALID, USING
 *		INDEX on NOT NULL columns, the FK skip-validation rule, ON ONLY).
 *
 * Besides the rule, each finding says what work is done under the lock,
 * which relations are read (only those other sessions can see) and their
 * size: the message and the advice are built from these.
 *
 * CREATE INDEX CONCURRENTLY and CREATE INDEX IF NOT EXISTS of an existing
 * index never reach the rules (the adapter builds no facts for them), so
 * they are covered by the regression tests, not here.
 *
 * IDENTIFICATION
 *	  test/unit/rules_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/rules.hpp"
#include "facts_builder.hpp"

namespace pgsafe {
namespace {

using testing::addColumn;
using testing::columnConstraint;
using testing::foreignKey;
using testing::foreignKeyConstraint;
using testing::inheritanceChild;
using testing::notNullColumn;
using testing::nullableColumn;
using testing::relation;

const QualifiedName kReferenced{"public", "r"};

RelationFacts
table(std::uint64_t bytes, RelationKind kind = RelationKind::Table, int parent = -1)
{
	return relation(parent < 0 ? "t" : "t_part", bytes, kind, parent);
}

StatementFacts
alterTable(std::vector<RelationFacts> relations, SubcommandFacts sub)
{
	StatementFacts facts = testing::alterTable("", std::move(relations));
	facts.alterTable.subcommands.push_back(sub);
	return facts;
}

StatementFacts
createIndex(std::vector<RelationFacts> relations)
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.table.relations = std::move(relations);
	return facts;
}

SubcommandFacts
addConstraint(ConstraintKind kind, std::vector<std::string> keys = {"a"})
{
	if (kind == ConstraintKind::ForeignKey)
		return foreignKey({"a"}, kReferenced);
	return testing::constraint(kind, std::move(keys));
}

SubcommandFacts
addColumnReferences(ColumnFill fill)
{
	SubcommandFacts sub = addColumn("a", fill);
	sub.column.constraints.push_back(foreignKeyConstraint({"a"}, kReferenced));
	return sub;
}

SubcommandFacts
addColumnWith(ConstraintKind kind, ColumnFill fill = ColumnFill::None)
{
	SubcommandFacts sub = addColumn("a", fill);
	sub.column.constraints.push_back(kind == ConstraintKind::ForeignKey ? foreignKeyConstraint({"a"}, kReferenced)
																		: columnConstraint(kind));
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
using Indexes = std::vector<int>;
using Names = std::vector<std::string>;

/* A two-level partitioned table: 0 parent; 1, 2 (partitioned; 3, 4 below it) and 5 partitions. */
std::vector<RelationFacts>
partitionTree()
{
	return {table(0, RelationKind::PartitionedTable),
			relation("t_2024", 8192, RelationKind::Table, 0),
			relation("t_2025", 0, RelationKind::PartitionedTable, 0),
			relation("t_2025_h1", 16384, RelationKind::Table, 2),
			relation("t_2025_h2", 0, RelationKind::Table, 2),
			relation("t_default", 24576, RelationKind::Table, 0)};
}

/* ---------------------------------------------------------------- each rule fires */

TEST(Rules, EachIndexConstraintOnANonEmptyTable)
{
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::Unique))), Rules{Rule::UniqueConstraint});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::Exclusion))),
			  Rules{Rule::ExclusionConstraint});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::PrimaryKey))), Rules{Rule::PrimaryKey});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::ForeignKey))), Rules{Rule::ForeignKey});
}

TEST(Rules, FindingsSayWhatWorkIsDoneAndWhatIsRead)
{
	struct Case
	{
		SubcommandFacts sub;
		Rule rule;
		Work work;
	};
	RelationFacts t = table(40960);
	t.columns = {nullableColumn("a")};
	SubcommandFacts usingIndex = addConstraint(ConstraintKind::PrimaryKey);
	usingIndex.constraint.usingIndex = "t_a_idx";
	usingIndex.constraint.usingIndexColumns = {"a"};

	for (const Case &c :
		 {Case{addConstraint(ConstraintKind::Unique), Rule::UniqueConstraint, Work::BuildIndex},
		  Case{addConstraint(ConstraintKind::PrimaryKey), Rule::PrimaryKey, Work::BuildIndex},
		  Case{usingIndex, Rule::PrimaryKeyUsingIndex, Work::CheckNulls},
		  Case{addConstraint(ConstraintKind::ForeignKey), Rule::ForeignKey, Work::ValidateRows},
		  Case{addConstraint(ConstraintKind::Exclusion), Rule::ExclusionConstraint, Work::BuildIndex},
		  Case{addColumnReferences(ColumnFill::Identity), Rule::IdentityForeignKey, Work::RewriteTable}})
	{
		std::vector<Finding> findings = findDangers(alterTable({t}, c.sub));
		ASSERT_EQ(findings.size(), 1u) << ruleName(c.rule);
		EXPECT_EQ(findings[0].rule, c.rule);
		EXPECT_EQ(findings[0].work, c.work) << ruleName(c.rule);
		EXPECT_EQ(findings[0].subcommand, 0);
		EXPECT_EQ(findings[0].columnConstraint, c.sub.kind == SubcommandKind::AddColumn ? 0 : -1);
		EXPECT_EQ(findings[0].scanned, Indexes{0});
		EXPECT_EQ(findings[0].bytes, 40960u);
		EXPECT_FALSE(findings[0].sizeUnknown);
	}
}

TEST(Rules, CreateIndexOnATableAMaterializedViewOrAsUnique)
{
	std::vector<Finding> findings = findDangers(createIndex({table(8192)}));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::CreateIndex);
	EXPECT_EQ(findings[0].work, Work::BuildIndex);
	EXPECT_EQ(findings[0].subcommand, -1);
	EXPECT_EQ(findings[0].columnConstraint, -1);
	EXPECT_EQ(findings[0].scanned, Indexes{0});
	EXPECT_EQ(findings[0].bytes, 8192u);

	EXPECT_EQ(rulesOf(createIndex({table(16384, RelationKind::MaterializedView)})), Rules{Rule::CreateIndex});

	StatementFacts unique = createIndex({table(8192)});
	unique.createIndex.unique = true;
	unique.createIndex.name = "t_a_uq";
	EXPECT_EQ(rulesOf(unique), Rules{Rule::CreateIndex});

	EXPECT_TRUE(rulesOf(createIndex({table(0)})).empty());
	EXPECT_TRUE(rulesOf(createIndex({table(0, RelationKind::MaterializedView)})).empty());
}

TEST(Rules, ColumnConstraintsOfAddColumn)
{
	std::vector<Finding> unique = findDangers(alterTable({table(8192)}, addColumnWith(ConstraintKind::Unique)));
	ASSERT_EQ(unique.size(), 1u);
	EXPECT_EQ(unique[0].rule, Rule::UniqueConstraint);
	EXPECT_EQ(unique[0].columnConstraint, 0);

	std::vector<Finding> pk = findDangers(alterTable({table(8192)}, addColumnWith(ConstraintKind::PrimaryKey)));
	ASSERT_EQ(pk.size(), 1u);
	EXPECT_EQ(pk[0].rule, Rule::PrimaryKey);
	EXPECT_EQ(pk[0].work, Work::BuildIndex);

	/* EXCLUDE and CHECK cannot be column constraints that build anything */
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, addColumnWith(ConstraintKind::Exclusion))).empty());
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, addColumnWith(ConstraintKind::Other))).empty());
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, addColumn("a"))).empty());
}

TEST(Rules, EveryConstraintOfOneColumnIsItsOwnFinding)
{
	SubcommandFacts sub = addColumn("a", ColumnFill::ConstantDefault);
	sub.column.constraints = {columnConstraint(ConstraintKind::Other),
							  columnConstraint(ConstraintKind::Unique),
							  foreignKeyConstraint({"a"}, kReferenced)};
	std::vector<Finding> findings = findDangers(alterTable({table(8192)}, sub));
	ASSERT_EQ(findings.size(), 2u);
	EXPECT_EQ(findings[0].rule, Rule::UniqueConstraint);
	EXPECT_EQ(findings[0].columnConstraint, 1);
	EXPECT_EQ(findings[1].rule, Rule::ForeignKey);
	EXPECT_EQ(findings[1].columnConstraint, 2);
}

TEST(Rules, FindingsFollowTheOrderOfTheSubcommands)
{
	StatementFacts facts = alterTable({table(8192)}, testing::otherSubcommand());
	facts.alterTable.subcommands.push_back(addConstraint(ConstraintKind::ForeignKey));
	facts.alterTable.subcommands.push_back(testing::otherSubcommand());
	facts.alterTable.subcommands.push_back(addConstraint(ConstraintKind::Unique));
	facts.alterTable.subcommands.push_back(addColumnWith(ConstraintKind::PrimaryKey));

	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 3u);
	EXPECT_EQ(findings[0].rule, Rule::ForeignKey);
	EXPECT_EQ(findings[0].subcommand, 1);
	EXPECT_EQ(findings[1].rule, Rule::UniqueConstraint);
	EXPECT_EQ(findings[1].subcommand, 3);
	EXPECT_EQ(findings[2].rule, Rule::PrimaryKey);
	EXPECT_EQ(findings[2].subcommand, 4);
	EXPECT_EQ(findings[2].columnConstraint, 0);
}

TEST(Rules, OtherSubcommandsAndConstraintsAreNotFindings)
{
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, testing::otherSubcommand())).empty());
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, addConstraint(ConstraintKind::Other))).empty());
}

TEST(Rules, NoRelationNoFinding)
{
	StatementFacts facts = alterTable({}, addConstraint(ConstraintKind::Unique));
	EXPECT_TRUE(findDangers(facts).empty());
	EXPECT_TRUE(findDangers(createIndex({})).empty());
}

/* ---------------------------------------------------------------- nobody is blocked */

TEST(Rules, NothingOnEmptyTemporaryOrSameTransactionTables)
{
	EXPECT_TRUE(rulesOf(alterTable({table(0)}, addConstraint(ConstraintKind::Unique))).empty());
	RelationFacts local = table(8192);
	local.local = true;
	EXPECT_TRUE(rulesOf(alterTable({local}, addConstraint(ConstraintKind::Unique))).empty());
}

TEST(Rules, NoRuleFiresOnAnEmptyTable)
{
	RelationFacts empty = table(0);
	empty.columns = {nullableColumn("a")};
	SubcommandFacts usingIndex = addConstraint(ConstraintKind::PrimaryKey);
	usingIndex.constraint.usingIndex = "t_a_idx";
	usingIndex.constraint.usingIndexColumns = {"a"};

	for (const SubcommandFacts &sub : {addConstraint(ConstraintKind::Unique),
									   addConstraint(ConstraintKind::PrimaryKey),
									   usingIndex,
									   addConstraint(ConstraintKind::ForeignKey),
									   addConstraint(ConstraintKind::Exclusion),
									   addColumnWith(ConstraintKind::Unique),
									   addColumnWith(ConstraintKind::PrimaryKey),
									   addColumnReferences(ColumnFill::ConstantDefault),
									   addColumnReferences(ColumnFill::Identity)})
		EXPECT_TRUE(rulesOf(alterTable({empty}, sub)).empty());
}

TEST(Rules, NoRuleFiresOnALocalTableWhateverItsSize)
{
	RelationFacts local = table(1ULL << 30);
	local.local = true;
	for (const SubcommandFacts &sub : {addConstraint(ConstraintKind::Unique),
									   addConstraint(ConstraintKind::PrimaryKey),
									   addConstraint(ConstraintKind::ForeignKey),
									   addConstraint(ConstraintKind::Exclusion),
									   addColumnWith(ConstraintKind::Unique),
									   addColumnReferences(ColumnFill::Identity)})
		EXPECT_TRUE(rulesOf(alterTable({local}, sub)).empty());
	EXPECT_TRUE(rulesOf(createIndex({local})).empty());

	/* a local table whose size is unknown: nobody else can be waiting on it */
	local.sizeKnown = false;
	EXPECT_TRUE(rulesOf(createIndex({local})).empty());
}

TEST(Rules, LocalPartitionsAreLeftOutOfWhatIsRead)
{
	std::vector<RelationFacts> tree = partitionTree();
	tree[5].local = true; /* attached in this transaction, say */
	std::vector<Finding> findings = findDangers(createIndex(tree));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3, 4}));
	EXPECT_EQ(findings[0].bytes, 8192u + 16384u);
}

TEST(Rules, MinTableSizeIsInclusive)
{
	StatementFacts facts = alterTable({table(65536)}, addConstraint(ConstraintKind::Unique));
	facts.session.minTableBytes = 65536;
	EXPECT_EQ(rulesOf(facts), Rules{Rule::UniqueConstraint});
	facts.session.minTableBytes = 65537;
	EXPECT_TRUE(rulesOf(facts).empty());

	/* the threshold applies to what the statement reads in all, not per relation */
	StatementFacts tree = createIndex(partitionTree());
	tree.session.minTableBytes = 8192 + 16384 + 24576;
	EXPECT_EQ(rulesOf(tree), Rules{Rule::CreateIndex});
	tree.session.minTableBytes++;
	EXPECT_TRUE(rulesOf(tree).empty());
}

TEST(Rules, AnUnreadableSizeCountsAsNotEmpty)
{
	RelationFacts busy = table(0);
	busy.sizeKnown = false;
	std::vector<Finding> findings = findDangers(alterTable({busy}, addConstraint(ConstraintKind::Unique)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_TRUE(findings[0].sizeUnknown);
}

TEST(Rules, AnUnreadableSizeIgnoresTheMinimumAndKeepsTheKnownBytes)
{
	std::vector<RelationFacts> tree = partitionTree();
	tree[4].sizeKnown = false;
	StatementFacts facts = createIndex(tree);
	facts.session.minTableBytes = 1ULL << 40;
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_TRUE(findings[0].sizeUnknown);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3, 4, 5}));
	EXPECT_EQ(findings[0].bytes, 8192u + 16384u + 24576u);
}

/* ---------------------------------------------------------------- partitions and inheritance */

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

TEST(Rules, AnIndexOnAPartitionedTableIsBuiltInEveryLeafBelowIt)
{
	std::vector<Finding> findings = findDangers(createIndex(partitionTree()));
	ASSERT_EQ(findings.size(), 1u);
	/* the leaves, in tree order; never the partitioned tables themselves */
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3, 4, 5}));
	EXPECT_EQ(findings[0].bytes, 8192u + 16384u + 24576u);

	findings = findDangers(alterTable(partitionTree(), addConstraint(ConstraintKind::PrimaryKey)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3, 4, 5}));
}

TEST(Rules, ADeepPartitionWithRowsIsEnough)
{
	std::vector<RelationFacts> tree = partitionTree();
	tree[1].bytes = 0;
	tree[5].bytes = 0;
	std::vector<Finding> findings = findDangers(createIndex(tree));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].bytes, 16384u);

	tree[3].bytes = 0;
	EXPECT_TRUE(rulesOf(createIndex(tree)).empty());
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

TEST(Rules, AlterTableOnlyAPartitionedTableBuildsNothing)
{
	RelationFacts parent = table(0, RelationKind::PartitionedTable);
	parent.columns = {nullableColumn("a")};
	RelationFacts leaf = relation("t_1", 8192, RelationKind::Table, 0);
	leaf.columns = {nullableColumn("a")};

	for (ConstraintKind kind : {ConstraintKind::Unique, ConstraintKind::PrimaryKey, ConstraintKind::Exclusion})
	{
		StatementFacts facts = alterTable({parent, leaf}, addConstraint(kind));
		facts.session.capabilities.exclusionOnPartitionedTables = true;
		EXPECT_FALSE(rulesOf(facts).empty()) << static_cast<int>(kind);
		facts.alterTable.only = true;
		EXPECT_TRUE(rulesOf(facts).empty()) << static_cast<int>(kind);
	}
}

/* What PostgreSQL refuses itself gets no finding: its own error comes, not advice that fails halfway. */
TEST(Rules, AUniqueKeyWithoutThePartitionKeyIsLeftToPostgreSQL)
{
	RelationFacts parent = table(0, RelationKind::PartitionedTable);
	parent.partitionKey = {"region"};
	RelationFacts middle = relation("t_1", 0, RelationKind::PartitionedTable, 0);
	middle.partitionKey = {"day"};
	RelationFacts leaf = relation("t_1_1", 8192, RelationKind::Table, 1);

	for (ConstraintKind kind : {ConstraintKind::Unique, ConstraintKind::PrimaryKey})
	{
		EXPECT_TRUE(rulesOf(alterTable({parent, middle, leaf}, addConstraint(kind, {"id"}))).empty());
		/* the root's key alone is not enough: the partitioned partition's is needed too */
		EXPECT_TRUE(rulesOf(alterTable({parent, middle, leaf}, addConstraint(kind, {"id", "region"}))).empty());
		EXPECT_FALSE(rulesOf(alterTable({parent, middle, leaf}, addConstraint(kind, {"id", "region", "day"}))).empty());
	}
	/* a foreign key has no such condition */
	EXPECT_FALSE(rulesOf(alterTable({parent, middle, leaf}, foreignKey({"id"}, kReferenced))).empty());

	StatementFacts index = createIndex({parent, middle, leaf});
	index.createIndex.unique = true;
	index.createIndex.keyColumns = {"id"};
	EXPECT_TRUE(rulesOf(index).empty());
	index.createIndex.keyColumns = {"day", "id", "region"};
	EXPECT_EQ(rulesOf(index), Rules{Rule::CreateIndex});
	index.createIndex.unique = false;
	index.createIndex.keyColumns = {"id"};
	EXPECT_EQ(rulesOf(index), Rules{Rule::CreateIndex});
}

TEST(Rules, AUniqueKeyOnAnExpressionPartitionKeyIsLeftToPostgreSQL)
{
	RelationFacts parent = table(0, RelationKind::PartitionedTable);
	parent.partitionKeyExpression = true;
	RelationFacts leaf = relation("t_1", 8192, RelationKind::Table, 0);
	EXPECT_TRUE(rulesOf(alterTable({parent, leaf}, addConstraint(ConstraintKind::Unique, {"a"}))).empty());
}

TEST(Rules, KeysOnAPartitionedTableWithAForeignPartitionAreLeftToPostgreSQL)
{
	RelationFacts parent = table(0, RelationKind::PartitionedTable);
	RelationFacts local = relation("t_1", 8192, RelationKind::Table, 0);
	RelationFacts remote = relation("t_f", 0, RelationKind::ForeignTable, 0);

	for (ConstraintKind kind : {ConstraintKind::Unique, ConstraintKind::PrimaryKey})
		EXPECT_TRUE(rulesOf(alterTable({parent, local, remote}, addConstraint(kind))).empty());
	EXPECT_TRUE(rulesOf(alterTable({parent, local, remote}, foreignKey({"a"}, kReferenced))).empty());
	/* ONLY the parent: no partition is touched */
	StatementFacts only = alterTable({parent, local, remote}, addConstraint(ConstraintKind::Unique));
	only.alterTable.only = true;
	EXPECT_TRUE(rulesOf(only).empty());
	/* a plain index skips the foreign partition and is built on the others */
	EXPECT_EQ(rulesOf(createIndex({parent, local, remote})), Rules{Rule::CreateIndex});
}

/* CREATE INDEX adopts a partition's matching index: below it, nothing is built */
TEST(Rules, CreateIndexBuildsOnlyWherePartitionsLackAMatchingIndex)
{
	std::vector<RelationFacts> tree = {table(0, RelationKind::PartitionedTable),
									   relation("t_a", 8192, RelationKind::Table, 0),
									   relation("t_b", 0, RelationKind::PartitionedTable, 0),
									   relation("t_b1", 8192, RelationKind::Table, 2),
									   relation("t_b2", 8192, RelationKind::Table, 2)};
	tree[1].adoptedIndex = "t_a_id";
	tree[3].adoptedIndex = "t_b1_id";
	std::vector<Finding> findings = findDangers(createIndex(tree));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, Indexes{4});

	/* the partitioned partition's own index covers its whole subtree */
	tree[2].adoptedIndex = "t_b_id";
	EXPECT_TRUE(rulesOf(createIndex(tree)).empty());
}

TEST(Rules, ExclusionOnAPartitionedTableIsRefusedBeforePostgreSQL17)
{
	RelationFacts parent = table(0, RelationKind::PartitionedTable);
	RelationFacts leaf = relation("t_1", 8192, RelationKind::Table, 0);

	StatementFacts facts = alterTable({parent, leaf}, addConstraint(ConstraintKind::Exclusion));
	facts.session.capabilities.exclusionOnPartitionedTables = false;
	EXPECT_TRUE(rulesOf(facts).empty());
	facts.session.capabilities.exclusionOnPartitionedTables = true;
	EXPECT_EQ(rulesOf(facts), Rules{Rule::ExclusionConstraint});
}

TEST(Rules, AnIndexOnAnInheritanceParentCoversTheParentAlone)
{
	std::vector<RelationFacts> tree{table(0), inheritanceChild("t_child", 81920, 0)};
	EXPECT_TRUE(rulesOf(createIndex(tree)).empty());
	EXPECT_TRUE(rulesOf(alterTable(tree, addConstraint(ConstraintKind::Unique))).empty());

	tree[0].bytes = 8192;
	std::vector<Finding> findings = findDangers(createIndex(tree));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, Indexes{0});
	EXPECT_EQ(findings[0].bytes, 8192u);
}

/* ---------------------------------------------------------------- PRIMARY KEY and NOT NULL */

TEST(Rules, PrimaryKeyOnNotNullColumnsOnlyBuildsTheIndex)
{
	RelationFacts t = table(8192);
	t.columns = {notNullColumn("a"), notNullColumn("b")};
	std::vector<Finding> findings = findDangers(alterTable({t}, addConstraint(ConstraintKind::PrimaryKey, {"a", "b"})));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::PrimaryKey);
	EXPECT_TRUE(findings[0].nullableColumns.empty());
	EXPECT_EQ(findings[0].scanned, Indexes{0});
}

TEST(Rules, PrimaryKeyNamesTheColumnsSetNotNullMustRead)
{
	RelationFacts t = table(8192);
	/* b is proven by a validated CHECK: SET NOT NULL runs but skips its scan */
	t.columns = {nullableColumn("a"), testing::column("b", false, true), notNullColumn("c"), nullableColumn("d")};
	std::vector<Finding> findings =
		findDangers(alterTable({t}, addConstraint(ConstraintKind::PrimaryKey, {"a", "b", "c", "d"})));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].nullableColumns, (Names{"a", "d"}));
	EXPECT_EQ(findings[0].scanned, Indexes{0});
}

TEST(Rules, PrimaryKeyOnAColumnTheSameStatementAdds)
{
	/* the adapter found no such column: another subcommand adds it, so it is null everywhere */
	StatementFacts facts = alterTable({table(8192)}, addColumn("id"));
	facts.alterTable.subcommands.push_back(addConstraint(ConstraintKind::PrimaryKey, {"id"}));
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].subcommand, 1);
	EXPECT_EQ(findings[0].nullableColumns, Names{"id"});
	EXPECT_EQ(findings[0].scanned, Indexes{0});
}

TEST(Rules, PrimaryKeyOnAnInheritanceParentChecksTheChildrenForNulls)
{
	RelationFacts parent = table(0);
	parent.columns = {nullableColumn("id")};
	RelationFacts child = inheritanceChild("t_child", 16384, 0);
	child.columns = {nullableColumn("id")};

	/* SET NOT NULL recurses: the child is read even though the index is on the parent alone */
	std::vector<Finding> findings =
		findDangers(alterTable({parent, child}, addConstraint(ConstraintKind::PrimaryKey, {"id"})));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{0, 1}));
	EXPECT_EQ(findings[0].bytes, 16384u);
	EXPECT_EQ(findings[0].nullableColumns, Names{"id"});

	/* a child proven NOT NULL is not read */
	child.columns = {testing::column("id", false, true)};
	EXPECT_TRUE(rulesOf(alterTable({parent, child}, addConstraint(ConstraintKind::PrimaryKey, {"id"}))).empty());

	/* with ONLY, SET NOT NULL stays on the parent */
	child.columns = {nullableColumn("id")};
	StatementFacts only = alterTable({parent, child}, addConstraint(ConstraintKind::PrimaryKey, {"id"}));
	only.alterTable.only = true;
	EXPECT_TRUE(rulesOf(only).empty());

	/* a parent already marked NOT NULL generates no SET NOT NULL at all */
	parent.columns = {notNullColumn("id")};
	EXPECT_TRUE(rulesOf(alterTable({parent, child}, addConstraint(ConstraintKind::PrimaryKey, {"id"}))).empty());
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

TEST(Rules, UsingIndexLooksAtTheIndexColumnsNotTheWrittenKeys)
{
	RelationFacts t = table(8192);
	t.columns = {notNullColumn("a"), nullableColumn("b")};
	SubcommandFacts pk = addConstraint(ConstraintKind::PrimaryKey, {});
	pk.constraint.usingIndex = "t_a_b_idx";
	pk.constraint.usingIndexColumns = {"a", "b"};
	std::vector<Finding> findings = findDangers(alterTable({t}, pk));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].work, Work::CheckNulls);
	EXPECT_EQ(findings[0].nullableColumns, Names{"b"});

	t.columns[1] = notNullColumn("b");
	EXPECT_TRUE(rulesOf(alterTable({t}, pk)).empty());

	/* UNIQUE USING INDEX never reads a row, nullable or not */
	SubcommandFacts unique = addConstraint(ConstraintKind::Unique, {});
	unique.constraint.usingIndex = "t_a_b_idx";
	unique.constraint.usingIndexColumns = {"a", "b"};
	t.columns[1] = nullableColumn("b");
	EXPECT_TRUE(rulesOf(alterTable({t}, unique)).empty());
}

/* ---------------------------------------------------------------- FOREIGN KEY */

TEST(Rules, NotValidAndUnenforcedForeignKeysAreFine)
{
	SubcommandFacts notValid = addConstraint(ConstraintKind::ForeignKey);
	notValid.constraint.foreignKey.notValid = true;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, notValid)).empty());

	SubcommandFacts unenforced = addConstraint(ConstraintKind::ForeignKey);
	unenforced.constraint.foreignKey.enforced = false;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, unenforced)).empty());
}

TEST(Rules, AForeignKeyToATableThatCannotBeFoundIsLeftToPostgreSQL)
{
	SubcommandFacts missing = addConstraint(ConstraintKind::ForeignKey);
	missing.constraint.foreignKey.referencedFound = false;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, missing)).empty());

	SubcommandFacts column = addColumnReferences(ColumnFill::ConstantDefault);
	column.column.constraints[0].foreignKey.referencedFound = false;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, column)).empty());
}

TEST(Rules, AForeignKeyOnAPartitionedTableIsValidatedInEveryLeaf)
{
	std::vector<Finding> findings = findDangers(alterTable(partitionTree(), addConstraint(ConstraintKind::ForeignKey)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::ForeignKey);
	EXPECT_EQ(findings[0].scanned, (Indexes{1, 3, 4, 5}));
	EXPECT_EQ(findings[0].bytes, 8192u + 16384u + 24576u);
}

TEST(Rules, LeavesWithAValidatedKeyAreAdoptedWithoutAScan)
{
	SubcommandFacts fk = addConstraint(ConstraintKind::ForeignKey);
	fk.constraint.foreignKey.validatedIn = {1, 3};
	std::vector<Finding> findings = findDangers(alterTable(partitionTree(), fk));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (Indexes{4, 5}));
	EXPECT_EQ(findings[0].bytes, 24576u);

	/* every leaf with rows holds it already: the last step of the advice itself */
	fk.constraint.foreignKey.validatedIn = {1, 3, 5};
	EXPECT_TRUE(rulesOf(alterTable(partitionTree(), fk)).empty());
}

TEST(Rules, AddColumnReferencesFollowsTheSkipValidationRule)
{
	/* no DEFAULT clause at all: every existing row is NULL, PostgreSQL skips validation */
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, addColumnReferences(ColumnFill::None))).empty());
	/* any DEFAULT clause, even DEFAULT NULL, and serial or generated columns: validated */
	for (ColumnFill fill : {ColumnFill::NullDefault, ColumnFill::ConstantDefault})
		EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumnReferences(fill))), Rules{Rule::ForeignKey})
			<< static_cast<int>(fill);
	/* ... after the rewrite, for a column that rewrites the table */
	for (ColumnFill fill : {ColumnFill::ExpressionDefault, ColumnFill::Serial, ColumnFill::Generated})
		EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumnReferences(fill))),
				  (Rules{Rule::AddColumnRewrite, Rule::ForeignKey}))
			<< static_cast<int>(fill);
	/* identity: not validated, yet every row gets a value nobody checked */
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumnReferences(ColumnFill::Identity))),
			  Rules{Rule::IdentityForeignKey});
}

TEST(Rules, AddColumnReferencesWithADefaultIsValidatedWork)
{
	std::vector<Finding> findings =
		findDangers(alterTable({table(8192)}, addColumnReferences(ColumnFill::NullDefault)));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].work, Work::ValidateRows);
	EXPECT_EQ(findings[0].columnConstraint, 0);

	/* NOT VALID or NOT ENFORCED on the column constraint: nothing is read */
	SubcommandFacts unenforced = addColumnReferences(ColumnFill::ConstantDefault);
	unenforced.column.constraints[0].foreignKey.enforced = false;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, unenforced)).empty());
	/* an identity column still rewrites the table */
	SubcommandFacts identityUnenforced = addColumnReferences(ColumnFill::Identity);
	identityUnenforced.column.constraints[0].foreignKey.enforced = false;
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, identityUnenforced)), Rules{Rule::AddColumnRewrite});
}

TEST(Rules, AnIdentityColumnWithoutReferencesRewritesTheTable)
{
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumn("id", ColumnFill::Identity))), Rules{Rule::AddColumnRewrite});
	EXPECT_EQ(rulesOf(alterTable({table(8192)}, addColumnWith(ConstraintKind::PrimaryKey, ColumnFill::Identity))),
			  (Rules{Rule::AddColumnRewrite, Rule::PrimaryKey}));
}

TEST(Rules, AddColumnIfNotExistsOfAnExistingColumnDoesNothing)
{
	SubcommandFacts sub = addColumnReferences(ColumnFill::ConstantDefault);
	sub.column.skipped = true;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, sub)).empty());

	SubcommandFacts unique = addColumnWith(ConstraintKind::Unique);
	unique.column.skipped = true;
	EXPECT_TRUE(rulesOf(alterTable({table(8192)}, unique)).empty());
}

/* ---------------------------------------------------------------- helpers */

TEST(Rules, FindingConstraintPointsAtTheTableOrColumnConstraint)
{
	StatementFacts facts = alterTable({table(8192)}, addConstraint(ConstraintKind::Unique, {"x"}));
	SubcommandFacts column = addColumn("c", ColumnFill::ConstantDefault);
	column.column.constraints = {columnConstraint(ConstraintKind::Other), foreignKeyConstraint({"c"}, kReferenced)};
	facts.alterTable.subcommands.push_back(column);

	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 2u);
	EXPECT_EQ(findingConstraint(facts, findings[0]), &facts.alterTable.subcommands[0].constraint);
	EXPECT_EQ(findingConstraint(facts, findings[1]), &facts.alterTable.subcommands[1].column.constraints[1]);

	StatementFacts index = createIndex({table(8192)});
	std::vector<Finding> indexFindings = findDangers(index);
	ASSERT_EQ(indexFindings.size(), 1u);
	EXPECT_EQ(findingConstraint(index, indexFindings[0]), nullptr);
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

TEST(RelationTree, LeavesAndPartitionedTablesInTheirOrder)
{
	RelationTree tree;
	tree.relations = partitionTree();
	EXPECT_EQ(tree.childrenOf(0), (Indexes{1, 2, 5}));
	EXPECT_EQ(tree.childrenOf(2), (Indexes{3, 4}));
	EXPECT_TRUE(tree.childrenOf(1).empty());
	EXPECT_EQ(tree.leavesUnder(0), (Indexes{1, 3, 4, 5}));
	EXPECT_EQ(tree.leavesUnder(2), (Indexes{3, 4}));
	EXPECT_EQ(tree.leavesUnder(1), Indexes{1});
	/* children before their parents */
	EXPECT_EQ(tree.partitionedUnder(0), (Indexes{2, 0}));
	EXPECT_TRUE(tree.partitionedUnder(1).empty());
}

TEST(StatementFacts, SliceIsEmptyForUnknownOrOutOfRangeSpans)
{
	StatementFacts facts;
	facts.text = "ALTER TABLE t ADD UNIQUE (a)";
	EXPECT_EQ(facts.slice(TextSpan::of(14, 28)), "ADD UNIQUE (a)");
	EXPECT_EQ(facts.slice(TextSpan{}), "");
	EXPECT_EQ(facts.slice(TextSpan::of(20, 10)), "");
	EXPECT_EQ(facts.slice(TextSpan::of(14, 29)), "");
}

/*
 * VALIDATE CONSTRAINT: flagged only when the rows are read under a lock
 * that blocks writes, one the transaction holds already or one the same
 * statement takes; of a constraint not yet valid on the table.
 */
SubcommandFacts
validateConstraint(ValidatedKind kind = ValidatedKind::ForeignKey, std::vector<int> notValidIn = {0})
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::ValidateConstraint;
	sub.constraint.name = kind == ValidatedKind::Check ? "t_a_check" : "t_a_fkey";
	sub.validate.kind = kind;
	sub.validate.notValidIn = std::move(notValidIn);
	return sub;
}

StatementFacts
validateAlone(std::vector<RelationFacts> relations, SubcommandFacts sub, LockMode held)
{
	StatementFacts facts = alterTable(std::move(relations), std::move(sub));
	facts.alterTable.lock = LockMode::ShareUpdateExclusive;
	facts.alterTable.heldLock = held;
	return facts;
}

TEST(Rules, ValidateUnderAWriteBlockingLockIsFlagged)
{
	for (LockMode held : {LockMode::Share, LockMode::ShareRowExclusive, LockMode::Exclusive, LockMode::AccessExclusive})
	{
		StatementFacts facts = validateAlone({table(8192)}, validateConstraint(), held);
		std::vector<Finding> findings = findDangers(facts);
		ASSERT_EQ(findings.size(), 1u);
		EXPECT_EQ(findings[0].rule, Rule::ValidateUnderLock);
		EXPECT_EQ(findings[0].work, Work::ValidateRows);
		EXPECT_EQ(findings[0].lock, held);
		EXPECT_EQ(findings[0].bytes, 8192u);
	}
	EXPECT_STREQ(ruleName(Rule::ValidateUnderLock), "validate-under-lock");
}

TEST(Rules, ValidateAloneOrOnAnInvisibleOrEmptyTableIsNotFlagged)
{
	for (LockMode held :
		 {LockMode::None, LockMode::AccessShare, LockMode::RowExclusive, LockMode::ShareUpdateExclusive})
	{
		StatementFacts facts = validateAlone({table(8192)}, validateConstraint(), held);
		EXPECT_TRUE(findDangers(facts).empty());
	}
	StatementFacts empty = validateAlone({table(0)}, validateConstraint(), LockMode::AccessExclusive);
	EXPECT_TRUE(findDangers(empty).empty());

	StatementFacts local = validateAlone({table(8192)}, validateConstraint(), LockMode::AccessExclusive);
	local.table.relations[0].local = true;
	EXPECT_TRUE(findDangers(local).empty());
}

TEST(Rules, ValidateOfAValidOrMissingConstraintReadsNothing)
{
	/* PostgreSQL's VALIDATE does nothing for a constraint that is valid already */
	StatementFacts valid =
		validateAlone({table(8192)}, validateConstraint(ValidatedKind::Check, {}), LockMode::AccessExclusive);
	EXPECT_TRUE(findDangers(valid).empty());
	StatementFacts missing =
		validateAlone({table(8192)}, validateConstraint(ValidatedKind::Missing, {}), LockMode::AccessExclusive);
	EXPECT_TRUE(findDangers(missing).empty());
}

TEST(Rules, ValidateUnderTheLockOfTheSameStatementIsFlagged)
{
	/* ADD ... NOT VALID, VALIDATE CONSTRAINT in one ALTER TABLE: the ADD's lock is taken first */
	StatementFacts facts = alterTable({table(8192)}, validateConstraint());
	facts.alterTable.lock = LockMode::ShareRowExclusive;
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::ValidateUnderLock);
	EXPECT_EQ(findings[0].lock, LockMode::ShareRowExclusive);
	EXPECT_TRUE(findings[0].lockFromStatement);

	/* a held lock stronger than the statement's own: it is the transaction's */
	facts.alterTable.heldLock = LockMode::AccessExclusive;
	findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_FALSE(findings[0].lockFromStatement);
}

TEST(Rules, ValidateOfACheckReadsTheChildrenWhereItIsNotValid)
{
	/* an empty inheritance parent, two filled children, one of them valid already */
	std::vector<RelationFacts> tree{table(0), inheritanceChild("c1", 100000, 0), inheritanceChild("c2", 7000, 0)};
	StatementFacts facts =
		validateAlone(tree, validateConstraint(ValidatedKind::Check, {0, 1}), LockMode::AccessExclusive);
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, std::vector<int>({0, 1}));
	EXPECT_EQ(findings[0].bytes, 100000u);

	/* NO INHERIT, ONLY, or a foreign key: the table alone, which is empty */
	StatementFacts noInherit = facts;
	noInherit.alterTable.subcommands[0].validate.noInherit = true;
	EXPECT_TRUE(findDangers(noInherit).empty());
	StatementFacts only = facts;
	only.alterTable.only = true;
	EXPECT_TRUE(findDangers(only).empty());
	StatementFacts foreign =
		validateAlone(tree, validateConstraint(ValidatedKind::ForeignKey, {0, 1}), LockMode::AccessExclusive);
	EXPECT_TRUE(findDangers(foreign).empty());
}

} /* namespace */
} /* namespace pgsafe */
