/*-------------------------------------------------------------------------
 *
 * alter_domain_test.cpp
 *		The alter-domain rule: which ALTER DOMAIN statements are findings,
 *		the tables the detail names, and the advice for ADD CHECK, SET NOT
 *		NULL and VALIDATE CONSTRAINT.
 *
 * IDENTIFICATION
 *	  test/unit/alter_domain_test.cpp
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
using testing::spanOf;

/* ALTER DOMAIN on domain public.<domain>, used by the given tables (one column "v" each). */
StatementFacts
alterDomain(const std::string &text, DomainChange change, std::vector<RelationFacts> tables,
			const std::string &domain = "d")
{
	StatementFacts facts;
	facts.kind = StatementKind::AlterDomain;
	facts.text = text;
	facts.session.capabilities.domainValidateBlocksWrites = true;
	facts.alterDomain.domain = QualifiedName{"public", domain};
	facts.alterDomain.change = change;
	RelationFacts stand = relation(domain, 0, RelationKind::Other);
	stand.local = true;
	facts.table.relations = {stand};
	for (RelationFacts &table : tables)
	{
		table.parent = 0;
		facts.alterDomain.columns.push_back(
			DomainColumns{static_cast<int>(facts.table.relations.size()), std::vector<std::string>{"v"}});
		facts.table.relations.push_back(table);
	}
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Bounded);
}

TEST(AlterDomain, AddCheckOnAUsedDomainIsFlaggedUnderShare)
{
	StatementFacts facts = alterDomain("ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0)",
									   DomainChange::AddCheck,
									   {relation("a", 8192), relation("b", 16384)});
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::AlterDomain);
	EXPECT_EQ(findings[0].lock, LockMode::Share);
	EXPECT_EQ(findings[0].bytes, 24576u);
	EXPECT_EQ(findings[0].scanned.size(), 2u);
}

TEST(AlterDomain, EmptyOrLocalTablesOnlyAreNot)
{
	EXPECT_TRUE(findDangers(alterDomain("ALTER DOMAIN d SET NOT NULL", DomainChange::SetNotNull, {})).empty());
	EXPECT_TRUE(
		findDangers(alterDomain("ALTER DOMAIN d SET NOT NULL", DomainChange::SetNotNull, {relation("a", 0)})).empty());
	RelationFacts local = relation("a", 8192);
	local.local = true;
	EXPECT_TRUE(findDangers(alterDomain("ALTER DOMAIN d SET NOT NULL", DomainChange::SetNotNull, {local})).empty());
}

TEST(AlterDomain, ValidateIsFlaggedWhereItTakesShare)
{
	StatementFacts facts =
		alterDomain("ALTER DOMAIN d VALIDATE CONSTRAINT c", DomainChange::Validate, {relation("a", 8192)});
	facts.alterDomain.constraintName = "c";
	EXPECT_EQ(findDangers(facts).size(), 1u);
	facts.session.capabilities.domainValidateBlocksWrites = false;
	EXPECT_TRUE(findDangers(facts).empty());
}

TEST(AlterDomain, DetailNamesTheLargestTablesBounded)
{
	std::vector<RelationFacts> tables;
	for (int i = 1; i <= 7; i++)
		tables.push_back(relation("t" + std::to_string(i), 8192u * i));
	tables.push_back(relation("empty", 0));
	StatementFacts facts = alterDomain("ALTER DOMAIN d ADD CHECK (VALUE > 0)", DomainChange::AddCheck, tables);
	facts.alterDomain.checkBody = spanOf(facts.text, "CHECK (VALUE > 0)");
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("ALTER DOMAIN ... ADD CHECK on domain \"public.d\" takes a SHARE lock on every "
								   "table with a column of the domain, blocking writes"),
			  std::string::npos);
	EXPECT_NE(report->detail.find("It reads 8 tables holding"), std::string::npos);
	EXPECT_NE(report->detail.find("\"public.t7\" (56 kB, column \"v\"), \"public.t6\""), std::string::npos);
	EXPECT_NE(report->detail.find("\"public.t3\" (24 kB, column \"v\") and 2 more."), std::string::npos);
	EXPECT_EQ(report->detail.find("public.empty"), std::string::npos);
}

