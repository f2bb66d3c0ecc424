/*-------------------------------------------------------------------------
 *
 * advice_test.cpp
 *		The safe alternative pgsafe prints, for every kind of advice, as whole
 *		scripts.  The expected texts are the ones the regression tests run
 *		against PostgreSQL (sql/hints.sql executes each kind), so a change in
 *		rendering shows up here without a server.
 *
 * IDENTIFICATION
 *	  test/unit/advice_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/advice.hpp"
#include "core/analysis.hpp"
#include "core/rules.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::FakeCatalog;

RelationFacts
relation(const std::string &name, std::uint64_t bytes, RelationKind kind = RelationKind::Table, int parent = -1)
{
	RelationFacts r;
	r.name = QualifiedName{"public", name};
	r.kind = kind;
	r.bytes = bytes;
	r.parent = parent;
	r.isPartition = parent >= 0;
	return r;
}

/* ALTER TABLE facts; each subcommand's span is found in the text by its own text. */
StatementFacts
alterTable(const std::string &text, RelationFacts target, LockMode lock = LockMode::AccessExclusive)
{
	StatementFacts facts;
	facts.kind = StatementKind::AlterTable;
	facts.text = text;
	facts.table.relations.push_back(target);
	facts.alterTable.lock = lock;
	return facts;
}

void
addSubcommand(StatementFacts &facts, SubcommandFacts sub, const std::string &subText)
{
	std::size_t at = facts.text.find(subText);
	if (at != std::string::npos)
		sub.span = TextSpan::of(at, at + subText.size());
	facts.alterTable.subcommands.push_back(sub);
}

SubcommandFacts
constraint(ConstraintKind kind, std::vector<std::string> keys, std::optional<std::string> name = std::nullopt)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddConstraint;
	sub.constraint.kind = kind;
	sub.constraint.keys = std::move(keys);
	sub.constraint.name = std::move(name);
	return sub;
}

std::string
scriptFor(const StatementFacts &facts)
{
	FakeCatalog catalog;
	return renderScript(adviseFor(facts, findDangers(facts), catalog));
}

const char *const kInvalidIndexNote = "-- if CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: "
									  "DROP INDEX CONCURRENTLY IF EXISTS ";

TEST(Advice, UniqueConstraintBuildsTheIndexConcurrentlyThenAttachesIt)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 49152));
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n"
			  "RESET lock_timeout;\n" +
				  std::string(kInvalidIndexNote) + "public.orders_code_key; then run it again");
}

TEST(Advice, NeverNotValidForIndexConstraints)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 49152));
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	EXPECT_EQ(scriptFor(facts).find("NOT VALID"), std::string::npos);

	StatementFacts exclusion = alterTable(
		"ALTER TABLE orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)", relation("orders", 65536));
	addSubcommand(exclusion,
				  constraint(ConstraintKind::Exclusion, {}, "orders_no_dup"),
				  "ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)");
	EXPECT_EQ(scriptFor(exclusion).find("NOT VALID"), std::string::npos);
}

TEST(Advice, PrimaryKeyOnNullableColumnProvesNotNullFirst)
{
	StatementFacts facts = alterTable("ALTER TABLE accounts ADD PRIMARY KEY (id)", relation("accounts", 24576));
	ColumnNullability id;
	id.name = "id";
	id.exists = true;
	facts.table.relations[0].columns.push_back(id);
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.accounts VALIDATE CONSTRAINT accounts_id_not_null;\n"
			  "ALTER TABLE public.accounts ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.accounts DROP CONSTRAINT accounts_id_not_null;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON public.accounts (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;\n"
			  "RESET lock_timeout;\n" +
				  std::string(kInvalidIndexNote) + "public.accounts_pkey; then run it again");
}

