/*-------------------------------------------------------------------------
 *
 * partition_scan_test.cpp
 *		The attach-partition-scan and default-partition-scan rules: which
 *		scans are findings, what the messages say, and the shared recipe
 *		(the proof added NOT VALID and validated before the statement and
 *		dropped after it).
 *
 * IDENTIFICATION
 *	  test/unit/partition_scan_test.cpp
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

const char *kBound = "((at IS NOT NULL) AND (at >= '2025-01-01'::date) AND (at < '2026-01-01'::date))";
const char *kDefault = "((at IS NULL) OR (at < '2025-01-01'::date) OR (at >= '2026-01-01'::date))";

/* ALTER TABLE p ATTACH PARTITION c: c holds attachedBytes, the DEFAULT partition d defaultBytes (-1: none) */
StatementFacts
attach(std::uint64_t attachedBytes, long long defaultBytes = -1)
{
	StatementFacts facts;
	facts.kind = StatementKind::AttachPartition;
	facts.text = "ALTER TABLE p ATTACH PARTITION c FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')";
	facts.attachPartition.parent = {"public", "p"};
	facts.table.relations = {relation("c", attachedBytes)};
	facts.attachPartition.attached.checked = true;
	facts.attachPartition.attached.constraint = kBound;
	if (attachedBytes > 0)
		facts.attachPartition.attached.scanned = {0};
	if (defaultBytes >= 0)
	{
		facts.table.relations.push_back(relation("d", static_cast<std::uint64_t>(defaultBytes)));
		facts.attachPartition.defaultPartition = 1;
		facts.attachPartition.defaultScan.checked = true;
		facts.attachPartition.defaultScan.constraint = kDefault;
		facts.attachPartition.defaultScan.scanned = {1};
	}
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Bounded);
}

TEST(AttachPartitionScan, ATableWithRowsNoConstraintProvesIsFlagged)
{
	std::vector<Finding> findings = findDangers(attach(8192));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::AttachPartitionScan);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_EQ(findings[0].bytes, 8192u);
}

TEST(AttachPartitionScan, ProvenEmptyOrLocalIsNot)
{
	StatementFacts proven = attach(8192);
	proven.attachPartition.attached.scanned.clear();
	EXPECT_TRUE(findDangers(proven).empty());
	EXPECT_TRUE(findDangers(attach(0)).empty());
	StatementFacts local = attach(8192);
	local.table.relations[0].local = true;
	EXPECT_TRUE(findDangers(local).empty());
}

TEST(AttachPartitionScan, RecipeProvesTheConstraintAroundTheStatement)
{
	std::optional<Report> report = reportOf(attach(8192));
	ASSERT_TRUE(report);
	const std::string &script = report->script;
	const std::size_t add =
		script.find(std::string("ADD CONSTRAINT c_partition_check CHECK (") + kBound + ") NOT VALID;");
	const std::size_t validate = script.find("VALIDATE CONSTRAINT c_partition_check;");
	const std::size_t statement = script.find("ATTACH PARTITION c FOR VALUES");
	const std::size_t drop = script.find("DROP CONSTRAINT c_partition_check;");
	ASSERT_NE(add, std::string::npos) << script;
	EXPECT_LT(add, validate);
	EXPECT_LT(validate, statement);
	EXPECT_LT(statement, drop);
	EXPECT_NE(drop, std::string::npos);
}

TEST(AttachPartitionScan, UnprovableSaysSoAndAConstraintItCannotWriteIsNotGuessed)
{
	StatementFacts facts = attach(8192);
	facts.attachPartition.attached.unprovable = true;
	facts.attachPartition.attached.constraint.clear();
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->detail.find("pgsafe could not ask PostgreSQL's proof"), std::string::npos) << report->detail;
	EXPECT_EQ(report->script.find("CHECK ("), std::string::npos) << report->script;
	EXPECT_NE(report->advice.find("cannot write the partition constraint"), std::string::npos) << report->advice;
}

TEST(DefaultPartitionScan, AFilledDefaultPartitionIsFlaggedAndNamed)
{
	std::vector<Finding> findings = findDangers(attach(0, 16384));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::DefaultPartitionScan);
	EXPECT_EQ(findings[0].bytes, 16384u);
	std::optional<Report> report = reportOf(attach(0, 16384));
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("DEFAULT partition \"public.d\" of \"public.p\""), std::string::npos)
		<< report->message;
	EXPECT_NE(report->detail.find("The DEFAULT partition \"public.d\" is not empty"), std::string::npos)
		<< report->detail;
	ASSERT_EQ(report->findings.size(), 1u);
	EXPECT_EQ(report->findings[0].relation, "public.d");
	EXPECT_NE(report->script.find(std::string("ALTER TABLE public.d ADD CONSTRAINT d_partition_check CHECK (") +
								  kDefault + ") NOT VALID;"),
			  std::string::npos)
		<< report->script;
}

TEST(DefaultPartitionScan, AnEmptyDefaultPartitionIsNot)
{
	EXPECT_TRUE(findDangers(attach(0, 0)).empty());
}

TEST(DefaultPartitionScan, BothScansMakeOneScript)
{
	std::optional<Report> report = reportOf(attach(8192, 8192));
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "attach-partition-scan,default-partition-scan");
	const std::string &script = report->script;
	std::size_t first = script.find("ATTACH PARTITION c FOR VALUES");
	ASSERT_NE(first, std::string::npos);
	EXPECT_EQ(script.find("ATTACH PARTITION c FOR VALUES", first + 1), std::string::npos) << script;
	EXPECT_LT(script.find("VALIDATE CONSTRAINT d_partition_check;"), first);
	EXPECT_GT(script.find("DROP CONSTRAINT d_partition_check;"), first);
}

TEST(DefaultPartitionScan, CreateTablePartitionOfIsNamedAsSuch)
{
	StatementFacts facts;
	facts.kind = StatementKind::AttachPartition;
	facts.text = "CREATE TABLE c PARTITION OF p FOR VALUES IN (1)";
	facts.attachPartition.create = true;
	facts.attachPartition.parent = {"public", "p"};
	facts.table.relations = {relation("d", 8192)};
	facts.attachPartition.defaultPartition = 0;
	facts.attachPartition.defaultScan.checked = true;
	facts.attachPartition.defaultScan.constraint = "((k IS NULL) OR (k <> 1))";
	facts.attachPartition.defaultScan.scanned = {0};
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "default-partition-scan");
	EXPECT_EQ(report->message.rfind("CREATE TABLE ... PARTITION OF takes", 0), 0u) << report->message;
	EXPECT_NE(report->script.find("CREATE TABLE c PARTITION OF p FOR VALUES IN (1);"), std::string::npos)
		<< report->script;
}

} /* namespace */
} /* namespace pgsafe */
