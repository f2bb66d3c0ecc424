/*-------------------------------------------------------------------------
 *
 * set_storage_test.cpp
 *		The set-logged, set-tablespace and set-access-method rules: which
 *		storage changes are findings, their message, and the advice (for
 *		set-tablespace, of a table, a materialized view and an index).
 *
 * IDENTIFICATION
 *	  test/unit/set_storage_test.cpp
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

StorageChangeFacts
change(const std::string &target, const std::string &current)
{
	StorageChangeFacts s;
	s.changes = true;
	s.target = target;
	s.current = current;
	s.database = "app db";
	return s;
}

StatementFacts
storageStatement(const std::string &text, const std::string &subText, SubcommandKind kind, StorageChangeFacts s,
				 RelationFacts target = relation("t", 8192))
{
	StatementFacts facts = alterTable(text, {target});
	SubcommandFacts sub;
	sub.kind = kind;
	sub.storage = std::move(s);
	addSubcommand(facts, sub, subText);
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Bounded);
}

TEST(SetLogged, APersistenceChangeIsFlagged)
{
	StorageChangeFacts s = change("", "");
	s.toLogged = true;
	StatementFacts facts =
		storageStatement("ALTER TABLE t SET LOGGED", "SET LOGGED", SubcommandKind::SetPersistence, s);
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::SetLogged);
	EXPECT_EQ(findings[0].work, Work::RewriteTable);

	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "set-logged");
	EXPECT_EQ(report->message,
			  "SET LOGGED on table \"public.t\" takes an ACCESS EXCLUSIVE lock, blocking reads and "
			  "writes while the table is rewritten");
	EXPECT_NE(report->detail.find("to the WAL"), std::string::npos);
	EXPECT_NE(report->advice.find("no online way"), std::string::npos);
	EXPECT_NE(report->script.find("-- no online alternative: SET LOGGED rewrites the table\nBEGIN;\nSET LOCAL "
								  "pgsafe.mode = 'warn';\nSET LOCAL lock_timeout = '5s';\nALTER TABLE public.t SET "
								  "LOGGED;\nCOMMIT;"),
			  std::string::npos);
}

TEST(SetLogged, NoOpPartitionedEmptyOrLocalIsNot)
{
	StorageChangeFacts same;
	EXPECT_TRUE(findDangers(storageStatement(
								"ALTER TABLE t SET UNLOGGED", "SET UNLOGGED", SubcommandKind::SetPersistence, same))
					.empty());
	EXPECT_TRUE(findDangers(storageStatement("ALTER TABLE p SET UNLOGGED",
											 "SET UNLOGGED",
											 SubcommandKind::SetPersistence,
											 change("", ""),
											 relation("p", 0, RelationKind::PartitionedTable)))
					.empty());
	EXPECT_TRUE(findDangers(storageStatement("ALTER TABLE t SET UNLOGGED",
											 "SET UNLOGGED",
											 SubcommandKind::SetPersistence,
											 change("", ""),
											 relation("t", 0)))
					.empty());
	RelationFacts local = relation("t", 8192);
	local.local = true;
	EXPECT_TRUE(
		findDangers(
			storageStatement(
				"ALTER TABLE t SET UNLOGGED", "SET UNLOGGED", SubcommandKind::SetPersistence, change("", ""), local))
			.empty());
}

TEST(SetTablespace, WithAKeyTheAdviceIsPgRepack)
{
	StorageChangeFacts s = change("fast space", "pg_default");
	s.repackKey = true;
	s.repackInstalled = true;
	StatementFacts facts = storageStatement("ALTER TABLE \"T\" SET TABLESPACE \"fast space\"",
											"SET TABLESPACE \"fast space\"",
											SubcommandKind::SetTablespace,
											s,
											relation("T", 8192));
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "set-tablespace");
	EXPECT_EQ(report->message,
			  "SET TABLESPACE on table \"public.T\" takes an ACCESS EXCLUSIVE lock, blocking reads "
			  "and writes while it is copied to tablespace \"fast space\"");
	EXPECT_NE(report->detail.find("from tablespace \"pg_default\""), std::string::npos);
	EXPECT_NE(report->script.find("-- not SQL: from a shell:\n-- pg_repack --dbname='app db' "
								  "--table='public.\"T\"' --tablespace='fast space'\n"),
			  std::string::npos);
	EXPECT_NE(report->script.find("ALTER TABLE public.\"T\" SET TABLESPACE \"fast space\";"), std::string::npos);
	EXPECT_EQ(report->advice.find("CREATE EXTENSION"), std::string::npos);
}

TEST(SetTablespace, WithoutTheExtensionItIsCreatedFirst)
{
	StorageChangeFacts s = change("ts", "pg_default");
	s.repackKey = true;
	std::optional<Report> report = reportOf(
		storageStatement("ALTER TABLE t SET TABLESPACE ts", "SET TABLESPACE ts", SubcommandKind::SetTablespace, s));
	ASSERT_TRUE(report);
	EXPECT_NE(report->script.find("-- not SQL: once, CREATE EXTENSION pg_repack; then, from a shell:\n-- pg_repack "
								  "--dbname='app db' --table=public.t --tablespace=ts"),
			  std::string::npos);
}

TEST(SetTablespace, WithoutAKeyOrOnAViewThereIsNoOnlineWay)
{
	std::optional<Report> report = reportOf(storageStatement(
		"ALTER TABLE t SET TABLESPACE ts", "SET TABLESPACE ts", SubcommandKind::SetTablespace, change("ts", "x")));
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script.find("pg_repack"), std::string::npos);
	EXPECT_NE(report->advice.find("no primary key"), std::string::npos);

	report = reportOf(storageStatement("ALTER MATERIALIZED VIEW mv SET TABLESPACE ts",
									   "SET TABLESPACE ts",
									   SubcommandKind::SetTablespace,
									   change("ts", "x"),
									   relation("mv", 8192, RelationKind::MaterializedView)));
	ASSERT_TRUE(report);
	EXPECT_NE(report->script.find("ALTER MATERIALIZED VIEW public.mv SET TABLESPACE ts;"), std::string::npos);
	EXPECT_NE(report->advice.find("pg_repack does not process"), std::string::npos);
}

TEST(SetTablespace, NoOpOrPartitionedIsNot)
{
	StorageChangeFacts same;
	EXPECT_TRUE(findDangers(storageStatement("ALTER TABLE t SET TABLESPACE pg_default",
											 "SET TABLESPACE pg_default",
											 SubcommandKind::SetTablespace,
											 same))
					.empty());
	EXPECT_TRUE(findDangers(storageStatement("ALTER TABLE p SET TABLESPACE ts",
											 "SET TABLESPACE ts",
											 SubcommandKind::SetTablespace,
											 change("ts", "x"),
											 relation("p", 0, RelationKind::PartitionedTable)))
					.empty());
}

StorageChangeFacts
indexChange(const std::string &index, bool exclusion = false)
{
	StorageChangeFacts s = change("fast space", "pg_default");
	s.index = true;
	s.indexName = index;
	s.indexBytes = 16384;
	s.exclusionIndex = exclusion;
	return s;
}

TEST(SetTablespace, AnIndexIsMovedByReindexConcurrently)
{
	StatementFacts facts = storageStatement("ALTER INDEX \"T_pkey\" SET TABLESPACE \"fast space\"",
											"SET TABLESPACE \"fast space\"",
											SubcommandKind::SetTablespace,
											indexChange("T_pkey"),
											relation("T", 8192));
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "set-tablespace");
	EXPECT_EQ(report->message,
			  "SET TABLESPACE on index \"public.T_pkey\" takes an ACCESS EXCLUSIVE lock on it, blocking every "
			  "query on table \"public.T\" while it is copied to tablespace \"fast space\"");
	EXPECT_NE(report->detail.find("every block of the index from tablespace \"pg_default\""), std::string::npos);
	EXPECT_NE(report->script.find("REINDEX (TABLESPACE \"fast space\") INDEX CONCURRENTLY public.\"T_pkey\";"),
			  std::string::npos);
	EXPECT_EQ(report->script.find("pg_repack"), std::string::npos);
	EXPECT_EQ(report->script.find("ALTER INDEX"), std::string::npos);
}

TEST(SetTablespace, AnExclusionIndexHasNoOnlineWay)
{
	std::optional<Report> report = reportOf(storageStatement("ALTER INDEX t_r_excl SET TABLESPACE \"fast space\"",
															 "SET TABLESPACE \"fast space\"",
															 SubcommandKind::SetTablespace,
															 indexChange("t_r_excl", true)));
	ASSERT_TRUE(report);
	EXPECT_NE(report->advice.find("REINDEX CONCURRENTLY refuses"), std::string::npos);
	EXPECT_EQ(report->script.find("REINDEX"), std::string::npos);
	EXPECT_NE(report->script.find("ALTER INDEX public.t_r_excl SET TABLESPACE \"fast space\";"), std::string::npos);
}

TEST(SetTablespace, AnIndexOfAnEmptyOrLocalTableIsNot)
{
	EXPECT_TRUE(findDangers(storageStatement("ALTER INDEX i SET TABLESPACE ts",
											 "SET TABLESPACE ts",
											 SubcommandKind::SetTablespace,
											 StorageChangeFacts{}))
					.empty());
	RelationFacts local = relation("t", 8192);
	local.local = true;
	EXPECT_TRUE(findDangers(storageStatement("ALTER INDEX i SET TABLESPACE ts",
											 "SET TABLESPACE ts",
											 SubcommandKind::SetTablespace,
											 indexChange("i"),
											 local))
					.empty());
	EXPECT_TRUE(findDangers(storageStatement("ALTER INDEX i SET TABLESPACE ts",
											 "SET TABLESPACE ts",
											 SubcommandKind::SetTablespace,
											 indexChange("i"),
											 relation("t", 0)))
					.empty());
}

TEST(SetAccessMethod, AChangeIsFlaggedWithoutOnlineAlternative)
{
	StatementFacts facts = storageStatement("ALTER TABLE t SET ACCESS METHOD heap2",
											"SET ACCESS METHOD heap2",
											SubcommandKind::SetAccessMethod,
											change("heap2", "heap"));
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "set-access-method");
	EXPECT_NE(report->detail.find("from access method \"heap\" into a new copy in \"heap2\""), std::string::npos);
	EXPECT_NE(report->script.find("ALTER TABLE public.t SET ACCESS METHOD heap2;\nCOMMIT;"), std::string::npos);

	StorageChangeFacts same;
	EXPECT_TRUE(findDangers(storageStatement("ALTER TABLE t SET ACCESS METHOD heap",
											 "SET ACCESS METHOD heap",
											 SubcommandKind::SetAccessMethod,
											 same))
					.empty());
}

TEST(SetStorage, TwoChangesInOneStatementAreBothNamed)
{
	StatementFacts facts = alterTable("ALTER TABLE t SET TABLESPACE ts, SET UNLOGGED", {relation("t", 8192)});
	SubcommandFacts ts;
	ts.kind = SubcommandKind::SetTablespace;
	ts.storage = change("ts", "pg_default");
	addSubcommand(facts, ts, "SET TABLESPACE ts");
	SubcommandFacts logged;
	logged.kind = SubcommandKind::SetPersistence;
	logged.storage = change("", "");
	addSubcommand(facts, logged, "SET UNLOGGED");
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "set-tablespace,set-logged");
	EXPECT_NE(report->detail.find("The same statement also runs SET UNLOGGED"), std::string::npos);
}

} /* namespace */
} /* namespace pgsafe */
