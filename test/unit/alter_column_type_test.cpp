/*-------------------------------------------------------------------------
 *
 * alter_column_type_test.cpp
 *		alter-column-type, alter-column-type-index, alter-column-type-check:
 *		which facts are findings, and the recipes they get.
 *
 * Whether a type change rewrites the table is decided by the adapter, as
 * PostgreSQL decides it (the regression test alter_column_type checks that
 * against the server); here the facts are given.
 *
 * IDENTIFICATION
 *	  test/unit/alter_column_type_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/advice.hpp"
#include "core/analysis.hpp"
#include "core/rules.hpp"
#include "facts_builder.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::FakeCatalog;
using testing::relation;

const char *const kText = "ALTER TABLE t ALTER COLUMN c TYPE bigint";

StatementFacts
typeChange(TypeChange change, std::vector<RelationFacts> relations = {relation("t", 8192)},
		   const std::string &text = kText)
{
	StatementFacts facts = testing::alterTable(text, std::move(relations));
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AlterColumnType;
	sub.phase = SubcommandPhase::AlterType;
	sub.column.name = "c";
	sub.alterType.change = change;
	sub.alterType.oldType = "integer";
	sub.alterType.newType = "bigint";
	testing::addSubcommand(facts, sub, text.substr(text.find("ALTER COLUMN")));
	return facts;
}

AlterTypeFacts &
typeOf(StatementFacts &facts)
{
	return facts.alterTable.subcommands.front().alterType;
}

std::string
scriptOf(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return renderScript(adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole));
}

TEST(AlterColumnType, ARewriteIsFlaggedOnEveryTableItWrites)
{
	StatementFacts facts = typeChange(TypeChange::Rewrite,
									  {relation("t", 0, RelationKind::PartitionedTable),
									   relation("t1", 8192, RelationKind::Table, 0),
									   relation("t2", 16384, RelationKind::Table, 0)});
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::AlterColumnType);
	EXPECT_EQ(findings[0].work, Work::RewriteTable);
	EXPECT_EQ(findings[0].scanned, (std::vector<int>{1, 2}));
	EXPECT_EQ(findings[0].bytes, 24576u);
}

TEST(AlterColumnType, InPlaceOrUnknownOrEmptyIsNotFlagged)
{
	EXPECT_TRUE(findDangers(typeChange(TypeChange::InPlace)).empty());
	EXPECT_TRUE(findDangers(typeChange(TypeChange::Unknown)).empty());
	EXPECT_TRUE(findDangers(typeChange(TypeChange::Rewrite, {relation("t", 0)})).empty());
	RelationFacts local = relation("t", 8192);
	local.local = true;
	EXPECT_TRUE(findDangers(typeChange(TypeChange::Rewrite, {local})).empty());
}

TEST(AlterColumnType, TheTimeZoneRewriteSaysWhy)
{
	StatementFacts facts = typeChange(TypeChange::TimeZone);
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::AlterColumnType);
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Whole);
	ASSERT_TRUE(report);
	EXPECT_NE(report->detail.find("TimeZone is UTC"), std::string::npos) << report->detail;
	EXPECT_NE(report->advice.find("SET LOCAL TimeZone = 'UTC'"), std::string::npos) << report->advice;
}

TEST(AlterColumnType, InPlaceIndexesAndChecksAreTheirOwnRules)
{
	StatementFacts facts = typeChange(TypeChange::InPlace);
	typeOf(facts).indexes.push_back(
		RebuiltIndex{0, "t_c_idx", "CREATE INDEX t_c_idx ON public.t USING btree (c)", false});
	typeOf(facts).checks.push_back(RevalidatedCheck{0, "t_c_check", "CHECK ((c > 0))"});
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 2u);
	EXPECT_EQ(findings[0].rule, Rule::AlterColumnTypeIndex);
	EXPECT_EQ(findings[0].work, Work::BuildIndex);
	EXPECT_EQ(findings[1].rule, Rule::AlterColumnTypeCheck);
	EXPECT_EQ(findings[1].work, Work::ValidateRows);

	std::string script = scriptOf(facts);
	EXPECT_NE(script.find("DROP INDEX CONCURRENTLY public.t_c_idx;"), std::string::npos) << script;
	EXPECT_NE(script.find("BEGIN;\nALTER TABLE public.t DROP CONSTRAINT t_c_check;\n"
						  "ALTER TABLE public.t ALTER COLUMN c TYPE bigint;\n"
						  "ALTER TABLE public.t ADD CONSTRAINT t_c_check CHECK ((c > 0)) NOT VALID;\nCOMMIT;"),
			  std::string::npos)
		<< script;
	EXPECT_NE(script.find("CREATE INDEX CONCURRENTLY t_c_idx ON public.t USING btree (c);"), std::string::npos)
		<< script;
	EXPECT_NE(script.find("ALTER TABLE public.t VALIDATE CONSTRAINT t_c_check;"), std::string::npos) << script;
	/* the index is dropped before the type change and built after it */
	EXPECT_LT(script.find("DROP INDEX"), script.find("TYPE bigint"));
	EXPECT_LT(script.find("TYPE bigint"), script.find("CREATE INDEX"));
}

