/*-------------------------------------------------------------------------
 *
 * hardening_test.cpp
 *		The decision layer on hostile input and on the statements that slipped
 *		past its rules: work linear in what the statement holds, bounded
 *		messages, and the rules for VALIDATE under a lock, ATTACH PARTITION,
 *		foreign keys adopted at any level, TOAST, and a domain's DEFAULT.
 *
 * IDENTIFICATION
 *	  test/unit/hardening_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/advice.hpp"
#include "core/analysis.hpp"
#include "core/interrupts.hpp"
#include "core/lint.hpp"
#include "core/names.hpp"
#include "core/rules.hpp"
#include "core/script.hpp"
#include "facts_builder.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::addColumn;
using testing::addColumnConstraint;
using testing::addSubcommand;
using testing::alterTable;
using testing::constraint;
using testing::FakeCatalog;
using testing::foreignKey;
using testing::foreignKeyConstraint;
using testing::relation;

const QualifiedName kCustomers{"public", "customers"};

/* A catalog that counts the questions asked of it. */
class CountingCatalog : public FakeCatalog
{
public:
	mutable int lookups = 0;
	bool relationExists(const std::string &schema, const std::string &name) const override
	{
		lookups++;
		return FakeCatalog::relationExists(schema, name);
	}
	bool constraintExists(const std::string &schema, const std::string &name) const override
	{
		lookups++;
		return FakeCatalog::constraintExists(schema, name);
	}
};

TEST(Linear, NameChooserTriesEachNameOnce)
{
	CountingCatalog catalog;
	NameChooser chooser(catalog);
	for (int i = 0; i < 1000; i++)
		EXPECT_EQ(chooser.relationName("public", "t", std::string("a"), "key", true),
				  i == 0 ? "t_a_key" : "t_a_key" + std::to_string(i));
	/* a relation and a constraint lookup per name handed out, not per name tried before it */
	EXPECT_EQ(catalog.lookups, 2000);
}

TEST(Linear, RepeatedIndexColumnNamesAreNumbered)
{
	FakeCatalog catalog;
	std::vector<std::string> names(500, "a");
	std::vector<std::string> chosen = chooseIndexColumnNames(names, catalog);
	ASSERT_EQ(chosen.size(), 500u);
	EXPECT_EQ(chosen[0], "a");
	EXPECT_EQ(chosen[1], "a1");
	EXPECT_EQ(chosen[499], "a499");
}

TEST(Linear, LinePositionsOnOneLongLineAgreeWithAWalk)
{
	/* 50 000 bytes on one line and a few more, with multibyte characters across checkpoints */
	std::string text;
	for (int i = 0; i < 12000; i++)
		text += i % 7 == 0 ? "\xc3\xa9" : "ab";
	text += "\nx\xe2\x82\xac y\n";
	LinePositions lines(text);

	int line = 1, column = 1;
	for (std::size_t offset = 0; offset <= text.size(); offset++)
	{
		if (offset > 0)
		{
			unsigned char c = static_cast<unsigned char>(text[offset - 1]);
			if (c == '\n')
			{
				line++;
				column = 1;
			}
			else if ((c & 0xC0) != 0x80)
				column++;
		}
		if (offset % 97 == 0 || offset + 20 > text.size())
		{
			EXPECT_EQ(lines.at(offset).line, line) << offset;
			EXPECT_EQ(lines.at(offset).column, column) << offset;
		}
	}
}

LintFinding
findingOf(const std::string &rule)
{
	LintFinding f;
	f.rule = rule;
	return f;
}

TEST(Linear, TheFirstSuppressionThatNamesARuleTakesItsFindings)
{
	std::string script = "-- pgsafe:ignore create-index first\n-- pgsafe:ignore create-index,foreign-key second\n";
	std::vector<Suppression> suppressions = findSuppressions(scanScript(script));
	std::vector<LintFinding> findings{findingOf("create-index"), findingOf("foreign-key"), findingOf("create-index")};

	applySuppressions(suppressions, 0, script.size(), findings, 0);
	EXPECT_EQ(findings[0].suppressed.value_or(""), "first");
	EXPECT_EQ(findings[1].suppressed.value_or(""), "second");
	EXPECT_EQ(findings[2].suppressed.value_or(""), "first");
	EXPECT_TRUE(suppressions[0].used);
	EXPECT_TRUE(suppressions[1].used);

	/* a range with no suppression in it: nothing changes */
	std::vector<LintFinding> later{findingOf("create-index")};
	applySuppressions(suppressions, script.size(), script.size() + 10, later, 0);
	EXPECT_FALSE(later[0].suppressed);
}

