/*-------------------------------------------------------------------------
 *
 * vacuum_full_test.cpp
 *		The vacuum-full and cluster rules: which rewrites are findings,
 *		their messages, and the pg_repack advice, as a shell line, with
 *		the tables pg_repack cannot rewrite named.
 *
 * IDENTIFICATION
 *	  test/unit/vacuum_full_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/analysis.hpp"
#include "core/rules.hpp"
#include "core/rules/repack.hpp"
#include "facts_builder.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::FakeCatalog;
using testing::relation;

/* relations[0] stands for the statement; each table follows under it */
StatementFacts
rewrite(StatementKind kind, const std::string &text)
{
	StatementFacts facts;
	facts.kind = kind;
	facts.text = text;
	facts.session.topLevel = true;
	RelationFacts stand = relation("db", 0, RelationKind::Other);
	stand.name.schema = "";
	stand.local = true;
	facts.table.relations = {stand};
	facts.rewrite.database = "db";
	facts.rewrite.repackInstalled = true;
	facts.rewrite.repackable = {false};
	facts.rewrite.missingKey = {false};
	return facts;
}

int
add(StatementFacts &facts, RelationFacts rel, bool named, bool repackable = true, bool missingKey = false,
	int parent = 0)
{
	rel.parent = parent;
	facts.table.relations.push_back(rel);
	int index = static_cast<int>(facts.table.relations.size()) - 1;
	if (named)
		facts.rewrite.named.push_back(index);
	facts.rewrite.repackable.push_back(repackable);
	facts.rewrite.missingKey.push_back(missingKey);
	return index;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Bounded);
}

TEST(VacuumFull, ATableWithRowsIsFlagged)
{
	StatementFacts facts = rewrite(StatementKind::VacuumFull, "VACUUM FULL t");
	add(facts, relation("t", 8192), true);
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::VacuumFull);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_EQ(findings[0].bytes, 8192u);
}

TEST(VacuumFull, EmptyOrLocalTablesAreNot)
{
	StatementFacts empty = rewrite(StatementKind::VacuumFull, "VACUUM FULL t");
	add(empty, relation("t", 0), true);
	EXPECT_TRUE(findDangers(empty).empty());
	StatementFacts local = rewrite(StatementKind::VacuumFull, "VACUUM FULL t");
	RelationFacts t = relation("t", 8192);
	t.local = true;
	add(local, t, true);
	EXPECT_TRUE(findDangers(local).empty());
}

TEST(VacuumFull, TheHintIsAShellLineWithQuotedNames)
{
	StatementFacts facts = rewrite(StatementKind::VacuumFull, "VACUUM FULL \"it's\"");
	facts.rewrite.repackInstalled = false;
	add(facts, relation("it's", 8192, RelationKind::Table, -1, "My Schema"), true);
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "vacuum-full");
	EXPECT_NE(report->message.find("ACCESS EXCLUSIVE lock on table \"My Schema.it's\""), std::string::npos);
	EXPECT_NE(
		report->script.find(
			"\\! PGOPTIONS='-c pgsafe.mode=off' pg_repack --no-order --dbname=db --table='\"My Schema\".\"it'\\''s\"'"),
		std::string::npos);
	EXPECT_NE(report->script.find("CREATE EXTENSION pg_repack;"), std::string::npos);
	EXPECT_NE(report->advice.find("plain VACUUM"), std::string::npos);
	EXPECT_NE(report->advice.find("VACUUM \"My Schema\".\"it's\";"), std::string::npos);
}

TEST(VacuumFull, TablesWithoutAKeyAreNamedAndLeftOut)
{
	StatementFacts facts = rewrite(StatementKind::VacuumFull, "VACUUM FULL a, b, c");
	add(facts, relation("a", 8192), true);
	add(facts, relation("b", 8192), true, false, true);
	add(facts, relation("c", 8192, RelationKind::MaterializedView), true, false, false);
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("each table it names in turn"), std::string::npos);
	EXPECT_NE(report->script.find("--dbname=db --table=public.a"), std::string::npos);
	EXPECT_EQ(report->script.find("public.b"), std::string::npos);
	EXPECT_NE(report->advice.find("pg_repack cannot rewrite \"public.b\": it needs a PRIMARY KEY"), std::string::npos);
	EXPECT_NE(report->advice.find("not \"public.c\""), std::string::npos);
	EXPECT_EQ(report->script.find("CREATE EXTENSION"), std::string::npos);
}