TEST(Advice, PrimaryKeyOnNotNullColumnIsTheIndexRecipeOnly)
{
	StatementFacts facts =
		alterTable("ALTER TABLE accounts ADD CONSTRAINT accounts_pk PRIMARY KEY (id)", relation("accounts", 24576));
	ColumnNullability id;
	id.name = "id";
	id.exists = id.markedNotNull = id.provenNotNull = true;
	facts.table.relations[0].columns.push_back(id);
	addSubcommand(facts,
				  constraint(ConstraintKind::PrimaryKey, {"id"}, "accounts_pk"),
				  "ADD CONSTRAINT accounts_pk PRIMARY KEY (id)");

	std::string script = scriptFor(facts);
	EXPECT_EQ(script.find("CHECK"), std::string::npos);
	EXPECT_NE(script.find("CREATE UNIQUE INDEX CONCURRENTLY accounts_pk ON public.accounts (id);\n"),
			  std::string::npos);
	EXPECT_NE(
		script.find("ALTER TABLE public.accounts ADD CONSTRAINT accounts_pk PRIMARY KEY USING INDEX accounts_pk;"),
		std::string::npos);
}

TEST(Advice, ForeignKeyIsAddedNotValidThenValidated)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers",
				   relation("orders", 49152),
				   LockMode::ShareRowExclusive);
	SubcommandFacts sub = constraint(ConstraintKind::ForeignKey, {}, "fk");
	sub.constraint.foreignKey.referenced = QualifiedName{"public", "customers"};
	sub.constraint.foreignKey.referencedFound = true;
	sub.constraint.foreignKey.columns = {"customer_id"};
	addSubcommand(facts, sub, "ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES "
			  "public.customers NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT fk;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, ExclusionConstraintHasNoOnlinePath)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)",
									  relation("orders", 65536));
	addSubcommand(facts,
				  constraint(ConstraintKind::Exclusion, {}, "orders_no_dup"),
				  "ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)");
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->hint,
			  "PostgreSQL cannot add an exclusion constraint without holding this lock while the index "
			  "is built; run it in a maintenance window. Run:\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =);\n"
			  "RESET lock_timeout;");
}

TEST(Advice, CreateIndexConcurrently)
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.text = "CREATE INDEX ON orders (customer_id)";
	facts.table.relations.push_back(relation("orders", 49152));
	facts.createIndex.columnNames = {"customer_id"};
	facts.createIndex.definition = TextSpan::of(facts.text.find('('), facts.text.size());

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);\n"
			  "RESET lock_timeout;\n" +
				  std::string(kInvalidIndexNote) + "public.orders_customer_id_idx; then run it again");
}

TEST(Advice, PartitionedIndexOnOnlyThenEachPartitionThenAttach)
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.text = "CREATE INDEX ON logs (at, id)";
	facts.table.relations = {relation("logs", 0, RelationKind::PartitionedTable),
							 relation("logs_2025", 16384, RelationKind::Table, 0),
							 relation("logs_2026", 0, RelationKind::PartitionedTable, 0),
							 relation("logs_2026_q1", 8192, RelationKind::Table, 2),
							 relation("logs_2026_rest", 16384, RelationKind::Table, 2)};
	facts.createIndex.columnNames = {"at", "id"};
	facts.createIndex.definition = TextSpan::of(facts.text.find('('), facts.text.size());

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "CREATE INDEX logs_at_id_idx ON ONLY public.logs (at, id);\n"
			  "CREATE INDEX logs_2026_at_id_idx ON ONLY public.logs_2026 (at, id);\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY logs_2025_at_id_idx ON public.logs_2025 (at, id);\n"
			  "CREATE INDEX CONCURRENTLY logs_2026_q1_at_id_idx ON public.logs_2026_q1 (at, id);\n"
			  "CREATE INDEX CONCURRENTLY logs_2026_rest_at_id_idx ON public.logs_2026_rest (at, id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER INDEX public.logs_at_id_idx ATTACH PARTITION public.logs_2025_at_id_idx;\n"
			  "ALTER INDEX public.logs_at_id_idx ATTACH PARTITION public.logs_2026_at_id_idx;\n"
			  "ALTER INDEX public.logs_2026_at_id_idx ATTACH PARTITION public.logs_2026_q1_at_id_idx;\n"
			  "ALTER INDEX public.logs_2026_at_id_idx ATTACH PARTITION public.logs_2026_rest_at_id_idx;\n"
			  "RESET lock_timeout;\n"
			  "-- if a CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: drop that index with DROP INDEX "
			  "CONCURRENTLY IF EXISTS, then run it again");
}