/* ALTER TABLE t ADD UNIQUE (a), ... n times */
StatementFacts
manyUniques(int n)
{
	std::string text = "ALTER TABLE t";
	for (int i = 0; i < n; i++)
		text += std::string(i ? "," : "") + " ADD UNIQUE (a)";
	StatementFacts facts = alterTable(text, {relation("t", 8192)});
	std::size_t at = 0;
	for (int i = 0; i < n; i++)
	{
		SubcommandFacts sub = constraint(ConstraintKind::Unique, {"a"});
		at = text.find("ADD UNIQUE (a)", at);
		sub.span = TextSpan::of(at, at + 14);
		at += 14;
		facts.alterTable.subcommands.push_back(sub);
	}
	return facts;
}

TEST(Bounded, TheDetailCountsFindingsOfTheSameKind)
{
	StatementFacts facts = manyUniques(500);
	addSubcommand(facts, foreignKey({"c"}, kCustomers), "");
	facts.text += " , ADD FOREIGN KEY (c) REFERENCES customers";
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(report);
	EXPECT_NE(report->detail.find("The same statement also runs ADD UNIQUE 499 times, blocking reads and writes while "
								  "the index is built."),
			  std::string::npos)
		<< report->detail;
	EXPECT_NE(report->detail.find("The same statement also runs ADD FOREIGN KEY, blocking"), std::string::npos);
	EXPECT_LT(report->detail.size(), 600u);
	EXPECT_EQ(report->rules, "unique-constraint,foreign-key");
	EXPECT_EQ(report->findings.size(), 501u);
}

TEST(Interrupts, TheDecisionLayerStopsWhenTheCheckThrows)
{
	static int calls;
	calls = 0;
	interruptCheck = [] {
		if (++calls > 100)
			throw std::runtime_error("canceled");
	};
	StatementFacts facts = manyUniques(2000);
	EXPECT_THROW(findDangers(facts), std::runtime_error);
	interruptCheck = nullptr;
	EXPECT_EQ(findDangers(facts).size(), 2000u);
}

TEST(Rules, ToastCountsOnlyForATableWithRows)
{
	RelationFacts filled = relation("t", 16384);
	filled.toastBytes = 20 * 1024 * 1024;
	StatementFacts facts = testing::createIndex("CREATE INDEX ON t (md5(doc))", {filled}, {"md5"});
	facts.session.minTableBytes = 1024 * 1024;
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].bytes, 16384u + 20 * 1024 * 1024);
	EXPECT_EQ(findings[0].toastBytes, 20u * 1024 * 1024);
	FakeCatalog catalog;
	EXPECT_NE(analyze(facts, catalog, ScriptLength::Bounded)->detail.find("it holds 20 MB with its TOAST table."),
			  std::string::npos);

	/* no rows in the table: its TOAST table holds dead space only */
	RelationFacts empty = relation("t", 0);
	empty.toastBytes = 8192;
	EXPECT_TRUE(findDangers(testing::createIndex("CREATE INDEX ON t (a)", {empty}, {"a"})).empty());
}

TEST(Rules, ForeignKeyAdoptedAtAnIntermediateLevelReadsNothingBelowIt)
{
	/* t: p1 (partitioned: leaves 2, 3) and leaf 4; p1 holds the key already */
	std::vector<RelationFacts> tree{relation("t", 0, RelationKind::PartitionedTable),
									relation("p1", 0, RelationKind::PartitionedTable, 0),
									relation("p11", 8192, RelationKind::Table, 1),
									relation("p12", 8192, RelationKind::Table, 1),
									relation("p2", 8192, RelationKind::Table, 0)};
	StatementFacts facts =
		alterTable("ALTER TABLE t ADD FOREIGN KEY (c) REFERENCES customers", tree, LockMode::ShareRowExclusive);
	SubcommandFacts &sub =
		addSubcommand(facts, foreignKey({"c"}, kCustomers), "ADD FOREIGN KEY (c) REFERENCES customers");
	sub.constraint.foreignKey.validatedIn = {1};
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].scanned, std::vector<int>({4}));

	/* the advice adds and validates it in the partition that lacks it only */
	FakeCatalog catalog;
	std::string script = renderScript(adviseFor(facts, findings, catalog, ScriptLength::Bounded));
	EXPECT_NE(script.find("ALTER TABLE public.p2 ADD CONSTRAINT t_c_fkey"), std::string::npos) << script;
	EXPECT_EQ(script.find("public.p11"), std::string::npos) << script;
}