TEST(AlterDomain, AddCheckAdviceAddsItNotValidThenValidatesBlocking)
{
	StatementFacts facts = alterDomain(
		"ALTER DOMAIN \"My D\" ADD CHECK (VALUE > 0)", DomainChange::AddCheck, {relation("a", 8192)}, "My D");
	facts.alterDomain.checkBody = spanOf(facts.text, "CHECK (VALUE > 0)");
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	/* ChooseConstraintName(domain, NULL, "check") */
	EXPECT_NE(report->script.find("ALTER DOMAIN public.\"My D\" ADD CONSTRAINT \"My D_check\" CHECK (VALUE > 0) "
								  "NOT VALID;"),
			  std::string::npos);
	EXPECT_NE(report->script.find("SET LOCAL pgsafe.mode = 'warn';\nSET LOCAL lock_timeout = '5s';\nALTER DOMAIN "
								  "public.\"My D\" VALIDATE CONSTRAINT \"My D_check\";\nCOMMIT;"),
			  std::string::npos);
	EXPECT_NE(report->advice.find("VALIDATE CONSTRAINT takes SHARE on every table"), std::string::npos);
}

TEST(AlterDomain, SetNotNullAdviceIsACheckWithItsCaveat)
{
	StatementFacts facts = alterDomain("ALTER DOMAIN d SET NOT NULL", DomainChange::SetNotNull, {relation("a", 8192)});
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("SET NOT NULL on domain \"public.d\""), std::string::npos);
	EXPECT_NE(report->script.find("ALTER DOMAIN public.d ADD CONSTRAINT d_not_null CHECK (VALUE IS NOT NULL) NOT "
								  "VALID;"),
			  std::string::npos);
	EXPECT_NE(report->script.find("ALTER DOMAIN public.d VALIDATE CONSTRAINT d_not_null;"), std::string::npos);
	EXPECT_NE(report->advice.find("the domain is not marked NOT NULL"), std::string::npos);

	/* 17's ADD CONSTRAINT n NOT NULL: the check takes its name */
	facts.alterDomain.notNullConstraint = true;
	facts.alterDomain.constraintName = "d_nn";
	report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->message.find("ADD NOT NULL on domain"), std::string::npos);
	EXPECT_NE(report->script.find("ADD CONSTRAINT d_nn CHECK (VALUE IS NOT NULL) NOT VALID;"), std::string::npos);
}

TEST(AlterDomain, ValidateAdviceHasNoOnlineAlternative)
{
	StatementFacts facts =
		alterDomain("ALTER DOMAIN d VALIDATE CONSTRAINT c", DomainChange::Validate, {relation("a", 8192)});
	facts.alterDomain.constraintName = "c";
	std::optional<Report> report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->script.find("-- no online alternative"), std::string::npos);
	EXPECT_NE(report->script.find("ALTER DOMAIN d VALIDATE CONSTRAINT c;\nCOMMIT;"), std::string::npos);

	/* valid already: PostgreSQL reads the tables anyway, for nothing */
	facts.alterDomain.alreadyValid = true;
	report = reportOf(facts);
	ASSERT_TRUE(report);
	EXPECT_NE(report->detail.find("even when the constraint is valid already"), std::string::npos);
	EXPECT_NE(report->advice.find("leave it out"), std::string::npos);
	EXPECT_TRUE(report->script.empty());
}

TEST(AlterDomain, TheDbaMayDisableIt)
{
	StatementFacts facts = alterDomain("ALTER DOMAIN d SET NOT NULL", DomainChange::SetNotNull, {relation("a", 8192)});
	facts.session.disabledRules = {"alter-domain"};
	EXPECT_TRUE(findDangers(facts).empty());
}

} /* namespace */
} /* namespace pgsafe */