TEST(Advice, PartitionsBeyondTheCapAreSummarisedInAComment)
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.text = "CREATE INDEX ON big (id)";
	facts.table.relations.push_back(relation("big", 0, RelationKind::PartitionedTable));
	for (int i = 0; i < kMaxPartitionsSpelledOut + 6; i++)
		facts.table.relations.push_back(relation("big_" + std::to_string(i), 8192, RelationKind::Table, 0));
	facts.createIndex.columnNames = {"id"};
	facts.createIndex.definition = TextSpan::of(facts.text.find('('), facts.text.size());

	FakeCatalog catalog;
	Advice advice = adviseFor(facts, findDangers(facts), catalog);
	std::string script = renderScript(advice);
	std::size_t concurrent = 0;
	for (std::size_t at = script.find("CONCURRENTLY big_"); at != std::string::npos;
		 at = script.find("CONCURRENTLY big_", at + 1))
		concurrent++;
	EXPECT_EQ(concurrent, static_cast<std::size_t>(kMaxPartitionsSpelledOut));
	EXPECT_TRUE(advice.partial);
	EXPECT_EQ(script.find("big_69_id_idx"), std::string::npos);
}

TEST(Advice, OtherSubcommandsKeepTheirOrder)
{
	StatementFacts facts = alterTable(
		"ALTER TABLE orders ADD COLUMN flag boolean, ADD UNIQUE (id, email), ALTER COLUMN note SET DEFAULT ''",
		relation("orders", 65536));
	SubcommandFacts column;
	column.kind = SubcommandKind::AddColumn;
	column.column.name = "flag";
	addSubcommand(facts, column, "ADD COLUMN flag boolean");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"id", "email"}), "ADD UNIQUE (id, email)");
	addSubcommand(facts, SubcommandFacts{}, "ALTER COLUMN note SET DEFAULT ''");

	std::string script = scriptFor(facts);
	std::size_t addColumn = script.find("ALTER TABLE public.orders ADD COLUMN flag boolean;");
	std::size_t index =
		script.find("CREATE UNIQUE INDEX CONCURRENTLY orders_id_email_key ON public.orders (id, email);");
	std::size_t attach = script.find("ADD CONSTRAINT orders_id_email_key UNIQUE USING INDEX orders_id_email_key;");
	std::size_t setDefault = script.find("ALTER TABLE public.orders ALTER COLUMN note SET DEFAULT '';");
	ASSERT_NE(addColumn, std::string::npos) << script;
	ASSERT_NE(index, std::string::npos) << script;
	ASSERT_NE(attach, std::string::npos) << script;
	ASSERT_NE(setDefault, std::string::npos) << script;
	EXPECT_LT(addColumn, index);
	EXPECT_LT(index, attach);
	EXPECT_LT(attach, setDefault);
}

TEST(Analysis, InsideATransactionBlockTheHintSaysToLeaveIt)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 49152));
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	FakeCatalog catalog;

	std::optional<Report> outside = analyze(facts, catalog);
	ASSERT_TRUE(outside);
	EXPECT_EQ(outside->advice,
			  "Build the unique index concurrently, then add the constraint using it. Run these "
			  "statements one at a time, outside a transaction block:");

	facts.session.inTransactionBlock = true;
	std::optional<Report> inside = analyze(facts, catalog);
	ASSERT_TRUE(inside);
	EXPECT_EQ(inside->advice,
			  "Build the unique index concurrently, then add the constraint using it. CREATE INDEX CONCURRENTLY "
			  "cannot run in a transaction block or a function, so run these statements one at a time, outside both:");
	EXPECT_EQ(inside->script, outside->script);
	EXPECT_EQ(inside->hint, inside->advice + "\n" + inside->script);
}