TEST(Rules, DomainDefaultForeignKeyIsFlaggedAndAdvisedAsAKeyToValidate)
{
	std::string text = "ALTER TABLE orders ADD COLUMN c dom REFERENCES customers";
	StatementFacts facts = alterTable(text, {relation("orders", 8192)});
	SubcommandFacts &sub =
		addSubcommand(facts, addColumn("c", ColumnFill::DomainDefault), "ADD COLUMN c dom REFERENCES customers");
	sub.column.domain = QualifiedName{"public", "dom"};
	sub.column.typeSpan = testing::columnSpan(facts, sub, "dom");
	addColumnConstraint(facts, sub, foreignKeyConstraint({"c"}, kCustomers), "REFERENCES customers");

	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].rule, Rule::DomainDefaultForeignKey);
	EXPECT_STREQ(ruleName(Rule::DomainDefaultForeignKey), "domain-default-foreign-key");

	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->message,
			  "ADD COLUMN ... REFERENCES on table \"public.orders\" marks the foreign key valid "
			  "without checking the values existing rows get");
	EXPECT_EQ(report->script,
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD COLUMN c dom;\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_c_fkey FOREIGN KEY (c) REFERENCES "
			  "public.customers NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_c_fkey;\n"
			  "RESET lock_timeout;");

	/* without rows, there is no value to check */
	facts.table.relations[0].bytes = 0;
	EXPECT_TRUE(findDangers(facts).empty());
}

StatementFacts
attachPartition(std::vector<MissingIndex> missing)
{
	StatementFacts facts;
	facts.kind = StatementKind::AttachPartition;
	facts.text = "ALTER TABLE pt ATTACH PARTITION pt1 FOR VALUES FROM (1) TO (10)";
	facts.table.relations = {relation("pt1", 40960)};
	facts.attachPartition.parent = QualifiedName{"public", "pt"};
	facts.attachPartition.missingIndexes = std::move(missing);
	return facts;
}

MissingIndex
missingIndex(const std::string &parentIndex, bool unique, bool constraint, const std::string &column)
{
	MissingIndex index;
	index.parentIndex = QualifiedName{"public", parentIndex};
	index.unique = unique;
	index.constraint = constraint;
	index.columnNames = {column};
	index.definition = "USING btree (" + column + ")";
	index.buildIn = {0};
	return index;
}

TEST(Rules, AttachPartitionBuildingAnIndexIsFlaggedWithTheIndexesFirst)
{
	StatementFacts facts =
		attachPartition({missingIndex("pt_id_key", true, true, "id"), missingIndex("pt_k", false, false, "k")});
	std::vector<Finding> findings = findDangers(facts);
	ASSERT_EQ(findings.size(), 2u);
	EXPECT_EQ(findings[0].rule, Rule::AttachPartition);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_EQ(findings[1].missingIndex, 1);

	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->message,
			  "ATTACH PARTITION of table \"public.pt1\" to \"public.pt\" takes an ACCESS EXCLUSIVE "
			  "lock on it, blocking reads and writes while it builds the index of \"public.pt_id_key\" "
			  "on it");
	EXPECT_EQ(report->script,
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY pt1_id_key ON public.pt1 USING btree (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.pt1 ADD CONSTRAINT pt1_id_key UNIQUE USING INDEX pt1_id_key;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY pt1_k_idx ON public.pt1 USING btree (k);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE pt ATTACH PARTITION pt1 FOR VALUES FROM (1) TO (10);\n"
			  "-- ATTACH PARTITION also reads every row to check the partition bound, unless a valid CHECK "
			  "constraint of the table implies it\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n"
			  "-- if a CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: drop that index with DROP INDEX "
			  "CONCURRENTLY IF EXISTS, then run it again");

	/* nothing to build, or an empty table: nothing to say */
	EXPECT_TRUE(findDangers(attachPartition({})).empty());
	StatementFacts empty = attachPartition({missingIndex("pt_k", false, false, "k")});
	empty.table.relations[0].bytes = 0;
	EXPECT_TRUE(findDangers(empty).empty());
}