TEST(AlterColumnType, AConstraintsIndexHasNoOnlinePath)
{
	StatementFacts facts = typeChange(TypeChange::InPlace);
	typeOf(facts).indexes.push_back(RebuiltIndex{0, "t_c_key", "CREATE UNIQUE INDEX t_c_key ON public.t (c)", true});
	std::string script = scriptOf(facts);
	EXPECT_NE(script.find("SET LOCAL pgsafe.mode = 'warn';"), std::string::npos) << script;
	EXPECT_NE(script.find("ALTER TABLE public.t ALTER COLUMN c TYPE bigint;"), std::string::npos) << script;
	EXPECT_EQ(script.find("CONCURRENTLY"), std::string::npos) << script;
}

TEST(AlterColumnType, ANarrowerVarcharBecomesALengthCheck)
{
	const std::string text = "ALTER TABLE t ALTER COLUMN c TYPE varchar(5)";
	StatementFacts facts = typeChange(TypeChange::Rewrite, {relation("t", 8192)}, text);
	typeOf(facts).narrowedLength = 5;
	std::string script = scriptOf(facts);
	EXPECT_NE(script.find("ALTER TABLE public.t ADD CONSTRAINT t_c_length CHECK (char_length(c) <= 5) NOT VALID;"),
			  std::string::npos)
		<< script;
	EXPECT_NE(script.find("ALTER TABLE public.t VALIDATE CONSTRAINT t_c_length;"), std::string::npos) << script;
	EXPECT_EQ(script.find("TYPE varchar"), std::string::npos) << script;
}

TEST(AlterColumnType, ExpandAndContractCarriesTheColumnOver)
{
	StatementFacts facts = typeChange(TypeChange::Rewrite);
	typeOf(facts).notNull = true;
	typeOf(facts).defaultExpression = "nextval('t_c_seq'::regclass)";
	typeOf(facts).ownedSequence = "t_c_seq";
	std::string script = scriptOf(facts);
	const char *const steps[] = {
		"ALTER TABLE public.t ADD COLUMN c_new bigint;",
		"CREATE FUNCTION public.t_c_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n#variable_conflict "
		"use_column\nBEGIN\n    NEW.c_new := NEW.c;",
		"CREATE TRIGGER t_c_sync BEFORE INSERT OR UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.t_c_sync();",
		"UPDATE public.t SET c_new = c\n         WHERE ctid >= format('(%s,0)', pgsafe_first)::tid",
		"ADD CONSTRAINT t_c_new_not_null CHECK (c_new IS NOT NULL) NOT VALID;",
		"ALTER COLUMN c_new SET NOT NULL;",
		"BEGIN;\nDROP TRIGGER t_c_sync ON public.t;\nALTER SEQUENCE public.t_c_seq OWNED BY public.t.c_new;\n"
		"ALTER TABLE public.t DROP COLUMN c;\nALTER TABLE public.t RENAME COLUMN c_new TO c;\n"
		"ALTER TABLE public.t ALTER COLUMN c SET DEFAULT nextval('t_c_seq'::regclass);\nCOMMIT;",
		"DROP FUNCTION public.t_c_sync();",
	};
	std::size_t at = 0;
	for (const char *step : steps)
	{
		std::size_t found = script.find(step, at);
		EXPECT_NE(found, std::string::npos) << step << "\n in \n" << script;
		if (found != std::string::npos)
			at = found;
	}
}

TEST(AlterColumnType, AUsingExpressionIsComputedByTheTriggerAndTheBackfill)
{
	const std::string text = "ALTER TABLE t ALTER COLUMN c TYPE int USING c::int * 10";
	StatementFacts facts = typeChange(TypeChange::Rewrite, {relation("t", 8192)}, text);
	typeOf(facts).hasUsing = true;
	typeOf(facts).usingExpression = testing::spanOf(text, "c::int * 10");
	std::string script = scriptOf(facts);
	EXPECT_NE(script.find("NEW.c_new := (SELECT c::int * 10 FROM (SELECT NEW.*) AS t);"), std::string::npos) << script;
	EXPECT_NE(script.find("SET c_new = c::int * 10\n"), std::string::npos) << script;
}

TEST(AlterColumnType, DependentsAreNamedAndAKeyHasNoSwap)
{
	StatementFacts facts = typeChange(TypeChange::Rewrite);
	typeOf(facts).dependents = {"index \"t_c_idx\""};
	FakeCatalog catalog;
	Advice advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Whole);
	EXPECT_TRUE(advice.partial);
	EXPECT_NE(renderScript(advice).find("which DROP COLUMN drops: index \"t_c_idx\""), std::string::npos);

	typeOf(facts).primaryKey = true;
	std::string script = scriptOf(facts);
	EXPECT_NE(script.find("SET LOCAL pgsafe.mode = 'warn';"), std::string::npos) << script;
	EXPECT_EQ(script.find("c_new"), std::string::npos) << script;
}

TEST(AlterColumnType, InheritanceChildrenGetTheTriggerToo)
{
	StatementFacts facts =
		typeChange(TypeChange::Rewrite, {relation("t", 8192), testing::inheritanceChild("t_child", 8192, 0)});
	std::string script = scriptOf(facts);
	EXPECT_NE(script.find("ON public.t_child FOR EACH ROW"), std::string::npos) << script;
	EXPECT_NE(script.find("DROP TRIGGER t_c_sync ON public.t_child;"), std::string::npos) << script;
	EXPECT_NE(script.find("ARRAY['public.t', 'public.t_child']::regclass[]"), std::string::npos) << script;
}

} /* namespace */
} /* namespace pgsafe */
