/*-------------------------------------------------------------------------
 *
 * catalogue_test.cpp
 *		The rule catalogue is whole: every rule has its name, summary and
 *		behaviour, a README entry and a regression test.
 *
 * IDENTIFICATION
 *	  test/unit/catalogue_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/lint.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {
namespace {

std::string
readFile(const std::filesystem::path &path)
{
	std::ifstream in(path);
	std::ostringstream text;
	text << in.rdbuf();
	return text.str();
}

/*
 * All the regression tests' expected output, and the TAP tests, as one
 * text -- less pgsafe.rules()'s listing, in which every name appears.
 */
std::string
testOutputs()
{
	std::string all;
	const std::filesystem::path root(PGSAFE_SOURCE_DIR);
	for (const char *dir : {"expected", "test/isolation/expected", "test/t"})
		for (const auto &entry : std::filesystem::directory_iterator(root / dir))
			if (entry.path().filename() != "rules.out")
				all += readFile(entry.path());
	return all;
}

TEST(Catalogue, StatementRulesComeFirstInTheOrderOfTheEnum)
{
	const auto &catalogue = ruleCatalogue();
	std::size_t statementRules = 0;
	for (std::size_t i = 0; i < catalogue.size(); i++)
	{
		const RuleSpec &spec = catalogue[i];
		if (spec.scope != RuleScope::Statement)
			continue;
		ASSERT_EQ(i, statementRules) << spec.name << ": statement rules first";
		ASSERT_NE(spec.behaviour, nullptr) << spec.name;
		EXPECT_EQ(static_cast<std::size_t>(spec.behaviour->rule), i) << spec.name;
		EXPECT_EQ(&ruleSpec(spec.behaviour->rule), &spec);
		statementRules++;
	}
	EXPECT_EQ(statementRules, static_cast<std::size_t>(Rule::EnforceConstraint) + 1);
}

TEST(Catalogue, EveryRuleHasAStableNameAndASummary)
{
	std::set<std::string> names;
	for (const RuleSpec &spec : ruleCatalogue())
	{
		const std::string name = spec.name;
		EXPECT_TRUE(names.insert(name).second) << name << " twice";
		EXPECT_FALSE(name.empty());
		for (char c : name)
			EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << name;
		EXPECT_GT(std::string(spec.summary).size(), 10u) << name;
		EXPECT_FALSE(std::string(spec.looksAt).empty()) << name;
		EXPECT_EQ(findRule(name), &spec);
		EXPECT_EQ(spec.behaviour != nullptr, spec.scope == RuleScope::Statement) << name;
	}
	EXPECT_EQ(findRule("no-such-rule"), nullptr);
}

TEST(Catalogue, EveryStatementRuleCanDetectWordAndAdvise)
{
	for (const RuleSpec &spec : ruleCatalogue())
	{
		const RuleBehaviour *b = spec.behaviour;
		if (!b)
			continue;
		EXPECT_NE(b->detect, nullptr) << spec.name;
		EXPECT_NE(b->operation, nullptr) << spec.name;
		EXPECT_NE(b->why, nullptr) << spec.name;
		EXPECT_TRUE(b->adviseSubcommand || b->adviseColumn || b->adviseStatement) << spec.name;
		if (b->statement == StatementKind::AlterTable)
		{
			EXPECT_NE(b->subcommands, 0u) << spec.name << ": looks at no subcommand";
			EXPECT_EQ(b->adviseStatement, nullptr) << spec.name;
		}
		else
		{
			EXPECT_EQ(b->subcommands, 0u) << spec.name;
			EXPECT_NE(b->adviseStatement, nullptr) << spec.name;
		}
		if (b->subcommands & bitOf(SubcommandKind::AddColumn))
		{
			EXPECT_NE(b->adviseColumn, nullptr) << spec.name << ": looks at ADD COLUMN";
		}
	}
}

TEST(Catalogue, OnlyStatementRulesAndTheLintersOwnFindingsCanBeSuppressed)
{
	for (const RuleSpec &spec : ruleCatalogue())
		EXPECT_EQ(isSuppressibleRule(spec.name), spec.suppressible) << spec.name;
	EXPECT_FALSE(isSuppressibleRule(kRuleSyntaxError));
	EXPECT_FALSE(isSuppressibleRule(kRuleUnusedSuppression));
	EXPECT_TRUE(isSuppressibleRule(kRuleUnknownRelation));
}

TEST(Catalogue, EveryRuleIsDocumentedInTheReadme)
{
	const std::string readme = readFile(std::filesystem::path(PGSAFE_SOURCE_DIR) / "README.md");
	ASSERT_FALSE(readme.empty());
	for (const RuleSpec &spec : ruleCatalogue())
		EXPECT_NE(readme.find("`" + std::string(spec.name) + "`"), std::string::npos)
			<< spec.name << " is not in README.md";
}

TEST(Catalogue, EveryRuleHasARegressionTest)
{
	const std::string outputs = testOutputs();
	ASSERT_FALSE(outputs.empty());
	for (const RuleSpec &spec : ruleCatalogue())
		EXPECT_NE(outputs.find(spec.name), std::string::npos) << spec.name << " appears in no test's expected output";
}

} /* namespace */
} /* namespace pgsafe */

TEST(Catalogue, DisabledRulesListIsCommaSeparatedAndCaseInsensitive)
{
	EXPECT_TRUE(pgsafe::ruleList("").empty());
	EXPECT_TRUE(pgsafe::ruleList("  ").empty());
	EXPECT_EQ(pgsafe::ruleList(" Create-Index ,unique-constraint"),
			  (std::vector<std::string>{"create-index", "unique-constraint"}));
	/* an empty entry stays, so that it is refused rather than ignored */
	EXPECT_EQ(pgsafe::ruleList("a,,b"), (std::vector<std::string>{"a", "", "b"}));
	EXPECT_TRUE(pgsafe::isDisablableRule("create-index"));
	EXPECT_TRUE(pgsafe::isDisablableRule("unknown-relation"));
	EXPECT_FALSE(pgsafe::isDisablableRule("syntax-error"));
	EXPECT_FALSE(pgsafe::isDisablableRule(""));
	EXPECT_FALSE(pgsafe::isDisablableRule("Create-Index")); /* ruleList lower-cases first */
}