TEST(Analysis, MessageNamesOperationTableLockAndWhatItBlocks)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 49152));
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog);
	ASSERT_TRUE(report);

	EXPECT_EQ(report->message,
			  "ADD UNIQUE on table \"public.orders\" takes an ACCESS EXCLUSIVE lock, blocking reads "
			  "and writes while the index is built");
	EXPECT_EQ(report->detail, "The table \"public.orders\" is not empty: it holds 48 kB.");
	EXPECT_EQ(report->rules, "unique-constraint");
	ASSERT_EQ(report->findings.size(), 1u);
	EXPECT_EQ(report->findings[0].lock, "ACCESS EXCLUSIVE");
	EXPECT_EQ(report->findings[0].blocks, "reads and writes");
	EXPECT_EQ(report->findings[0].bytes, 49152u);
	EXPECT_EQ(report->findings[0].relation, "public.orders");
}

TEST(Analysis, ForeignKeyLocksBothTables)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers",
				   relation("orders", 49152),
				   LockMode::ShareRowExclusive);
	SubcommandFacts sub = constraint(ConstraintKind::ForeignKey, {}, "fk");
	sub.constraint.foreignKey.referenced = QualifiedName{"public", "customers"};
	sub.constraint.foreignKey.referencedFound = true;
	sub.constraint.foreignKey.columns = {"customer_id"};
	addSubcommand(facts, sub, "ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers");
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog);
	ASSERT_TRUE(report);

	EXPECT_EQ(report->message,
			  "ADD FOREIGN KEY on table \"public.orders\" takes a SHARE ROW EXCLUSIVE lock on it and "
			  "on table \"public.customers\", blocking writes to both while existing rows are "
			  "validated");
	EXPECT_EQ(report->findings[0].blocks, "writes");
}

TEST(Analysis, EmptyOrLocalTablesSayNothing)
{
	FakeCatalog catalog;
	StatementFacts empty = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 0));
	addSubcommand(empty, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	EXPECT_FALSE(analyze(empty, catalog));

	StatementFacts local = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 49152));
	local.table.relations[0].local = true;
	addSubcommand(local, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	EXPECT_FALSE(analyze(local, catalog));

	StatementFacts small = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 49152));
	small.session.minTableBytes = 1024 * 1024;
	addSubcommand(small, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	EXPECT_FALSE(analyze(small, catalog));
}

TEST(Analysis, SizeThatCouldNotBeReadCountsAsNotEmpty)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", relation("orders", 0));
	facts.table.relations[0].sizeKnown = false;
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog);
	ASSERT_TRUE(report);
	EXPECT_EQ(report->detail,
			  "The size of table \"public.orders\" could not be read without waiting for a lock, so "
			  "it is treated as not empty.");
	EXPECT_FALSE(report->findings[0].sizeKnown);
}

TEST(PrettySize, MatchesPgSizePretty)
{
	EXPECT_EQ(prettySize(0), "0 bytes");
	EXPECT_EQ(prettySize(10239), "10239 bytes");
	EXPECT_EQ(prettySize(10240), "10 kB");
	EXPECT_EQ(prettySize(49152), "48 kB");
	EXPECT_EQ(prettySize(10485247), "10239 kB");
	EXPECT_EQ(prettySize(10485248), "10 MB");
	EXPECT_EQ(prettySize(1536), "1536 bytes");
	EXPECT_EQ(prettySize(1ULL << 40), "1024 GB");
	EXPECT_EQ(prettySize(10ULL << 40), "10 TB");
}

} /* namespace */
} /* namespace pgsafe */
