/*-------------------------------------------------------------------------
 *
 * enforce_constraint_test.cpp
 *		The enforce-constraint rule: ALTER CONSTRAINT ... ENFORCED of a NOT
 *		ENFORCED foreign key validates every row; the advice drops it and
 *		adds it back NOT VALID, then validates it.  And NOT ENFORCED
 *		constraints added with the table's other rules are never flagged.
 *
 * IDENTIFICATION
 *	  test/unit/enforce_constraint_test.cpp
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

using testing::addColumn;
using testing::addSubcommand;
using testing::alterTable;
using testing::FakeCatalog;
using testing::relation;

StatementFacts
enforce(bool validates, RelationKind kind = RelationKind::Table)
{
	StatementFacts facts = alterTable("ALTER TABLE t ALTER CONSTRAINT t_p_fkey ENFORCED",
									  kind == RelationKind::Table
										  ? std::vector<RelationFacts>{relation("t", 8192)}
										  : std::vector<RelationFacts>{relation("t", 0, kind),
																	   relation("t_1", 8192, RelationKind::Table, 0),
																	   relation("t_2", 8192, RelationKind::Table, 0)});
	SubcommandFacts sub;
	sub.kind = SubcommandKind::EnforceConstraint;
	sub.constraint.name = "t_p_fkey";
	sub.enforce.validates = validates;
	sub.enforce.definition = "FOREIGN KEY (p) REFERENCES p(id) ON DELETE CASCADE";
	sub.enforce.referenced = QualifiedName{"public", "p"};
	addSubcommand(facts, sub, "ALTER CONSTRAINT t_p_fkey ENFORCED");
	return facts;
}

std::optional<Report>
reportOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return analyze(facts, catalog, ScriptLength::Whole);
}

TEST(EnforceConstraint, ANotEnforcedForeignKeyMadeEnforcedIsAScan)
{
	std::vector<Finding> findings = findDangers(enforce(true));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::EnforceConstraint);
	EXPECT_EQ(findings[0].work, Work::ValidateRows);
	EXPECT_TRUE(findDangers(enforce(false)).empty());
}

TEST(EnforceConstraint, EveryPartitionIsRead)
{
	std::vector<Finding> findings = findDangers(enforce(true, RelationKind::PartitionedTable));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, (std::vector<int>{1, 2}));
}

TEST(EnforceConstraint, TheAdviceAddsItBackNotValidThenValidates)
{
	std::optional<Report> report = reportOf(enforce(true));
	ASSERT_TRUE(report);
	EXPECT_EQ(report->rules, "enforce-constraint");
	EXPECT_NE(report->script.find("BEGIN;\nALTER TABLE public.t DROP CONSTRAINT t_p_fkey;\nALTER TABLE public.t ADD "
								  "CONSTRAINT t_p_fkey FOREIGN KEY (p) REFERENCES p(id) ON DELETE CASCADE NOT "
								  "VALID;\nCOMMIT;"),
			  std::string::npos);
	EXPECT_NE(report->script.find("ALTER TABLE public.t VALIDATE CONSTRAINT t_p_fkey;"), std::string::npos);
}

TEST(EnforceConstraint, NotEnforcedConstraintsAreNeverValidated)
{
	/* ADD CONSTRAINT ... NOT ENFORCED: the adapter reads skip_validation, set by NOT ENFORCED */
	StatementFacts fk =
		alterTable("ALTER TABLE t ADD FOREIGN KEY (p) REFERENCES p NOT ENFORCED", {relation("t", 8192)});
	SubcommandFacts sub = testing::foreignKey({"p"}, QualifiedName{"public", "p"});
	sub.constraint.foreignKey.notValid = true;
	sub.constraint.foreignKey.enforced = false;
	addSubcommand(fk, sub, "ADD FOREIGN KEY (p) REFERENCES p NOT ENFORCED");
	EXPECT_TRUE(findDangers(fk).empty());

	/* ADD COLUMN ... CHECK (...) NOT ENFORCED */
	StatementFacts check =
		alterTable("ALTER TABLE t ADD COLUMN c int DEFAULT 1 CHECK (c > 0) NOT ENFORCED", {relation("t", 8192)});
	SubcommandFacts column = addColumn("c", ColumnFill::ConstantDefault);
	ConstraintFacts c;
	c.kind = ConstraintKind::Check;
	c.notValid = true;
	column.column.constraints.push_back(c);
	addSubcommand(check, column, "ADD COLUMN c int DEFAULT 1 CHECK (c > 0) NOT ENFORCED");
	EXPECT_TRUE(findDangers(check).empty());
}

} /* namespace */
} /* namespace pgsafe */
