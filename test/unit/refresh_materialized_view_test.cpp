/*-------------------------------------------------------------------------
 *
 * refresh_materialized_view_test.cpp
 *		The refresh-materialized-view rule: which refreshes are findings,
 *		their message, and the advice with and without a unique index
 *		CONCURRENTLY can use.
 *
 * IDENTIFICATION
 *	  test/unit/refresh_materialized_view_test.cpp
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
refresh(std::uint64_t bytes, const std::string &name = "mv")
{
	StatementFacts facts;
	facts.kind = StatementKind::RefreshMaterializedView;
	facts.text = "REFRESH MATERIALIZED VIEW " + name;
	RelationFacts view = relation(name, bytes);
	view.kind = RelationKind::MaterializedView;
	facts.table.relations = {view};
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Bounded);
}

TEST(RefreshMaterializedView, PopulatedViewWithRowsIsFlagged)
{
	std::vector<Finding> findings = findDangers(refresh(8192));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::RefreshMaterializedView);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_EQ(findings[0].bytes, 8192u);
}

TEST(RefreshMaterializedView, EmptyUnpopulatedOrLocalViewIsNot)
{
	EXPECT_TRUE(findDangers(refresh(0)).empty());
	StatementFacts unpopulated = refresh(8192);
	unpopulated.refresh.populated = false;
	EXPECT_TRUE(findDangers(unpopulated).empty());
	StatementFacts local = refresh(8192);
	local.table.relations[0].local = true;
	EXPECT_TRUE(findDangers(local).empty());
}

TEST(RefreshMaterializedView, AUsableUniqueIndexGivesConcurrently)
{
	StatementFacts facts = refresh(8192, "M v");
	facts.refresh.usableIndex = QualifiedName{"public", "M v_id"};
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "refresh-materialized-view");
	EXPECT_NE(report->message.find("ACCESS EXCLUSIVE lock on materialized view \"public.M v\""), std::string::npos);
	EXPECT_NE(report->script.find("REFRESH MATERIALIZED VIEW CONCURRENTLY public.\"M v\";"), std::string::npos);
	EXPECT_NE(report->advice.find("unique index \"public.M v_id\""), std::string::npos);
	/* CONCURRENTLY may run in a transaction block */
	EXPECT_EQ(report->advice.find("outside a transaction block"), std::string::npos);
}

TEST(RefreshMaterializedView, WithoutOneTheKeyIsLeftToTheUser)
{
	StatementFacts facts = refresh(8192);
	facts.refresh.columns = {"id", "Grp"};
	facts.refresh.unusableIndex = QualifiedName{"public", "mv_partial"};
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	/* the index is a comment to adapt, never a statement with a key pgsafe made up */
	EXPECT_NE(report->script.find("-- first build a unique index on columns whose values are unique"),
			  std::string::npos);
	EXPECT_NE(report->script.find("CREATE UNIQUE INDEX CONCURRENTLY ON public.mv (id, \"Grp\");"), std::string::npos);
	EXPECT_EQ(report->script.find("\nCREATE UNIQUE INDEX"), std::string::npos);
	EXPECT_NE(report->script.find("REFRESH MATERIALIZED VIEW CONCURRENTLY public.mv;"), std::string::npos);
	EXPECT_NE(report->advice.find("\"public.mv_partial\" cannot serve"), std::string::npos);
}

TEST(RefreshMaterializedView, TheDbaMayDisableIt)
{
	StatementFacts facts = refresh(8192);
	facts.session.disabledRules = {"refresh-materialized-view"};
	EXPECT_TRUE(findDangers(facts).empty());
}

} /* namespace */
} /* namespace pgsafe */