TEST(Advice, ValidateBesideAStrongerSubcommandIsSeparatedFromIt)
{
	std::string text = "ALTER TABLE t VALIDATE CONSTRAINT f, ALTER COLUMN id SET DEFAULT 0";
	StatementFacts facts = alterTable(text, {relation("t", 8192)});
	SubcommandFacts validate;
	validate.kind = SubcommandKind::ValidateConstraint;
	validate.constraint.name = "f";
	validate.validate.kind = ValidatedKind::ForeignKey;
	validate.validate.notValidIn = {0};
	addSubcommand(facts, validate, "VALIDATE CONSTRAINT f");
	addSubcommand(facts, testing::otherSubcommand(SubcommandPhase::ColumnAttributes), "ALTER COLUMN id SET DEFAULT 0");

	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script,
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.t ALTER COLUMN id SET DEFAULT 0;\n"
			  "ALTER TABLE public.t VALIDATE CONSTRAINT f;\n"
			  "RESET lock_timeout;");
	EXPECT_NE(report->advice.find("Run these statements one at a time"), std::string::npos) << report->advice;
}

/* VALIDATE CONSTRAINT alone (SHARE UPDATE EXCLUSIVE), of a constraint not valid on the listed relations */
StatementFacts
validateAlone(std::vector<RelationFacts> relations, ValidatedKind kind, std::vector<int> notValidIn)
{
	StatementFacts facts =
		alterTable("ALTER TABLE t VALIDATE CONSTRAINT c", std::move(relations), LockMode::ShareUpdateExclusive);
	SubcommandFacts sub;
	sub.kind = SubcommandKind::ValidateConstraint;
	sub.constraint.name = "c";
	sub.validate.kind = kind;
	sub.validate.notValidIn = std::move(notValidIn);
	addSubcommand(facts, sub, "VALIDATE CONSTRAINT c");
	return facts;
}

TEST(Rules, ValidateCountsTheLocksOnWhatItReads)
{
	/* a lock on a child the check is validated in */
	std::vector<RelationFacts> tree{relation("t", 0), testing::inheritanceChild("c1", 8192, 0)};
	tree[1].heldLock = LockMode::AccessExclusive;
	std::vector<Finding> findings = findDangers(validateAlone(tree, ValidatedKind::Check, {0, 1}));
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].lock, LockMode::AccessExclusive);
	EXPECT_EQ(findings[0].lockOn.name, "c1");
	EXPECT_FALSE(findings[0].lockFromStatement);
	/* ... not for a foreign key, which is validated in the table alone (here empty) */
	EXPECT_TRUE(findDangers(validateAlone(tree, ValidatedKind::ForeignKey, {0, 1})).empty());

	/* a lock on the referenced table of a foreign key */
	StatementFacts fk = validateAlone({relation("t", 8192)}, ValidatedKind::ForeignKey, {0});
	EXPECT_TRUE(findDangers(fk).empty());
	fk.alterTable.subcommands[0].validate.referenced = kCustomers;
	fk.alterTable.subcommands[0].validate.referencedHeldLock = LockMode::ShareRowExclusive;
	findings = findDangers(fk);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].lockOn.name, "customers");
	FakeCatalog catalog;
	EXPECT_EQ(analyze(fk, catalog, ScriptLength::Bounded)->message,
			  "VALIDATE CONSTRAINT on table \"public.t\" runs while this transaction holds a SHARE ROW EXCLUSIVE lock "
			  "on table \"public.customers\", blocking writes on it while existing rows are validated");

	/* a lock on a table above it: held as heldLockOn */
	StatementFacts child = validateAlone({relation("t", 8192)}, ValidatedKind::Check, {0});
	child.alterTable.heldLock = LockMode::AccessExclusive;
	child.alterTable.heldLockOn = QualifiedName{"public", "parent"};
	findings = findDangers(child);
	ASSERT_EQ(findings.size(), 1u);
	EXPECT_EQ(findings[0].lockOn.name, "parent");
}

TEST(Advice, AStatementOfAnExtensionScriptIsToBeRunOnPurpose)
{
	StatementFacts facts = manyUniques(1);
	facts.session.extension = "fixture";
	facts.session.extensionCommand = "ALTER EXTENSION fixture UPDATE TO '1.1'";
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->script,
			  "BEGIN;\nSET LOCAL pgsafe.mode = 'warn';\nSET LOCAL lock_timeout = '5s';\n"
			  "ALTER EXTENSION fixture UPDATE TO '1.1';\nCOMMIT;");
	EXPECT_EQ(report->advice.find("The statement is part of the script of extension \"fixture\""), 0u);
}

} /* namespace */
} /* namespace pgsafe */
