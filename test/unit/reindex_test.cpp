/*-------------------------------------------------------------------------
 *
 * reindex_test.cpp
 *		The reindex rule: which REINDEX statements are findings, their
 *		message, and the advice, including where PostgreSQL refuses
 *		CONCURRENTLY.
 *
 * IDENTIFICATION
 *	  test/unit/reindex_test.cpp
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

using testing::FakeCatalog;
using testing::relation;

StatementFacts
reindex(ReindexTarget target, std::vector<RelationFacts> relations, const std::string &text)
{
	StatementFacts facts;
	facts.kind = StatementKind::Reindex;
	facts.text = text;
	facts.reindex.target = target;
	facts.table.relations = std::move(relations);
	return facts;
}

/* SCHEMA, DATABASE, SYSTEM: a stand-in for the schema or database, then its tables. */
StatementFacts
reindexMany(ReindexTarget target, const std::string &name, std::vector<RelationFacts> tables)
{
	RelationFacts stand;
	stand.name = QualifiedName{"", name};
	stand.kind = RelationKind::Other;
	stand.local = true;
	std::vector<RelationFacts> relations{stand};
	for (auto &t : tables)
	{
		t.parent = 0;
		relations.push_back(t);
	}
	StatementFacts facts = reindex(target, std::move(relations), "REINDEX");
	facts.reindex.objectName = name;
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Bounded);
}

TEST(Reindex, TableWithRowsIsFlagged)
{
	StatementFacts facts = reindex(ReindexTarget::Table, {relation("t", 8192)}, "REINDEX TABLE t");
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::Reindex);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_EQ(findings[0].bytes, 8192u);
}

TEST(Reindex, EmptyOrLocalTableIsNot)
{
	EXPECT_TRUE(findDangers(reindex(ReindexTarget::Table, {relation("t", 0)}, "REINDEX TABLE t")).empty());
	RelationFacts temp = relation("t", 8192);
	temp.local = true;
	EXPECT_TRUE(findDangers(reindex(ReindexTarget::Table, {temp}, "REINDEX TABLE t")).empty());
}

TEST(Reindex, PartitionedTableReadsItsPartitions)
{
	StatementFacts facts = reindex(ReindexTarget::Table,
								   {relation("p", 0, RelationKind::PartitionedTable),
									relation("p1", 8192, RelationKind::Table, 0),
									relation("p2", 0, RelationKind::Table, 0)},
								   "REINDEX TABLE p");
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (std::vector<int>{1, 2}));
	EXPECT_EQ(findings[0].bytes, 8192u);
}

TEST(Reindex, AdviceIsConcurrentlyWithTheOptionsKept)
{
	StatementFacts facts = reindex(ReindexTarget::Table, {relation("T x", 8192)}, "REINDEX (VERBOSE) TABLE \"T x\"");
	facts.reindex.verbose = true;
	facts.reindex.tablespace = "fast";
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "reindex");
	EXPECT_NE(report->script.find("SET statement_timeout = 0;\n"), std::string::npos);
	EXPECT_NE(report->script.find("SET lock_timeout = 0;\n"), std::string::npos);
	EXPECT_NE(report->script.find("REINDEX (VERBOSE, TABLESPACE fast) TABLE CONCURRENTLY public.\"T x\";"),
			  std::string::npos);
	EXPECT_NE(report->advice.find("outside a transaction block"), std::string::npos);
}

TEST(Reindex, InATransactionTheAdviceSaysWhereToRunIt)
{
	StatementFacts facts = reindex(ReindexTarget::Index, {relation("t", 8192)}, "REINDEX INDEX i");
	facts.reindex.index = QualifiedName{"public", "i"};
	facts.session.inTransactionBlock = true;
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("REINDEX INDEX \"public.i\" takes a SHARE lock on table \"public.t\""),
			  std::string::npos);
	EXPECT_NE(report->advice.find("REINDEX CONCURRENTLY cannot run in a transaction block or a function"),
			  std::string::npos);
	EXPECT_NE(report->script.find("REINDEX INDEX CONCURRENTLY public.i;"), std::string::npos);
}

TEST(Reindex, SystemCatalogsAndExclusionIndexesHaveNoOnlineAlternative)
{
	StatementFacts catalog = reindex(
		ReindexTarget::Table, {relation("pg_am", 8192, RelationKind::Table, -1, "pg_catalog")}, "REINDEX TABLE pg_am");
	catalog.reindex.systemCatalogs = true;
	std::optional<Report> report = reportOf(catalog);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script.find("CONCURRENTLY"), std::string::npos);
	EXPECT_NE(report->script.find("REINDEX TABLE pg_am;"), std::string::npos);
	EXPECT_NE(report->advice.find("cannot reindex system catalogs concurrently"), std::string::npos);

	StatementFacts exclusion = reindex(ReindexTarget::Index, {relation("t", 8192)}, "REINDEX INDEX t_excl");
	exclusion.reindex.index = QualifiedName{"public", "t_excl"};
	exclusion.reindex.exclusionIndex = true;
	report = reportOf(exclusion);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script.find("REINDEX INDEX CONCURRENTLY"), std::string::npos);
	EXPECT_NE(report->advice.find("exclusion constraint"), std::string::npos);

	/* SYSTEM runs outside a transaction block: no BEGIN ... COMMIT around it, no script */
	StatementFacts system = reindexMany(ReindexTarget::System, "db", {relation("pg_class", 8192)});
	system.reindex.systemCatalogs = true;
	report = reportOf(system);
	ASSERT_TRUE(report);
	EXPECT_TRUE(report->script.empty());
}

TEST(Reindex, SchemaNamesItsLargestTablesBounded)
{
	std::vector<RelationFacts> tables;
	for (int i = 0; i < 40; i++)
		tables.push_back(relation("t" + std::to_string(i), 8192u * static_cast<std::uint64_t>(i + 1)));
	tables.push_back(relation("empty", 0));
	StatementFacts facts = reindexMany(ReindexTarget::Schema, "s", tables);
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned.size(), 41u);

	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("REINDEX SCHEMA \"s\""), std::string::npos);
	EXPECT_NE(report->detail.find("It reindexes 41 tables holding 6560 kB in all."), std::string::npos);
	EXPECT_NE(report->detail.find("\"public.t39\" (320 kB), \"public.t38\""), std::string::npos);
	EXPECT_NE(report->detail.find("\"public.t35\""), std::string::npos);
	EXPECT_EQ(report->detail.find("\"public.t34\""), std::string::npos);
	EXPECT_NE(report->script.find("REINDEX SCHEMA CONCURRENTLY s;"), std::string::npos);
}

TEST(Reindex, DatabaseSaysTheCatalogsAreSkipped)
{
	StatementFacts facts = reindexMany(ReindexTarget::Database, "app", {relation("t", 8192)});
	facts.reindex.systemCatalogs = true;
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->script.find("REINDEX DATABASE CONCURRENTLY app;"), std::string::npos);
	EXPECT_NE(report->advice.find("skips the system catalogs"), std::string::npos);
}

TEST(Reindex, TableNamesTheIndexesConcurrentlySkips)
{
	StatementFacts facts = reindex(ReindexTarget::Table, {relation("t", 8192)}, "REINDEX TABLE t");
	facts.reindex.skippedConcurrently = {QualifiedName{"public", "t_excl"}};
	facts.reindex.skippedCount = 3;
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->advice.find("\"public.t_excl\" and 2 more"), std::string::npos);
}

} /* namespace */
} /* namespace pgsafe */