TEST(VacuumFull, NoTableRepackCanDoGivesNoCommand)
{
	StatementFacts facts = rewrite(StatementKind::VacuumFull, "VACUUM FULL b");
	add(facts, relation("b", 8192), true, false, true);
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script.find("pg_repack"), std::string::npos);
	EXPECT_NE(report->advice.find("no online VACUUM FULL"), std::string::npos);
}

TEST(VacuumFull, APartitionedTableIsRepackedAsAParent)
{
	StatementFacts facts = rewrite(StatementKind::VacuumFull, "VACUUM FULL p");
	int p = add(facts, relation("p", 0, RelationKind::PartitionedTable), true, false);
	add(facts, relation("p1", 8192, RelationKind::Table, p), false, true, false, p);
	add(facts, relation("p2", 0, RelationKind::Table, p), false, true, false, p);
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned.size(), 1u); /* the empty partition is not counted */
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("each partition of partitioned table \"public.p\""), std::string::npos);
	EXPECT_NE(report->script.find("--parent-table=public.p"), std::string::npos);
}

TEST(VacuumFull, TheWholeDatabaseIsOneCommand)
{
	StatementFacts facts = rewrite(StatementKind::VacuumFull, "VACUUM FULL");
	facts.rewrite.allTables = true;
	add(facts, relation("a", 8192), false);
	add(facts, relation("b", 16384), false);
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("each table of database \"db\""), std::string::npos);
	EXPECT_NE(report->detail.find("It rewrites 2 relations"), std::string::npos);
	const std::string command = "\\! PGOPTIONS='-c pgsafe.mode=off' pg_repack --no-order --dbname=db";
	ASSERT_GE(report->script.size(), command.size());
	EXPECT_EQ(report->script.substr(report->script.size() - command.size()), command);
	EXPECT_NE(report->advice.find("VACUUM;"), std::string::npos);
}

TEST(Cluster, UsingAnIndexNotYetClusteredMarksItFirst)
{
	StatementFacts facts = rewrite(StatementKind::Cluster, "CLUSTER t USING i");
	add(facts, relation("t", 8192), true);
	facts.rewrite.index = QualifiedName{"public", "I x"};
	facts.rewrite.indexNamed = true;
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "cluster");
	EXPECT_NE(report->script.find("ALTER TABLE public.t CLUSTER ON \"I x\";"), std::string::npos);
	EXPECT_NE(report->script.find("\\! PGOPTIONS='-c pgsafe.mode=off' pg_repack --dbname=db --table=public.t"),
			  std::string::npos);
	EXPECT_EQ(report->script.find("--no-order"), std::string::npos);
}

TEST(Cluster, TheClusteredIndexNeedsNoMark)
{
	StatementFacts facts = rewrite(StatementKind::Cluster, "CLUSTER t");
	add(facts, relation("t", 8192), true);
	facts.rewrite.index = QualifiedName{"public", "i"};
	facts.rewrite.indexClustered = true;
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script.find("CLUSTER ON"), std::string::npos);
}

TEST(Cluster, APartitionedTableIsOrderedByTheKey)
{
	StatementFacts facts = rewrite(StatementKind::Cluster, "CLUSTER p USING i");
	int p = add(facts, relation("p", 0, RelationKind::PartitionedTable), true, false);
	add(facts, relation("p1", 8192, RelationKind::Table, p), false, true, false, p);
	facts.rewrite.index = QualifiedName{"public", "i"};
	facts.rewrite.orderBy = "a, \"B\" DESC";
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->script.find("--order-by='a, \"B\" DESC' --dbname=db --parent-table=public.p"), std::string::npos);
}

TEST(Cluster, ANonBtreeIndexHasNoOnlineForm)
{
	StatementFacts facts = rewrite(StatementKind::Cluster, "CLUSTER t USING g");
	add(facts, relation("t", 8192), true);
	facts.rewrite.index = QualifiedName{"public", "g"};
	facts.rewrite.indexBtree = false;
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_TRUE(report->script.empty());
	EXPECT_NE(report->advice.find("orders only by a btree index"), std::string::npos);
}

TEST(Repack, ShellQuoting)
{
	EXPECT_EQ(shellQuote("public.t"), "public.t");
	EXPECT_EQ(shellQuote("a b"), "'a b'");
	EXPECT_EQ(shellQuote("it's"), "'it'\\''s'");
	EXPECT_EQ(shellQuote("$HOME"), "'$HOME'");
	EXPECT_EQ(shellQuote(""), "''");
}

} /* namespace */
} /* namespace pgsafe */
