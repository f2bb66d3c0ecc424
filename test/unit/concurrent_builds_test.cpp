/*-------------------------------------------------------------------------
 *
 * concurrent_builds_test.cpp
 *		On PostgreSQL 14.0 to 14.3 (the adapter's concurrentBuildsCorrupt
 *		capability), every hint that builds an index CONCURRENTLY warns of
 *		the corruption bug fixed in 14.4; other servers, and hints without
 *		such a step, say nothing of it.
 *
 * IDENTIFICATION
 *	  test/unit/concurrent_builds_test.cpp
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

const char *const kWarning = "can corrupt the index they build (fixed in 14.4)";

std::string
adviceOf(StatementFacts facts, bool corrupt)
{
	FakeCatalog catalog;
	facts.session.capabilities.concurrentBuildsCorrupt = corrupt;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Whole);
	return report ? report->advice + "\n" + report->script : "";
}

StatementFacts
createIndexOnT()
{
	return testing::createIndex("CREATE INDEX ON t (a)", {relation("t", 8192)}, {"a"});
}

TEST(ConcurrentBuilds, CreateIndexConcurrentlyWarnsOn14Point0To14Point3)
{
	std::string advice = adviceOf(createIndexOnT(), true);
	ASSERT_NE(advice.find("CREATE INDEX CONCURRENTLY"), std::string::npos);
	EXPECT_NE(advice.find(kWarning), std::string::npos);
	EXPECT_NE(advice.find("upgrade to the latest 14 minor release"), std::string::npos);
	EXPECT_EQ(adviceOf(createIndexOnT(), false).find(kWarning), std::string::npos);
}

TEST(ConcurrentBuilds, ReindexConcurrentlyWarnsToo)
{
	StatementFacts facts;
	facts.kind = StatementKind::Reindex;
	facts.text = "REINDEX TABLE t";
	facts.table.relations = {relation("t", 8192)};
	facts.reindex.target = ReindexTarget::Table;
	std::string advice = adviceOf(facts, true);
	ASSERT_NE(advice.find("REINDEX TABLE CONCURRENTLY"), std::string::npos);
	EXPECT_NE(advice.find(kWarning), std::string::npos);
}

TEST(ConcurrentBuilds, AHintWithoutAConcurrentBuildSaysNothingOfIt)
{
	StatementFacts facts = testing::alterTable("ALTER TABLE t SET LOGGED", {relation("t", 8192)});
	SubcommandFacts sub;
	sub.kind = SubcommandKind::SetPersistence;
	sub.storage.changes = true;
	sub.storage.toLogged = true;
	testing::addSubcommand(facts, sub, "SET LOGGED");
	std::string advice = adviceOf(facts, true);
	ASSERT_FALSE(advice.empty());
	EXPECT_EQ(advice.find(kWarning), std::string::npos);
}

} /* namespace */
} /* namespace pgsafe */
