/*-------------------------------------------------------------------------
 *
 * advice_test.cpp
 *		The safe alternative pgsafe prints, for every kind of advice, as whole
 *		scripts.  The expected texts are the ones the regression tests run
 *		against PostgreSQL (sql/hints.sql executes each kind), so a change in
 *		rendering shows up here without a server.
 *
 * Covered: UNIQUE and PRIMARY KEY through CREATE UNIQUE INDEX CONCURRENTLY
 * and USING INDEX (with the NOT NULL proof for nullable key columns), the
 * FOREIGN KEY through NOT VALID and VALIDATE, CREATE INDEX CONCURRENTLY,
 * partitioned tables (ON ONLY, a concurrent build per partition, ATTACH
 * PARTITION, and the cap on the partitions spelled out), EXCLUDE, ADD COLUMN
 * with every kind of fill, the placement of SET / RESET lock_timeout, the
 * note on INVALID indexes, and the statement's other subcommands kept in
 * order.  The message, detail and hint around the script are tested in
 * analysis_test.cpp.
 *
 * IDENTIFICATION
 *	  test/unit/advice_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/advice.hpp"
#include "core/rules.hpp"
#include "facts_builder.hpp"
#include "fake_catalog.hpp"

namespace pgsafe {
namespace {

using testing::addColumn;
using testing::addColumnConstraint;
using testing::addSubcommand;
using testing::alterTable;
using testing::columnConstraint;
using testing::columnSpan;
using testing::constraint;
using testing::createIndex;
using testing::FakeCatalog;
using testing::foreignKey;
using testing::foreignKeyConstraint;
using testing::inheritanceChild;
using testing::notNullColumn;
using testing::nullableColumn;
using testing::otherSubcommand;
using testing::relation;
using testing::spanOf;

const QualifiedName kCustomers{"public", "customers"};
const QualifiedName kHCustomers{"public", "h_customers"};

Advice
adviceFor(const StatementFacts &facts, const FakeCatalog &catalog = FakeCatalog())
{
	return adviseFor(facts, findDangers(facts), catalog, ScriptLength::Bounded);
}

std::string
scriptFor(const StatementFacts &facts, const FakeCatalog &catalog = FakeCatalog())
{
	return renderScript(adviceFor(facts, catalog));
}

const char *const kInvalidIndexNote = "-- if CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: "
									  "DROP INDEX CONCURRENTLY IF EXISTS ";

/* The note after a script that builds one index concurrently. */
std::string
invalidIndexNote(const std::string &index)
{
	return std::string(kInvalidIndexNote) + index + "; then run it again";
}

/* The note after a script that builds several. */
const std::string kInvalidIndexesNote =
	"-- if a CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: drop that "
	"index with DROP INDEX CONCURRENTLY IF EXISTS, then run it again";

/* The script without its "--" comments: what PostgreSQL executes (no literal here holds "--"). */
std::string
codeOf(const std::string &script)
{
	std::string code;
	std::size_t begin = 0;
	while (begin <= script.size())
	{
		std::size_t end = script.find('\n', begin);
		if (end == std::string::npos)
			end = script.size();
		std::string line = script.substr(begin, end - begin);
		std::size_t comment = line.find("--");
		code += line.substr(0, comment) + "\n";
		begin = end + 1;
	}
	return code;
}

std::size_t
countOf(const std::string &text, const std::string &piece)
{
	std::size_t n = 0;
	for (std::size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1))
		n++;
	return n;
}

/* h_events of sql/hints.sql: two leaves under the root, two under h_events_2026. */
std::vector<RelationFacts>
eventsTree()
{
	return {relation("h_events", 0, RelationKind::PartitionedTable),
			relation("h_events_2025", 16384, RelationKind::Table, 0),
			relation("h_events_2026", 0, RelationKind::PartitionedTable, 0),
			relation("h_events_2026_a", 8192, RelationKind::Table, 2),
			relation("h_events_2026_b", 8192, RelationKind::Table, 2)};
}

/* ---------------------------------------------------------------- UNIQUE */

TEST(Advice, UniqueConstraintBuildsTheIndexConcurrentlyThenAttachesIt)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  std::string(kInvalidIndexNote) + "public.orders_code_key; then run it again");
}

TEST(Advice, UniqueOnSeveralColumnsIsNamedAfterAllOfThem)
{
	StatementFacts facts = alterTable("ALTER TABLE t ADD UNIQUE (a, b)", {relation("t", 8192)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"a", "b"}), "ADD UNIQUE (a, b)");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY t_a_b_key ON public.t (a, b);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.t ADD CONSTRAINT t_a_b_key UNIQUE USING INDEX t_a_b_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.t_a_b_key"));
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"Build the unique index concurrently, then add the constraint using it."});
	EXPECT_EQ(advice.concurrentIndexes, std::vector<std::string>{"public.t_a_b_key"});
	EXPECT_FALSE(advice.separateTransactions);
	EXPECT_FALSE(advice.partial);
}

TEST(Advice, UniqueKeepsEveryIndexOptionAndDeferrability)
{
	/* sql/hints.sql, h_unique */
	StatementFacts facts = alterTable("ALTER TABLE h_unique ADD UNIQUE NULLS NOT DISTINCT (email)\n"
									  "  INCLUDE (note) WITH (fillfactor = 90) USING INDEX TABLESPACE pg_default "
									  "DEFERRABLE INITIALLY DEFERRED",
									  {relation("h_unique", 40960)});
	SubcommandFacts sub = constraint(ConstraintKind::Unique, {"email"});
	sub.constraint.including = {"note"};
	sub.constraint.nullsNotDistinct = true;
	sub.constraint.options = {StorageOption{"fillfactor", "90"}};
	sub.constraint.indexTablespace = "pg_default";
	sub.constraint.deferrable = true;
	sub.constraint.initiallyDeferred = true;
	addSubcommand(facts, sub, "ADD UNIQUE NULLS NOT DISTINCT");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_unique_email_note_key ON public.h_unique (email) INCLUDE (note) "
			  "NULLS NOT DISTINCT WITH (fillfactor = 90) TABLESPACE pg_default;\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_unique ADD CONSTRAINT h_unique_email_note_key UNIQUE USING INDEX "
			  "h_unique_email_note_key DEFERRABLE INITIALLY DEFERRED;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_unique_email_note_key"));
}

TEST(Advice, StorageOptionValuesThatAreNotPlainWordsAreQuoted)
{
	StatementFacts facts = alterTable("ALTER TABLE t ADD UNIQUE (a) WITH (fillfactor = 70, deduplicate_items = 'OFF') "
									  "DEFERRABLE",
									  {relation("t", 8192)});
	SubcommandFacts sub = constraint(ConstraintKind::Unique, {"a"});
	sub.constraint.options = {StorageOption{"fillfactor", "70"}, StorageOption{"deduplicate_items", "OFF"}};
	sub.constraint.deferrable = true;
	addSubcommand(facts, sub, "ADD UNIQUE (a)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON public.t (a) WITH (fillfactor = 70, deduplicate_items = "
			  "'OFF');\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_key DEFERRABLE;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.t_a_key"));
}

TEST(Advice, NamesAreQuotedWhereNeeded)
{
	StatementFacts facts = alterTable("ALTER TABLE \"Sales\".\"Order Lines\" ADD UNIQUE (\"Line No\", \"user\")",
									  {relation("Order Lines", 8192, RelationKind::Table, -1, "Sales")});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"Line No", "user"}), "ADD UNIQUE");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY \"Order Lines_Line No_user_key\" ON \"Sales\".\"Order Lines\" "
			  "(\"Line No\", \"user\");\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE \"Sales\".\"Order Lines\" ADD CONSTRAINT \"Order Lines_Line No_user_key\" UNIQUE USING "
			  "INDEX \"Order Lines_Line No_user_key\";\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("\"Sales\".\"Order Lines_Line No_user_key\""));
}

TEST(Advice, AnExplicitConstraintNameIsKept)
{
	/* sql/hints.sql, h_dups */
	StatementFacts facts =
		alterTable("ALTER TABLE h_dups ADD CONSTRAINT h_dups_v_uq UNIQUE (v)", {relation("h_dups", 8192)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"v"}, "h_dups_v_uq"), "ADD CONSTRAINT h_dups_v_uq");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_dups_v_uq ON public.h_dups (v);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_dups ADD CONSTRAINT h_dups_v_uq UNIQUE USING INDEX h_dups_v_uq;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_dups_v_uq"));
}

TEST(Advice, TakenNamesGetTheNextNumber)
{
	FakeCatalog catalog;
	catalog.relations.insert({"public", "orders_code_key"});
	catalog.constraints.insert({"public", "orders_code_key1"});
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");

	EXPECT_EQ(scriptFor(facts, catalog),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key2 ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key2 UNIQUE USING INDEX orders_code_key2;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_code_key2"));
}

TEST(Advice, TwoUniqueConstraintsNeverShareAName)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD UNIQUE (code), ADD UNIQUE (code)", {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key1 ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key1 UNIQUE USING INDEX orders_code_key1;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  kInvalidIndexesNote);
	/* the same sentence is said once */
	EXPECT_EQ(advice.sentences.size(), 1u);
	EXPECT_EQ(advice.concurrentIndexes,
			  (std::vector<std::string>{"public.orders_code_key", "public.orders_code_key1"}));
}

TEST(Advice, NamesTheStatementGivesAreNotHandedOutAgain)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD CONSTRAINT orders_code_key CHECK (code <> ''), ADD UNIQUE (code)",
				   {relation("orders", 49152)});
	addSubcommand(facts,
				  constraint(ConstraintKind::Other, {}, "orders_code_key"),
				  "ADD CONSTRAINT orders_code_key CHECK (code <> '')");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key CHECK (code <> '');\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key1 ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key1 UNIQUE USING INDEX orders_code_key1;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_code_key1"));
}

TEST(Advice, LongNamesAreTruncatedAsPostgreSQLDoes)
{
	/* sql/names.sql: the table of 61 a's, UNIQUE (56 b's, c) */
	const std::string a61(61, 'a');
	const std::string b56(56, 'b');
	StatementFacts facts = alterTable("ALTER TABLE " + a61 + " ADD UNIQUE (" + b56 + ", c)", {relation(a61, 8192)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {b56, "c"}), "ADD UNIQUE");
	const std::string name = std::string(29, 'a') + "_" + std::string(29, 'b') + "_key";

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY " +
				  name + " ON public." + a61 + " (" + b56 +
				  ", c);\n"
				  "SET lock_timeout = '5s';\n"
				  "ALTER TABLE public." +
				  a61 + " ADD CONSTRAINT " + name + " UNIQUE USING INDEX " + name +
				  ";\n"
				  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public." + name));
}

/* ---------------------------------------------------------------- PRIMARY KEY */

TEST(Advice, PrimaryKeyOnNullableColumnProvesNotNullFirst)
{
	StatementFacts facts = alterTable("ALTER TABLE accounts ADD PRIMARY KEY (id)", {relation("accounts", 24576)});
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
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON public.accounts (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  std::string(kInvalidIndexNote) + "public.accounts_pkey; then run it again");
}

TEST(Advice, PrimaryKeyOnNotNullColumnIsTheIndexRecipeOnly)
{
	StatementFacts facts =
		alterTable("ALTER TABLE accounts ADD CONSTRAINT accounts_pk PRIMARY KEY (id)", {relation("accounts", 24576)});
	facts.table.relations[0].columns.push_back(notNullColumn("id"));
	addSubcommand(facts,
				  constraint(ConstraintKind::PrimaryKey, {"id"}, "accounts_pk"),
				  "ADD CONSTRAINT accounts_pk PRIMARY KEY (id)");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY accounts_pk ON public.accounts (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pk PRIMARY KEY USING INDEX accounts_pk;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.accounts_pk"));
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"Build the unique index concurrently, then add the primary key using it."});
	EXPECT_FALSE(advice.separateTransactions);
}

TEST(Advice, OnlyTheNullableKeyColumnsAreProvenNotNull)
{
	StatementFacts facts =
		alterTable("ALTER TABLE accounts ADD PRIMARY KEY (tenant, id)", {relation("accounts", 24576)});
	facts.table.relations[0].columns = {notNullColumn("tenant"), nullableColumn("id")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"tenant", "id"}), "ADD PRIMARY KEY (tenant, id)");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.accounts VALIDATE CONSTRAINT accounts_id_not_null;\n"
			  "ALTER TABLE public.accounts ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.accounts DROP CONSTRAINT accounts_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON public.accounts (tenant, id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.accounts_pkey"));
	/* the VALIDATE must not share a transaction with the ADD ... NOT VALID */
	EXPECT_TRUE(advice.separateTransactions);
}

TEST(Advice, PrimaryKeyOnQuotedNullableColumns)
{
	/* sql/hints.sql, "H Keys" */
	StatementFacts facts =
		alterTable("ALTER TABLE \"H Keys\" ADD PRIMARY KEY (\"Id\", \"user\")", {relation("H Keys", 24576)});
	facts.table.relations[0].columns = {nullableColumn("Id"), nullableColumn("user")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"Id", "user"}), "ADD PRIMARY KEY");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.\"H Keys\" ADD CONSTRAINT \"H Keys_Id_not_null\" CHECK (\"Id\" IS NOT NULL) NOT "
			  "VALID, ADD CONSTRAINT \"H Keys_user_not_null\" CHECK (\"user\" IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.\"H Keys\" VALIDATE CONSTRAINT \"H Keys_Id_not_null\", VALIDATE CONSTRAINT \"H "
			  "Keys_user_not_null\";\n"
			  "ALTER TABLE public.\"H Keys\" ALTER COLUMN \"Id\" SET NOT NULL, ALTER COLUMN \"user\" SET NOT NULL;\n"
			  "ALTER TABLE public.\"H Keys\" DROP CONSTRAINT \"H Keys_Id_not_null\", DROP CONSTRAINT \"H "
			  "Keys_user_not_null\";\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY \"H Keys_pkey\" ON public.\"H Keys\" (\"Id\", \"user\");\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.\"H Keys\" ADD CONSTRAINT \"H Keys_pkey\" PRIMARY KEY USING INDEX \"H Keys_pkey\";\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.\"H Keys_pkey\""));
}

TEST(Advice, TheHelperCheckGetsAFreeName)
{
	FakeCatalog catalog;
	catalog.constraints.insert({"public", "accounts_id_not_null"});
	StatementFacts facts = alterTable("ALTER TABLE accounts ADD PRIMARY KEY (id)", {relation("accounts", 24576)});
	facts.table.relations[0].columns = {nullableColumn("id")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");

	std::string script = scriptFor(facts, catalog);
	EXPECT_EQ(countOf(script, "accounts_id_not_null1"), 3u) << script;
	EXPECT_EQ(countOf(script, "accounts_id_not_null "), 0u) << script;
}

TEST(Advice, PrimaryKeyOnAnInheritanceParentProvesTheChildrenToo)
{
	/* sql/hints.sql, h_parent: the CHECK and SET NOT NULL recurse to h_child */
	StatementFacts facts = alterTable("ALTER TABLE h_parent ADD PRIMARY KEY (id)",
									  {relation("h_parent", 8192), inheritanceChild("h_child", 8192, 0)});
	facts.table.relations[0].columns = {nullableColumn("id")};
	facts.table.relations[1].columns = {nullableColumn("id")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_parent ADD CONSTRAINT h_parent_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_parent VALIDATE CONSTRAINT h_parent_id_not_null;\n"
			  "ALTER TABLE public.h_parent ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.h_parent DROP CONSTRAINT h_parent_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_parent_pkey ON public.h_parent (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_parent ADD CONSTRAINT h_parent_pkey PRIMARY KEY USING INDEX h_parent_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_parent_pkey"));
}

/*
 * ALTER TABLE ONLY p ADD PRIMARY KEY (id) on an inheritance parent leaves the
 * children alone: PostgreSQL 15 runs SET NOT NULL on p only.  The advice
 * instead adds the helper CHECK to every child (its VALIDATE fails on a
 * child holding a null: "check constraint ... of relation "c" is violated by
 * some row") and ends with ADD ... USING INDEX without ONLY, whose implied
 * SET NOT NULL recurses and fails the same way ("column "id" of relation "c"
 * contains null values"), where the statement itself succeeds.  Checked on
 * PostgreSQL 15: a CHECK ... NO INHERIT NOT VALID proves the parent alone,
 * SET NOT NULL then skips its scan, and ALTER TABLE ONLY ... USING INDEX
 * stays on the parent; the script below runs to the statement's end state.
 */
TEST(Advice, PrimaryKeyWithOnlyOnAnInheritanceParentStaysOnTheParent)
{
	StatementFacts facts =
		alterTable("ALTER TABLE ONLY p ADD PRIMARY KEY (id)", {relation("p", 8192), inheritanceChild("c", 8192, 0)});
	facts.alterTable.only = true;
	facts.table.relations[0].columns = {nullableColumn("id")};
	facts.table.relations[1].columns = {nullableColumn("id")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.p ADD CONSTRAINT p_id_not_null CHECK (id IS NOT NULL) NO INHERIT NOT VALID;\n"
			  "ALTER TABLE public.p VALIDATE CONSTRAINT p_id_not_null;\n"
			  "ALTER TABLE ONLY public.p ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.p DROP CONSTRAINT p_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY p_pkey ON public.p (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE ONLY public.p ADD CONSTRAINT p_pkey PRIMARY KEY USING INDEX p_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.p_pkey"));
}

TEST(Advice, PostgreSQL18ProvesNotNullWithANotNullConstraint)
{
	StatementFacts facts = alterTable("ALTER TABLE accounts ADD PRIMARY KEY (id)", {relation("accounts", 24576)});
	facts.session.capabilities.notNullConstraintNotValid = true;
	facts.table.relations[0].columns = {nullableColumn("id")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_id_not_null NOT NULL id NOT VALID;\n"
			  "ALTER TABLE public.accounts VALIDATE CONSTRAINT accounts_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY accounts_pkey ON public.accounts (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.accounts_pkey"));

	facts.session.capabilities.notNullConstraintNotValid = false;
	EXPECT_NE(scriptFor(facts).find("CHECK (id IS NOT NULL) NOT VALID"), std::string::npos);
}

TEST(Advice, PrimaryKeyUsingIndexOnANullableColumn)
{
	/* sql/hints.sql, h_using */
	StatementFacts facts =
		alterTable("ALTER TABLE h_using ADD CONSTRAINT h_using_pkey PRIMARY KEY USING INDEX h_using_idx",
				   {relation("h_using", 24576)});
	facts.table.relations[0].columns = {nullableColumn("id")};
	SubcommandFacts &sub = addSubcommand(facts,
										 constraint(ConstraintKind::PrimaryKey, {}, "h_using_pkey"),
										 "ADD CONSTRAINT h_using_pkey PRIMARY KEY USING INDEX h_using_idx");
	sub.constraint.usingIndex = "h_using_idx";
	sub.constraint.usingIndexColumns = {"id"};

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_using ADD CONSTRAINT h_using_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_using VALIDATE CONSTRAINT h_using_id_not_null;\n"
			  "ALTER TABLE public.h_using ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.h_using DROP CONSTRAINT h_using_id_not_null;\n"
			  "ALTER TABLE public.h_using ADD CONSTRAINT h_using_pkey PRIMARY KEY USING INDEX h_using_idx;\n"
			  "RESET lock_timeout;");
	EXPECT_TRUE(advice.concurrentIndexes.empty());
	EXPECT_TRUE(advice.separateTransactions);
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{
				  "Prove the key columns NOT NULL with a constraint validated on its own, then add the primary key."});
}

TEST(Advice, PrimaryKeyUsingIndexWithoutAConstraintName)
{
	StatementFacts facts = alterTable("ALTER TABLE ledger ADD PRIMARY KEY USING INDEX ledger_id_idx DEFERRABLE",
									  {relation("ledger", 24576)});
	facts.table.relations[0].columns = {notNullColumn("tenant"), nullableColumn("id")};
	SubcommandFacts &sub = addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {}), "ADD PRIMARY KEY");
	sub.constraint.usingIndex = "ledger_id_idx";
	sub.constraint.usingIndexColumns = {"tenant", "id"};
	sub.constraint.deferrable = true;

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.ledger ADD CONSTRAINT ledger_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.ledger VALIDATE CONSTRAINT ledger_id_not_null;\n"
			  "ALTER TABLE public.ledger ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.ledger DROP CONSTRAINT ledger_id_not_null;\n"
			  "ALTER TABLE public.ledger ADD PRIMARY KEY USING INDEX ledger_id_idx DEFERRABLE;\n"
			  "RESET lock_timeout;");
}

/* ---------------------------------------------------------------- FOREIGN KEY */

TEST(Advice, ForeignKeyIsAddedNotValidThenValidated)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers",
				   {relation("orders", 49152)},
				   LockMode::ShareRowExclusive);
	addSubcommand(facts,
				  foreignKey({"customer_id"}, kCustomers, "fk"),
				  "ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES "
			  "public.customers NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT fk;\n"
			  "RESET lock_timeout;");
	EXPECT_TRUE(advice.separateTransactions);
	EXPECT_TRUE(advice.concurrentIndexes.empty());
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{
				  "Add the foreign key NOT VALID, then validate it; validation does not block reads or writes."});
}

TEST(Advice, ForeignKeyDefaultNames)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers",
									  {relation("orders", 49152)},
									  LockMode::ShareRowExclusive);
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY");
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES "
			  "public.customers NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n"
			  "RESET lock_timeout;");

	StatementFacts two = alterTable("ALTER TABLE lines ADD FOREIGN KEY (a, b) REFERENCES pairs (x, y)",
									{relation("lines", 8192)},
									LockMode::ShareRowExclusive);
	SubcommandFacts &sub =
		addSubcommand(two, foreignKey({"a", "b"}, QualifiedName{"public", "pairs"}), "ADD FOREIGN KEY");
	sub.constraint.foreignKey.referencedColumns = {"x", "y"};
	EXPECT_EQ(scriptFor(two),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.lines ADD CONSTRAINT lines_a_b_fkey FOREIGN KEY (a, b) REFERENCES public.pairs (x, "
			  "y) NOT VALID;\n"
			  "ALTER TABLE public.lines VALIDATE CONSTRAINT lines_a_b_fkey;\n"
			  "RESET lock_timeout;");

	/* ChooseConstraintName: a taken constraint name gets a number */
	FakeCatalog catalog;
	catalog.constraints.insert({"public", "orders_customer_id_fkey"});
	EXPECT_NE(scriptFor(facts, catalog).find("ADD CONSTRAINT orders_customer_id_fkey1 FOREIGN KEY"), std::string::npos);
}

TEST(Advice, ForeignKeyKeepsEveryOption)
{
	/* sql/hints.sql, h_orders */
	StatementFacts facts = alterTable("ALTER TABLE h_orders ADD FOREIGN KEY (customer_code)\n"
									  "  REFERENCES h_customers (code) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL "
									  "(customer_code) DEFERRABLE",
									  {relation("h_orders", 57344)},
									  LockMode::ShareRowExclusive);
	SubcommandFacts &sub = addSubcommand(facts, foreignKey({"customer_code"}, kHCustomers), "ADD FOREIGN KEY");
	ForeignKeyFacts &fk = sub.constraint.foreignKey;
	fk.referencedColumns = {"code"};
	fk.match = ForeignKeyMatch::Full;
	fk.onUpdate = ForeignKeyAction::Cascade;
	fk.onDelete = ForeignKeyAction::SetNull;
	fk.onDeleteColumns = {"customer_code"};
	sub.constraint.deferrable = true;

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_orders ADD CONSTRAINT h_orders_customer_code_fkey FOREIGN KEY (customer_code) "
			  "REFERENCES public.h_customers (code) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL (customer_code) "
			  "DEFERRABLE NOT VALID;\n"
			  "ALTER TABLE public.h_orders VALIDATE CONSTRAINT h_orders_customer_code_fkey;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, ForeignKeyActionsAndMatchTypes)
{
	StatementFacts facts = alterTable("ALTER TABLE \"Orders\" ADD CONSTRAINT \"Orders FK\" FOREIGN KEY (\"Customer\") "
									  "REFERENCES \"CRM\".\"Customers\" ON UPDATE RESTRICT ON DELETE SET DEFAULT "
									  "DEFERRABLE INITIALLY DEFERRED",
									  {relation("Orders", 8192)},
									  LockMode::ShareRowExclusive);
	SubcommandFacts &sub = addSubcommand(
		facts, foreignKey({"Customer"}, QualifiedName{"CRM", "Customers"}, "Orders FK"), "ADD CONSTRAINT");
	sub.constraint.foreignKey.onUpdate = ForeignKeyAction::Restrict;
	sub.constraint.foreignKey.onDelete = ForeignKeyAction::SetDefault;
	sub.constraint.deferrable = true;
	sub.constraint.initiallyDeferred = true;

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.\"Orders\" ADD CONSTRAINT \"Orders FK\" FOREIGN KEY (\"Customer\") REFERENCES "
			  "\"CRM\".\"Customers\" ON UPDATE RESTRICT ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED NOT "
			  "VALID;\n"
			  "ALTER TABLE public.\"Orders\" VALIDATE CONSTRAINT \"Orders FK\";\n"
			  "RESET lock_timeout;");

	/* NO ACTION and MATCH SIMPLE are the defaults and are not written; ON DELETE CASCADE, MATCH PARTIAL are */
	sub.constraint.foreignKey.onUpdate = ForeignKeyAction::NoAction;
	sub.constraint.foreignKey.onDelete = ForeignKeyAction::Cascade;
	sub.constraint.foreignKey.match = ForeignKeyMatch::Partial;
	sub.constraint.deferrable = false;
	sub.constraint.initiallyDeferred = false;
	std::string script = scriptFor(facts);
	EXPECT_NE(script.find("REFERENCES \"CRM\".\"Customers\" MATCH PARTIAL ON DELETE CASCADE NOT VALID;"),
			  std::string::npos)
		<< script;
}

TEST(Advice, ForeignKeyOnAPartitionedTableIsValidatedPartitionByPartition)
{
	/* sql/hints.sql, h_events: PostgreSQL 15 refuses NOT VALID on a partitioned table */
	StatementFacts facts = alterTable("ALTER TABLE h_events ADD FOREIGN KEY (customer_id) REFERENCES h_customers",
									  eventsTree(),
									  LockMode::ShareRowExclusive);
	addSubcommand(facts, foreignKey({"customer_id"}, kHCustomers), "ADD FOREIGN KEY");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2025 ADD CONSTRAINT h_events_customer_id_fkey FOREIGN KEY (customer_id) "
			  "REFERENCES public.h_customers NOT VALID;\n"
			  "ALTER TABLE public.h_events_2025 VALIDATE CONSTRAINT h_events_customer_id_fkey;\n"
			  "ALTER TABLE public.h_events_2026_a ADD CONSTRAINT h_events_customer_id_fkey FOREIGN KEY (customer_id) "
			  "REFERENCES public.h_customers NOT VALID;\n"
			  "ALTER TABLE public.h_events_2026_a VALIDATE CONSTRAINT h_events_customer_id_fkey;\n"
			  "ALTER TABLE public.h_events_2026_b ADD CONSTRAINT h_events_customer_id_fkey FOREIGN KEY (customer_id) "
			  "REFERENCES public.h_customers NOT VALID;\n"
			  "ALTER TABLE public.h_events_2026_b VALIDATE CONSTRAINT h_events_customer_id_fkey;\n"
			  "ALTER TABLE public.h_events ADD CONSTRAINT h_events_customer_id_fkey FOREIGN KEY (customer_id) "
			  "REFERENCES public.h_customers;\n"
			  "RESET lock_timeout;");
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"Add the foreign key NOT VALID to each partition and validate it there; the "
									   "partitioned table then adopts the validated constraints without reading any "
									   "rows."});
	EXPECT_TRUE(advice.separateTransactions);
}

TEST(Advice, PartitionsThatHoldTheKeyAlreadyAreLeftAlone)
{
	StatementFacts facts = alterTable("ALTER TABLE h_events ADD FOREIGN KEY (customer_id) REFERENCES h_customers",
									  eventsTree(),
									  LockMode::ShareRowExclusive);
	SubcommandFacts &sub = addSubcommand(facts, foreignKey({"customer_id"}, kHCustomers), "ADD FOREIGN KEY");
	sub.constraint.foreignKey.validatedIn = {1, 4};

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2026_a ADD CONSTRAINT h_events_customer_id_fkey FOREIGN KEY (customer_id) "
			  "REFERENCES public.h_customers NOT VALID;\n"
			  "ALTER TABLE public.h_events_2026_a VALIDATE CONSTRAINT h_events_customer_id_fkey;\n"
			  "ALTER TABLE public.h_events ADD CONSTRAINT h_events_customer_id_fkey FOREIGN KEY (customer_id) "
			  "REFERENCES public.h_customers;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, ForeignKeyPartitionsBeyondTheCapAreSummarised)
{
	std::vector<RelationFacts> tree{relation("big", 0, RelationKind::PartitionedTable)};
	for (int i = 0; i < kMaxPartitionsSpelledOut + 2; i++)
		tree.push_back(relation("big_" + std::to_string(i), 8192, RelationKind::Table, 0));
	StatementFacts facts =
		alterTable("ALTER TABLE big ADD FOREIGN KEY (c) REFERENCES customers", tree, LockMode::ShareRowExclusive);
	addSubcommand(facts, foreignKey({"c"}, kCustomers), "ADD FOREIGN KEY");

	Advice advice = adviceFor(facts);
	std::string script = renderScript(advice);
	EXPECT_TRUE(advice.shortened);
	EXPECT_EQ(countOf(script, " NOT VALID;\n"), static_cast<std::size_t>(kMaxPartitionsSpelledOut));
	EXPECT_EQ(countOf(script, "VALIDATE CONSTRAINT big_c_fkey;\n"), static_cast<std::size_t>(kMaxPartitionsSpelledOut));
	EXPECT_EQ(script.find("public.big_64 "), std::string::npos);
	const std::string tail = "ALTER TABLE public.big_63 VALIDATE CONSTRAINT big_c_fkey;\n"
							 "-- ... and the same two statements for each of the other 2 partitions, then:\n"
							 "ALTER TABLE public.big ADD CONSTRAINT big_c_fkey FOREIGN KEY (c) REFERENCES "
							 "public.customers;\n"
							 "RESET lock_timeout;";
	ASSERT_GE(script.size(), tail.size());
	EXPECT_EQ(script.substr(script.size() - tail.size()), tail);
}

/*
 * PostgreSQL runs ADD COLUMN before ADD FOREIGN KEY whatever their order in
 * the statement (ALTER TABLE works in passes), so this statement succeeds.
 * The advice keeps the textual order, and its first step fails on
 * PostgreSQL 15: ERROR: column "customer_id" referenced in foreign key
 * constraint does not exist.  (ADD PRIMARY KEY (id), ADD COLUMN id ... has
 * the same problem with the helper CHECK.)
 */
TEST(Advice, AColumnIsAddedBeforeTheForeignKeyThatUsesIt)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers, "
									  "ADD COLUMN customer_id int",
									  {relation("orders", 49152)},
									  LockMode::AccessExclusive);
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY (customer_id) REFERENCES customers");
	SubcommandFacts &column = addSubcommand(facts, addColumn("customer_id"), "ADD COLUMN customer_id int");
	column.column.typeSpan = columnSpan(facts, column, "int");

	std::string script = scriptFor(facts);
	std::size_t added = script.find("ADD COLUMN customer_id int");
	std::size_t used = script.find("FOREIGN KEY (customer_id)");
	ASSERT_NE(added, std::string::npos) << script;
	ASSERT_NE(used, std::string::npos) << script;
	EXPECT_LT(added, used) << script;
}

/* ---------------------------------------------------------------- CREATE INDEX */

TEST(Advice, CreateIndexConcurrently)
{
	StatementFacts facts =
		createIndex("CREATE INDEX ON orders (customer_id)", {relation("orders", 49152)}, {"customer_id"});

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  std::string(kInvalidIndexNote) + "public.orders_customer_id_idx; then run it again");
	EXPECT_EQ(advice.sentences, std::vector<std::string>{"Build the index concurrently."});
	EXPECT_FALSE(advice.separateTransactions);
}

TEST(Advice, CreateUniqueIndexKeepsItsNameAndIfNotExists)
{
	StatementFacts facts = createIndex(
		"CREATE UNIQUE INDEX IF NOT EXISTS orders_code_uq ON orders (code)", {relation("orders", 49152)}, {"code"});
	facts.createIndex.unique = true;
	facts.createIndex.ifNotExists = true;
	facts.createIndex.name = "orders_code_uq";

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_code_uq ON public.orders (code);\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_code_uq"));
}

TEST(Advice, CreateIndexKeepsTheDefinitionAsWritten)
{
	StatementFacts facts = createIndex("CREATE INDEX ON docs USING gin (body)  WITH (fastupdate = off)\n"
									   "\tWHERE id > 10",
									   {relation("docs", 212992)},
									   {"body"},
									   "USING");
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY docs_body_idx ON public.docs USING gin (body) WITH (fastupdate = off) WHERE "
			  "id > 10;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.docs_body_idx"));
}

TEST(Advice, CreateIndexLeavesCommentsOut)
{
	/* sql/hints.sql, h_docs: a -- comment on the last line must not swallow the semicolon */
	StatementFacts facts = createIndex("CREATE INDEX ON h_docs (lower(title), -- by title\n"
									   "  id) WHERE id > 10 -- recent ones\n",
									   {relation("h_docs", 24576)},
									   {"lower", "id"});
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY h_docs_lower_id_idx ON public.h_docs (lower(title), id) WHERE id > 10;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_docs_lower_id_idx"));
}

TEST(Advice, CreateIndexNamesLikeChooseIndexName)
{
	/* sql/names.sql: expressions are "expr" or the function's name, repeats are numbered */
	const std::string a61(61, 'a');
	StatementFacts facts = createIndex("CREATE INDEX ON " + a61 + " (c, (c + 1), c, lower(d::text))",
									   {relation(a61, 8192)},
									   {"c", "expr", "c", "lower"});
	const std::string name = std::string(43, 'a') + "_c_expr_c1_lower_idx";
	EXPECT_EQ(name.size(), 63u);
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY " +
				  name + " ON public." + a61 +
				  " (c, (c + 1), c, lower(d::text));\n"
				  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public." + name));

	/* an index name only collides with relations */
	FakeCatalog catalog;
	catalog.constraints.insert({"public", "orders_customer_id_idx"});
	StatementFacts orders =
		createIndex("CREATE INDEX ON orders (customer_id)", {relation("orders", 49152)}, {"customer_id"});
	EXPECT_NE(scriptFor(orders, catalog).find("CONCURRENTLY orders_customer_id_idx ON"), std::string::npos);
	catalog.relations.insert({"public", "orders_customer_id_idx"});
	EXPECT_NE(scriptFor(orders, catalog).find("CONCURRENTLY orders_customer_id_idx1 ON"), std::string::npos);
}

TEST(Advice, CreateIndexOnAMaterializedView)
{
	StatementFacts facts = createIndex(
		"CREATE INDEX ON docs_by_day (day)", {relation("docs_by_day", 16384, RelationKind::MaterializedView)}, {"day"});
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY docs_by_day_day_idx ON public.docs_by_day (day);\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.docs_by_day_day_idx"));
}

TEST(Advice, CreateIndexOnQuotedNames)
{
	StatementFacts facts = createIndex("CREATE INDEX ON \"Sales\".\"Order Lines\" (\"Line No\")",
									   {relation("Order Lines", 8192, RelationKind::Table, -1, "Sales")},
									   {"Line No"});
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY \"Order Lines_Line No_idx\" ON \"Sales\".\"Order Lines\" (\"Line No\");\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("\"Sales\".\"Order Lines_Line No_idx\""));
}

TEST(Advice, CreateIndexWithoutItsTextSaysWhatToDo)
{
	StatementFacts facts = createIndex("CREATE INDEX ON orders (code)", {relation("orders", 49152)}, {"code"});
	facts.createIndex.definition = TextSpan{};

	Advice advice = adviceFor(facts);
	EXPECT_TRUE(advice.partial);
	EXPECT_TRUE(advice.steps.empty());
	EXPECT_EQ(renderScript(advice), "");
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"Add CONCURRENTLY to the statement and run it outside a transaction block."});
}

/*
 * Blanks are collapsed in the whole definition, inside string literals and
 * quoted identifiers too: the index this script builds has the predicate
 * note = 'on hold', not note = 'on  hold', so it is not the index the
 * statement asked for (PostgreSQL accepts both; the planner then cannot use
 * the new one for the queries it was meant for).
 */
TEST(Advice, CreateIndexKeepsBlanksInsideLiterals)
{
	StatementFacts facts =
		createIndex("CREATE INDEX ON orders (status) WHERE note = 'on  hold'", {relation("orders", 49152)}, {"status"});
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders (status) WHERE note = 'on  hold';\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_status_idx"));
}

/* ---------------------------------------------------------------- partitioned tables */

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
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY logs_2025_at_id_idx ON public.logs_2025 (at, id);\n"
			  "CREATE INDEX CONCURRENTLY logs_2026_q1_at_id_idx ON public.logs_2026_q1 (at, id);\n"
			  "CREATE INDEX CONCURRENTLY logs_2026_rest_at_id_idx ON public.logs_2026_rest (at, id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER INDEX public.logs_at_id_idx ATTACH PARTITION public.logs_2025_at_id_idx;\n"
			  "ALTER INDEX public.logs_at_id_idx ATTACH PARTITION public.logs_2026_at_id_idx;\n"
			  "ALTER INDEX public.logs_2026_at_id_idx ATTACH PARTITION public.logs_2026_q1_at_id_idx;\n"
			  "ALTER INDEX public.logs_2026_at_id_idx ATTACH PARTITION public.logs_2026_rest_at_id_idx;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n"
			  "-- if a CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: drop that index with DROP INDEX "
			  "CONCURRENTLY IF EXISTS, then run it again");
}

TEST(Advice, PartitionedIndexKeepsItsNameAndPartitionsInOtherSchemas)
{
	StatementFacts facts = createIndex("CREATE UNIQUE INDEX logs_at_uq ON logs (at)",
									   {relation("logs", 0, RelationKind::PartitionedTable),
										relation("logs_old", 8192, RelationKind::Table, 0, "archive")},
									   {"at"});
	facts.createIndex.name = "logs_at_uq";
	facts.createIndex.unique = true;

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "CREATE UNIQUE INDEX logs_at_uq ON ONLY public.logs (at);\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY logs_old_at_idx ON archive.logs_old (at);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER INDEX public.logs_at_uq ATTACH PARTITION archive.logs_old_at_idx;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("archive.logs_old_at_idx"));
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"CREATE INDEX CONCURRENTLY is refused on a partitioned table: create the index "
									   "on each partitioned table alone, build each partition's index concurrently, "
									   "then attach them."});
}

TEST(Advice, PartitionIndexNamesThatTruncateAlikeAreNumbered)
{
	/* both names cut to 56 a's: PostgreSQL's ChooseRelationName would number the second */
	const std::string parent(61, 'a');
	const std::string leaf = std::string(58, 'a') + "_2025";
	StatementFacts facts =
		createIndex("CREATE INDEX ON " + parent + " (id)",
					{relation(parent, 0, RelationKind::PartitionedTable), relation(leaf, 8192, RelationKind::Table, 0)},
					{"id"});
	const std::string parentIndex = std::string(56, 'a') + "_id_idx";
	const std::string leafIndex = std::string(55, 'a') + "_id_idx1";
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "CREATE INDEX " +
				  parentIndex + " ON ONLY public." + parent +
				  " (id);\n"
				  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
				  "CREATE INDEX CONCURRENTLY " +
				  leafIndex + " ON public." + leaf +
				  " (id);\n"
				  "SET lock_timeout = '5s';\n"
				  "ALTER INDEX public." +
				  parentIndex + " ATTACH PARTITION public." + leafIndex +
				  ";\n"
				  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public." + leafIndex));
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
	Advice advice = adviseFor(facts, findDangers(facts), catalog, ScriptLength::Bounded);
	std::string script = renderScript(advice);
	std::size_t concurrent = 0;
	for (std::size_t at = script.find("CONCURRENTLY big_"); at != std::string::npos;
		 at = script.find("CONCURRENTLY big_", at + 1))
		concurrent++;
	EXPECT_EQ(concurrent, static_cast<std::size_t>(kMaxPartitionsSpelledOut));
	EXPECT_TRUE(advice.shortened);
	EXPECT_EQ(script.find("big_69_id_idx"), std::string::npos);

	/* the last partition spelled out, the comment, then only the spelled-out indexes are attached */
	EXPECT_NE(script.find("CREATE INDEX CONCURRENTLY big_63_id_idx ON public.big_63 (id);\n"
						  "-- ... and the same statement for each of the other 6 partitions, then attach their "
						  "indexes as below\n"
						  "SET lock_timeout = '5s';\n"
						  "ALTER INDEX public.big_id_idx ATTACH PARTITION public.big_0_id_idx;\n"),
			  std::string::npos)
		<< script;
	EXPECT_EQ(countOf(script, "ATTACH PARTITION"), static_cast<std::size_t>(kMaxPartitionsSpelledOut));
	EXPECT_EQ(advice.concurrentIndexes.size(), static_cast<std::size_t>(kMaxPartitionsSpelledOut));
}

/* pgsafe.check() is asked for the advice: its script spells out every partition */
TEST(Advice, AWholeScriptSpellsOutEveryPartition)
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.text = "CREATE INDEX ON big (id)";
	facts.table.relations.push_back(relation("big", 0, RelationKind::PartitionedTable));
	for (int i = 0; i < kMaxPartitionsSpelledOut * 3; i++)
		facts.table.relations.push_back(relation("big_" + std::to_string(i), 8192, RelationKind::Table, 0));
	facts.createIndex.columnNames = {"id"};
	facts.createIndex.definition = TextSpan::of(facts.text.find('('), facts.text.size());

	Advice advice = adviseFor(facts, findDangers(facts), FakeCatalog(), ScriptLength::Whole);
	std::string script = renderScript(advice);
	EXPECT_FALSE(advice.shortened);
	EXPECT_EQ(countOf(script, "CREATE INDEX CONCURRENTLY big_"),
			  static_cast<std::size_t>(kMaxPartitionsSpelledOut * 3));
	EXPECT_EQ(countOf(script, "ATTACH PARTITION"), static_cast<std::size_t>(kMaxPartitionsSpelledOut * 3));
	EXPECT_EQ(script.find("-- ..."), std::string::npos);
}

TEST(BoundScript, CutsAfterTheLastStatementThatFitsAndCountsTheRest)
{
	const std::string script = "SET lock_timeout = 0;\nA;\nB;\n-- a note\nC;\nRESET lock_timeout;";
	bool cut = true;
	EXPECT_EQ(boundScript(script, script.size(), &cut), script);
	EXPECT_FALSE(cut);
	EXPECT_EQ(boundScript(script, 26, &cut), "SET lock_timeout = 0;\nA;\n-- ... and 3 more statements");
	EXPECT_TRUE(cut);
	/* the comment line is not a statement, and the cut never falls inside a line */
	EXPECT_EQ(boundScript(script, 38, &cut), "SET lock_timeout = 0;\nA;\nB;\n-- ... and 2 more statements");
	EXPECT_EQ(boundScript(script, 5, &cut), "-- ... and 5 more statements");
	EXPECT_EQ(boundScript("A;\nB;", 3, &cut), "A;\n-- ... and 1 more statement");
}

TEST(Advice, ExactlyTheCapIsSpelledOutInFull)
{
	StatementFacts facts =
		createIndex("CREATE INDEX ON big (id)", {relation("big", 0, RelationKind::PartitionedTable)}, {"id"});
	for (int i = 0; i < kMaxPartitionsSpelledOut; i++)
		facts.table.relations.push_back(relation("big_" + std::to_string(i), 8192, RelationKind::Table, 0));
	Advice advice = adviceFor(facts);
	EXPECT_FALSE(advice.partial);
	EXPECT_EQ(renderScript(advice).find("-- ..."), std::string::npos);
	EXPECT_EQ(kMaxPartitionsSpelledOut, 64);
}

TEST(Advice, PartitionedUniqueConstraint)
{
	/* sql/hints.sql, h_events */
	StatementFacts facts = alterTable("ALTER TABLE h_events ADD UNIQUE (id, at)", eventsTree());
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"id", "at"}), "ADD UNIQUE (id, at)");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE ONLY public.h_events_2026 ADD CONSTRAINT h_events_2026_id_at_key UNIQUE (id, at);\n"
			  "ALTER TABLE ONLY public.h_events ADD CONSTRAINT h_events_id_at_key UNIQUE (id, at);\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_events_2025_id_at_key ON public.h_events_2025 (id, at);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2025 ADD CONSTRAINT h_events_2025_id_at_key UNIQUE USING INDEX "
			  "h_events_2025_id_at_key;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_events_2026_a_id_at_key ON public.h_events_2026_a (id, at);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2026_a ADD CONSTRAINT h_events_2026_a_id_at_key UNIQUE USING INDEX "
			  "h_events_2026_a_id_at_key;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_events_2026_b_id_at_key ON public.h_events_2026_b (id, at);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2026_b ADD CONSTRAINT h_events_2026_b_id_at_key UNIQUE USING INDEX "
			  "h_events_2026_b_id_at_key;\n"
			  "ALTER INDEX public.h_events_id_at_key ATTACH PARTITION public.h_events_2025_id_at_key;\n"
			  "ALTER INDEX public.h_events_id_at_key ATTACH PARTITION public.h_events_2026_id_at_key;\n"
			  "ALTER INDEX public.h_events_2026_id_at_key ATTACH PARTITION public.h_events_2026_a_id_at_key;\n"
			  "ALTER INDEX public.h_events_2026_id_at_key ATTACH PARTITION public.h_events_2026_b_id_at_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  kInvalidIndexesNote);
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"Add the constraint to each partitioned table alone, build each partition's "
									   "index concurrently and add its constraint using it, then attach the indexes."});
}

TEST(Advice, PartitionedUniqueConstraintKeepsItsOptions)
{
	StatementFacts facts = alterTable(
		"ALTER TABLE logs ADD CONSTRAINT logs_uq UNIQUE NULLS NOT DISTINCT (at) INCLUDE (id) DEFERRABLE",
		{relation("logs", 0, RelationKind::PartitionedTable), relation("logs_1", 8192, RelationKind::Table, 0)});
	SubcommandFacts &sub =
		addSubcommand(facts, constraint(ConstraintKind::Unique, {"at"}, "logs_uq"), "ADD CONSTRAINT");
	sub.constraint.nullsNotDistinct = true;
	sub.constraint.including = {"id"};
	sub.constraint.deferrable = true;

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE ONLY public.logs ADD CONSTRAINT logs_uq UNIQUE NULLS NOT DISTINCT (at) INCLUDE (id) "
			  "DEFERRABLE;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY logs_1_at_id_key ON public.logs_1 (at) INCLUDE (id) NULLS NOT "
			  "DISTINCT;\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.logs_1 ADD CONSTRAINT logs_1_at_id_key UNIQUE USING INDEX logs_1_at_id_key "
			  "DEFERRABLE;\n"
			  "ALTER INDEX public.logs_uq ATTACH PARTITION public.logs_1_at_id_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.logs_1_at_id_key"));
}

TEST(Advice, PartitionedPrimaryKeyProvesNotNullThroughTheWholeTree)
{
	/* sql/hints.sql, h_events */
	std::vector<RelationFacts> tree = eventsTree();
	for (auto &r : tree)
		r.columns = {nullableColumn("at"), nullableColumn("id")};
	StatementFacts facts = alterTable("ALTER TABLE h_events ADD PRIMARY KEY (at, id)", tree);
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"at", "id"}), "ADD PRIMARY KEY (at, id)");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events ADD CONSTRAINT h_events_at_not_null CHECK (at IS NOT NULL) NOT VALID, ADD "
			  "CONSTRAINT h_events_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_events VALIDATE CONSTRAINT h_events_at_not_null, VALIDATE CONSTRAINT "
			  "h_events_id_not_null;\n"
			  "ALTER TABLE public.h_events ALTER COLUMN at SET NOT NULL, ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.h_events DROP CONSTRAINT h_events_at_not_null, DROP CONSTRAINT "
			  "h_events_id_not_null;\n"
			  "ALTER TABLE ONLY public.h_events_2026 ADD CONSTRAINT h_events_2026_pkey PRIMARY KEY (at, id);\n"
			  "ALTER TABLE ONLY public.h_events ADD CONSTRAINT h_events_pkey PRIMARY KEY (at, id);\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_events_2025_pkey ON public.h_events_2025 (at, id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2025 ADD CONSTRAINT h_events_2025_pkey PRIMARY KEY USING INDEX "
			  "h_events_2025_pkey;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_events_2026_a_pkey ON public.h_events_2026_a (at, id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2026_a ADD CONSTRAINT h_events_2026_a_pkey PRIMARY KEY USING INDEX "
			  "h_events_2026_a_pkey;\n"
			  "SET lock_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_events_2026_b_pkey ON public.h_events_2026_b (at, id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_events_2026_b ADD CONSTRAINT h_events_2026_b_pkey PRIMARY KEY USING INDEX "
			  "h_events_2026_b_pkey;\n"
			  "ALTER INDEX public.h_events_pkey ATTACH PARTITION public.h_events_2025_pkey;\n"
			  "ALTER INDEX public.h_events_pkey ATTACH PARTITION public.h_events_2026_pkey;\n"
			  "ALTER INDEX public.h_events_2026_pkey ATTACH PARTITION public.h_events_2026_a_pkey;\n"
			  "ALTER INDEX public.h_events_2026_pkey ATTACH PARTITION public.h_events_2026_b_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  kInvalidIndexesNote);
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"Add the primary key to each partitioned table alone, build each partition's "
									   "index concurrently and add its primary key using it, then attach the "
									   "indexes."});
}

TEST(Advice, PartitionedConstraintBeyondTheCap)
{
	std::vector<RelationFacts> tree{relation("big", 0, RelationKind::PartitionedTable)};
	for (int i = 0; i < kMaxPartitionsSpelledOut + 3; i++)
		tree.push_back(relation("big_" + std::to_string(i), 8192, RelationKind::Table, 0));
	StatementFacts facts = alterTable("ALTER TABLE big ADD UNIQUE (id)", tree);
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"id"}), "ADD UNIQUE (id)");

	Advice advice = adviceFor(facts);
	std::string script = renderScript(advice);
	EXPECT_TRUE(advice.shortened);
	EXPECT_NE(script.find("ALTER TABLE public.big_63 ADD CONSTRAINT big_63_id_key UNIQUE USING INDEX big_63_id_key;\n"
						  "-- ... and the same two statements for each of the other 3 partitions, then attach their "
						  "indexes as below\n"
						  "ALTER INDEX public.big_id_key ATTACH PARTITION public.big_0_id_key;\n"),
			  std::string::npos)
		<< script;
	EXPECT_EQ(script.find("big_64"), std::string::npos);
	EXPECT_EQ(countOf(script, "ATTACH PARTITION"), static_cast<std::size_t>(kMaxPartitionsSpelledOut));
}

/*
 * A foreign-table partition gets no index, and an index created ON ONLY the
 * partitioned table becomes valid only once every partition has one
 * attached: checked on PostgreSQL 15 with a file_fdw partition, the parent
 * index stays indisvalid = false for good, where the statement itself
 * (CREATE INDEX on the partitioned table, which skips foreign partitions)
 * leaves a valid index.  There is no online path, and the advice says so.
 */
TEST(Advice, APartitionedTableWithAForeignPartitionHasNoOnlineIndex)
{
	StatementFacts facts = createIndex("CREATE INDEX ON logs (id)",
									   {relation("logs", 0, RelationKind::PartitionedTable),
										relation("logs_a", 8192, RelationKind::Table, 0),
										relation("logs_f", 0, RelationKind::ForeignTable, 0)},
									   {"id"});
	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "-- no online alternative: public.logs_f is a foreign table\n"
			  "BEGIN;\n"
			  "SET LOCAL pgsafe.mode = 'warn';\n"
			  "SET LOCAL lock_timeout = '5s';\n"
			  "CREATE INDEX logs_id_idx ON public.logs (id);\n"
			  "COMMIT;");
	ASSERT_EQ(advice.steps.size(), 2u);
	EXPECT_EQ(advice.steps[1].kind, StepKind::Blocking);
}

/* ---------------------------------------------------------------- EXCLUDE */

TEST(Advice, ExclusionConstraintHasNoOnlinePath)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)",
									  {relation("orders", 65536)});
	addSubcommand(facts,
				  constraint(ConstraintKind::Exclusion, {}, "orders_no_dup"),
				  "ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "BEGIN;\n"
			  "SET LOCAL pgsafe.mode = 'warn';\n"
			  "SET LOCAL lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =);\n"
			  "COMMIT;");
	ASSERT_EQ(advice.steps.size(), 1u);
	EXPECT_EQ(advice.steps[0].kind, StepKind::Blocking);
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{"PostgreSQL cannot add an exclusion constraint without holding this lock while "
									   "the index is built; run it in a maintenance window."});
	EXPECT_TRUE(advice.concurrentIndexes.empty());
}

TEST(Advice, ExclusionConstraintKeepsOnlyAndTheOtherSubcommands)
{
	StatementFacts facts = alterTable("ALTER TABLE ONLY rooms ADD EXCLUDE USING gist (room WITH =, during WITH &&), "
									  "ALTER COLUMN note SET DEFAULT 'x'",
									  {relation("rooms", 8192)});
	facts.alterTable.only = true;
	addSubcommand(
		facts, constraint(ConstraintKind::Exclusion, {}), "ADD EXCLUDE USING gist (room WITH =, during WITH &&)");
	addSubcommand(facts, otherSubcommand(), "ALTER COLUMN note SET DEFAULT 'x'");

	EXPECT_EQ(scriptFor(facts),
			  "BEGIN;\n"
			  "SET LOCAL pgsafe.mode = 'warn';\n"
			  "SET LOCAL lock_timeout = '5s';\n"
			  "ALTER TABLE ONLY public.rooms ADD EXCLUDE USING gist (room WITH =, during WITH &&);\n"
			  "COMMIT;\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE ONLY public.rooms ALTER COLUMN note SET DEFAULT 'x';\n"
			  "RESET lock_timeout;");
}

TEST(Advice, ExclusionConstraintWithoutItsTextIsPartial)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD EXCLUDE (id WITH =)", {relation("orders", 65536)});
	addSubcommand(facts, constraint(ConstraintKind::Exclusion, {}), "");

	Advice advice = adviceFor(facts);
	EXPECT_TRUE(advice.partial);
	EXPECT_TRUE(advice.steps.empty());
	EXPECT_EQ(renderScript(advice), "");
	EXPECT_EQ(advice.sentences.size(), 1u);
}

/* ---------------------------------------------------------------- NOT VALID */

TEST(Advice, NeverNotValidForIndexConstraints)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code)", {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	EXPECT_EQ(scriptFor(facts).find("NOT VALID"), std::string::npos);

	StatementFacts exclusion = alterTable(
		"ALTER TABLE orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)", {relation("orders", 65536)});
	addSubcommand(exclusion,
				  constraint(ConstraintKind::Exclusion, {}, "orders_no_dup"),
				  "ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)");
	EXPECT_EQ(scriptFor(exclusion).find("NOT VALID"), std::string::npos);
}

TEST(Advice, NoUniquePrimaryKeyOrExcludeStatementIsEverNotValid)
{
	/* PostgreSQL refuses NOT VALID on them: only the helper CHECK and foreign keys may carry it */
	std::vector<StatementFacts> statements;

	StatementFacts pk = alterTable("ALTER TABLE a ADD PRIMARY KEY (id)", {relation("a", 8192)});
	pk.table.relations[0].columns = {nullableColumn("id")};
	addSubcommand(pk, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");
	statements.push_back(pk);

	std::vector<RelationFacts> tree = eventsTree();
	for (auto &r : tree)
		r.columns = {nullableColumn("id")};
	StatementFacts partitioned = alterTable("ALTER TABLE h_events ADD PRIMARY KEY (id), ADD UNIQUE (id)", tree);
	addSubcommand(partitioned, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");
	addSubcommand(partitioned, constraint(ConstraintKind::Unique, {"id"}), "ADD UNIQUE (id)");
	statements.push_back(partitioned);

	StatementFacts column = alterTable("ALTER TABLE a ADD COLUMN id int PRIMARY KEY", {relation("a", 8192)});
	SubcommandFacts &sub = addSubcommand(column, addColumn("id"), "ADD COLUMN id int PRIMARY KEY");
	sub.column.typeSpan = columnSpan(column, sub, "int");
	addColumnConstraint(column, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");
	statements.push_back(column);

	for (const auto &facts : statements)
	{
		std::string script = scriptFor(facts);
		ASSERT_NE(script, "");
		std::size_t begin = 0;
		while (begin < script.size())
		{
			std::size_t end = script.find('\n', begin);
			std::string line = script.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
			bool indexConstraint = line.find("UNIQUE") != std::string::npos ||
								   line.find("PRIMARY KEY") != std::string::npos ||
								   line.find("EXCLUDE") != std::string::npos;
			if (indexConstraint)
			{
				EXPECT_EQ(line.find("NOT VALID"), std::string::npos) << line;
			}
			if (end == std::string::npos)
				break;
			begin = end + 1;
		}
	}
}

/* ---------------------------------------------------------------- ADD COLUMN */

TEST(Advice, AddColumnUniqueAddsTheColumnFirst)
{
	/* sql/hints.sql, h_items */
	StatementFacts facts = alterTable("ALTER TABLE h_items ADD COLUMN sku text UNIQUE", {relation("h_items", 16384)});
	SubcommandFacts &sub = addSubcommand(facts, addColumn("sku"), "ADD COLUMN sku text UNIQUE");
	sub.column.typeSpan = columnSpan(facts, sub, "text");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::Unique), "UNIQUE");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_items ADD COLUMN sku text;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_items_sku_key ON public.h_items (sku);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_items ADD CONSTRAINT h_items_sku_key UNIQUE USING INDEX h_items_sku_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_items_sku_key"));
}

TEST(Advice, AddColumnPrimaryKeyWithoutAValueMustBeFilledByHand)
{
	/* sql/hints.sql, h_items */
	StatementFacts facts =
		alterTable("ALTER TABLE h_items ADD COLUMN id int PRIMARY KEY", {relation("h_items", 16384)});
	SubcommandFacts &sub = addSubcommand(facts, addColumn("id"), "ADD COLUMN id int PRIMARY KEY");
	sub.column.typeSpan = columnSpan(facts, sub, "int");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_items ADD COLUMN id int;\n"
			  "-- fill id in every existing row, then:\n"
			  "ALTER TABLE public.h_items ADD CONSTRAINT h_items_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_items VALIDATE CONSTRAINT h_items_id_not_null;\n"
			  "ALTER TABLE public.h_items ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.h_items DROP CONSTRAINT h_items_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_items_pkey ON public.h_items (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_items ADD CONSTRAINT h_items_pkey PRIMARY KEY USING INDEX h_items_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_items_pkey"));
	EXPECT_EQ(
		advice.sentences,
		(std::vector<std::string>{"The new column is null in every existing row: fill it before it can be NOT NULL.",
								  "Build the unique index concurrently, then add the primary key using it."}));
}

TEST(Advice, AddColumnPrimaryKeyWithAConstantDefaultIsNotNullFromTheStart)
{
	/* sql/primary_key.sql, settings */
	StatementFacts facts =
		alterTable("ALTER TABLE settings ADD COLUMN id int DEFAULT 1 PRIMARY KEY", {relation("settings", 8192)});
	SubcommandFacts &sub =
		addSubcommand(facts, addColumn("id", ColumnFill::ConstantDefault), "ADD COLUMN id int DEFAULT 1 PRIMARY KEY");
	sub.column.typeSpan = columnSpan(facts, sub, "int");
	sub.column.fillSpan = columnSpan(facts, sub, "DEFAULT 1");
	sub.column.fillExpression = columnSpan(facts, sub, "1");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.settings ADD COLUMN id int DEFAULT 1 NOT NULL;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY settings_pkey ON public.settings (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.settings ADD CONSTRAINT settings_pkey PRIMARY KEY USING INDEX settings_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.settings_pkey"));
}

TEST(Advice, AddColumnSerialPrimaryKeyFillsFromASequence)
{
	/* sql/hints.sql, h_serial */
	StatementFacts facts =
		alterTable("ALTER TABLE h_serial ADD COLUMN id serial PRIMARY KEY", {relation("h_serial", 16384)});
	SubcommandFacts &sub =
		addSubcommand(facts, addColumn("id", ColumnFill::Serial), "ADD COLUMN id serial PRIMARY KEY");
	sub.column.serialBaseType = "integer";
	sub.column.typeSpan = columnSpan(facts, sub, "serial");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "CREATE SEQUENCE public.h_serial_id_seq AS integer;\n"
			  "ALTER TABLE public.h_serial ADD COLUMN id integer;\n"
			  "ALTER TABLE public.h_serial ALTER COLUMN id SET DEFAULT nextval('public.h_serial_id_seq'::regclass);\n"
			  "ALTER SEQUENCE public.h_serial_id_seq OWNED BY public.h_serial.id;\n"
			  "DO $backfill$DECLARE last bigint := pg_relation_size('public.h_serial') / "
			  "current_setting('block_size')::bigint; "
			  "BEGIN FOR b IN 0..last BY 1000 LOOP UPDATE ONLY public.h_serial SET id = DEFAULT WHERE ctid >= "
			  "format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + 1000)::tid AND id IS NULL; COMMIT; END LOOP; "
			  "END $backfill$;\n"
			  "ALTER TABLE public.h_serial ADD CONSTRAINT h_serial_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_serial VALIDATE CONSTRAINT h_serial_id_not_null;\n"
			  "ALTER TABLE public.h_serial ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.h_serial DROP CONSTRAINT h_serial_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_serial_pkey ON public.h_serial (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_serial ADD CONSTRAINT h_serial_pkey PRIMARY KEY USING INDEX h_serial_pkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_serial_pkey"));
}

TEST(Advice, AddColumnIdentityPrimaryKeyBecomesAnIdentityAtTheEnd)
{
	/* sql/hints.sql, h_identity */
	StatementFacts facts = alterTable("ALTER TABLE h_identity ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY "
									  "(START WITH 1000) PRIMARY KEY",
									  {relation("h_identity", 16384)});
	SubcommandFacts &sub = addSubcommand(facts,
										 addColumn("id", ColumnFill::Identity),
										 "ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000) "
										 "PRIMARY KEY");
	sub.column.typeSpan = columnSpan(facts, sub, "bigint");
	sub.column.fillSpan = columnSpan(facts, sub, "GENERATED ALWAYS AS IDENTITY (START WITH 1000)");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "CREATE SEQUENCE public.h_identity_id_backfill_seq AS bigint START WITH 1000;\n"
			  "ALTER TABLE public.h_identity ADD COLUMN id bigint;\n"
			  "ALTER TABLE public.h_identity ALTER COLUMN id SET DEFAULT "
			  "nextval('public.h_identity_id_backfill_seq'::regclass);\n"
			  "DO $backfill$DECLARE last bigint := pg_relation_size('public.h_identity') / "
			  "current_setting('block_size')::bigint; "
			  "BEGIN FOR b IN 0..last BY 1000 LOOP UPDATE ONLY public.h_identity SET id = DEFAULT WHERE ctid >= "
			  "format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + 1000)::tid AND id IS NULL; COMMIT; END LOOP; "
			  "END $backfill$;\n"
			  "ALTER TABLE public.h_identity ADD CONSTRAINT h_identity_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_identity VALIDATE CONSTRAINT h_identity_id_not_null;\n"
			  "ALTER TABLE public.h_identity ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.h_identity DROP CONSTRAINT h_identity_id_not_null;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_identity_pkey ON public.h_identity (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_identity ADD CONSTRAINT h_identity_pkey PRIMARY KEY USING INDEX h_identity_pkey;\n"
			  "BEGIN;\n"
			  "ALTER TABLE public.h_identity ALTER COLUMN id DROP DEFAULT, ALTER COLUMN id ADD GENERATED ALWAYS AS "
			  "IDENTITY (START WITH 1000);\n"
			  "SELECT setval(pg_get_serial_sequence('public.h_identity', 'id'), last_value) FROM "
			  "public.h_identity_id_backfill_seq;\n"
			  "COMMIT;\n"
			  "DROP SEQUENCE public.h_identity_id_backfill_seq;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_identity_pkey"));
	EXPECT_EQ(advice.sentences.back(), "Then make it an identity column that continues after the highest value.");
}

TEST(Advice, AnIdentityWithItsOwnSequenceNameKeepsTheOptionsOffTheHelper)
{
	StatementFacts facts = alterTable("ALTER TABLE t ADD COLUMN id int GENERATED BY DEFAULT AS IDENTITY "
									  "(SEQUENCE NAME t_ids START WITH 5) UNIQUE",
									  {relation("t", 8192)});
	SubcommandFacts &sub = addSubcommand(facts,
										 addColumn("id", ColumnFill::Identity),
										 "ADD COLUMN id int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME t_ids "
										 "START WITH 5) UNIQUE");
	sub.column.typeSpan = columnSpan(facts, sub, "int");
	sub.column.fillSpan = columnSpan(facts, sub, "GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME t_ids START WITH 5)");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::Unique), "UNIQUE");

	std::string script = scriptFor(facts);
	EXPECT_NE(script.find("CREATE SEQUENCE public.t_id_backfill_seq AS int;\n"), std::string::npos) << script;
	EXPECT_NE(script.find("ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME t_ids START WITH 5);"),
			  std::string::npos)
		<< script;
}

TEST(Advice, AddColumnWithAVolatileDefaultIsFilledByUpdate)
{
	/* sql/hints.sql, h_defaults */
	StatementFacts facts =
		alterTable("ALTER TABLE h_defaults ADD COLUMN token text NOT NULL DEFAULT md5(random()::text) PRIMARY KEY",
				   {relation("h_defaults", 16384)});
	SubcommandFacts &sub = addSubcommand(facts,
										 addColumn("token", ColumnFill::ExpressionDefault),
										 "ADD COLUMN token text NOT NULL DEFAULT md5(random()::text) PRIMARY KEY");
	sub.column.notNull = true;
	sub.column.typeSpan = columnSpan(facts, sub, "text");
	sub.column.notNullSpans = {columnSpan(facts, sub, "NOT NULL")};
	sub.column.fillSpan = columnSpan(facts, sub, "DEFAULT md5(random()::text)");
	sub.column.fillExpression = columnSpan(facts, sub, "md5(random()::text)");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");

	EXPECT_EQ(
		scriptFor(facts),
		"SET lock_timeout = '5s';\n"
		"ALTER TABLE public.h_defaults ADD COLUMN token text;\n"
		"ALTER TABLE public.h_defaults ALTER COLUMN token SET DEFAULT md5(random()::text);\n"
		"DO $backfill$DECLARE last bigint := pg_relation_size('public.h_defaults') / "
		"current_setting('block_size')::bigint; "
		"BEGIN FOR b IN 0..last BY 1000 LOOP UPDATE ONLY public.h_defaults SET token = DEFAULT WHERE ctid >= "
		"format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + 1000)::tid AND token IS NULL; COMMIT; END LOOP; "
		"END $backfill$;\n"
		"ALTER TABLE public.h_defaults ADD CONSTRAINT h_defaults_token_not_null CHECK (token IS NOT NULL) NOT "
		"VALID;\n"
		"ALTER TABLE public.h_defaults VALIDATE CONSTRAINT h_defaults_token_not_null;\n"
		"ALTER TABLE public.h_defaults ALTER COLUMN token SET NOT NULL;\n"
		"ALTER TABLE public.h_defaults DROP CONSTRAINT h_defaults_token_not_null;\n"
		"SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
		"CREATE UNIQUE INDEX CONCURRENTLY h_defaults_pkey ON public.h_defaults (token);\n"
		"SET lock_timeout = '5s';\n"
		"ALTER TABLE public.h_defaults ADD CONSTRAINT h_defaults_pkey PRIMARY KEY USING INDEX h_defaults_pkey;\n"
		"RESET lock_timeout;\nRESET statement_timeout;\n" +
			invalidIndexNote("public.h_defaults_pkey"));
}

TEST(Advice, AddColumnWithAConstantDefaultKeepsIt)
{
	/* sql/hints.sql, h_defaults */
	StatementFacts facts =
		alterTable("ALTER TABLE h_defaults ADD COLUMN flag int DEFAULT 7 UNIQUE", {relation("h_defaults", 8192)});
	SubcommandFacts &sub =
		addSubcommand(facts, addColumn("flag", ColumnFill::ConstantDefault), "ADD COLUMN flag int DEFAULT 7 UNIQUE");
	sub.column.typeSpan = columnSpan(facts, sub, "int");
	sub.column.fillSpan = columnSpan(facts, sub, "DEFAULT 7");
	sub.column.fillExpression = columnSpan(facts, sub, "7");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::Unique), "UNIQUE");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_defaults ADD COLUMN flag int DEFAULT 7;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_defaults_flag_key ON public.h_defaults (flag);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_defaults ADD CONSTRAINT h_defaults_flag_key UNIQUE USING INDEX "
			  "h_defaults_flag_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_defaults_flag_key"));
}

/* ADD COLUMN c<n> ... REFERENCES h_customers on h_refs of sql/hints.sql. */
StatementFacts
referencesColumn(const std::string &text, const std::string &name, ColumnFill fill, const std::string &type,
				 const std::string &fillText)
{
	StatementFacts facts = alterTable(text, {relation("h_refs", 16384)});
	SubcommandFacts &sub = addSubcommand(facts, addColumn(name, fill), text.substr(text.find("ADD COLUMN")));
	sub.column.typeSpan = columnSpan(facts, sub, type);
	if (fill == ColumnFill::Serial)
		sub.column.serialBaseType = "integer";
	if (!fillText.empty())
		sub.column.fillSpan = columnSpan(facts, sub, fillText);
	if (fill == ColumnFill::ConstantDefault || fill == ColumnFill::NullDefault)
		sub.column.fillExpression = TextSpan::of(sub.column.fillSpan.begin + 8, sub.column.fillSpan.end);
	addColumnConstraint(facts, sub, foreignKeyConstraint({}, kHCustomers), "REFERENCES h_customers");
	return facts;
}

TEST(Advice, AddColumnReferencesWithADefault)
{
	StatementFacts facts = referencesColumn("ALTER TABLE h_refs ADD COLUMN c1 int DEFAULT 1 REFERENCES h_customers",
											"c1",
											ColumnFill::ConstantDefault,
											"int",
											"DEFAULT 1");
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_refs ADD COLUMN c1 int DEFAULT 1;\n"
			  "ALTER TABLE public.h_refs ADD CONSTRAINT h_refs_c1_fkey FOREIGN KEY (c1) REFERENCES public.h_customers "
			  "NOT VALID;\n"
			  "ALTER TABLE public.h_refs VALIDATE CONSTRAINT h_refs_c1_fkey;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, AddColumnReferencesWithDefaultNullDropsTheDefault)
{
	StatementFacts facts = referencesColumn("ALTER TABLE h_refs ADD COLUMN c2 int DEFAULT NULL REFERENCES h_customers",
											"c2",
											ColumnFill::NullDefault,
											"int",
											"DEFAULT NULL");
	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_refs ADD COLUMN c2 int REFERENCES h_customers;\n"
			  "RESET lock_timeout;");
	EXPECT_EQ(advice.sentences,
			  std::vector<std::string>{
				  "DEFAULT NULL changes no row but makes PostgreSQL validate the foreign key: leave it out."});
	EXPECT_FALSE(advice.separateTransactions);
}

TEST(Advice, AddColumnReferencesSerial)
{
	StatementFacts facts = referencesColumn(
		"ALTER TABLE h_refs ADD COLUMN c3 serial REFERENCES h_customers", "c3", ColumnFill::Serial, "serial", "");
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "CREATE SEQUENCE public.h_refs_c3_seq AS integer;\n"
			  "ALTER TABLE public.h_refs ADD COLUMN c3 integer;\n"
			  "ALTER TABLE public.h_refs ALTER COLUMN c3 SET DEFAULT nextval('public.h_refs_c3_seq'::regclass);\n"
			  "ALTER SEQUENCE public.h_refs_c3_seq OWNED BY public.h_refs.c3;\n"
			  "DO $backfill$DECLARE last bigint := pg_relation_size('public.h_refs') / "
			  "current_setting('block_size')::bigint; "
			  "BEGIN FOR b IN 0..last BY 1000 LOOP UPDATE ONLY public.h_refs SET c3 = DEFAULT WHERE ctid >= "
			  "format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + 1000)::tid AND c3 IS NULL; COMMIT; END LOOP; "
			  "END $backfill$;\n"
			  "ALTER TABLE public.h_refs ADD CONSTRAINT h_refs_c3_not_null CHECK (c3 IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_refs VALIDATE CONSTRAINT h_refs_c3_not_null;\n"
			  "ALTER TABLE public.h_refs ALTER COLUMN c3 SET NOT NULL;\n"
			  "ALTER TABLE public.h_refs DROP CONSTRAINT h_refs_c3_not_null;\n"
			  "ALTER TABLE public.h_refs ADD CONSTRAINT h_refs_c3_fkey FOREIGN KEY (c3) REFERENCES public.h_customers "
			  "NOT VALID;\n"
			  "ALTER TABLE public.h_refs VALIDATE CONSTRAINT h_refs_c3_fkey;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, AddColumnIdentityReferences)
{
	StatementFacts facts =
		referencesColumn("ALTER TABLE h_refs ADD COLUMN c4 int GENERATED BY DEFAULT AS IDENTITY REFERENCES h_customers",
						 "c4",
						 ColumnFill::Identity,
						 "int",
						 "GENERATED BY DEFAULT AS IDENTITY");
	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "CREATE SEQUENCE public.h_refs_c4_backfill_seq AS int;\n"
			  "ALTER TABLE public.h_refs ADD COLUMN c4 int;\n"
			  "ALTER TABLE public.h_refs ALTER COLUMN c4 SET DEFAULT "
			  "nextval('public.h_refs_c4_backfill_seq'::regclass);\n"
			  "DO $backfill$DECLARE last bigint := pg_relation_size('public.h_refs') / "
			  "current_setting('block_size')::bigint; "
			  "BEGIN FOR b IN 0..last BY 1000 LOOP UPDATE ONLY public.h_refs SET c4 = DEFAULT WHERE ctid >= "
			  "format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + 1000)::tid AND c4 IS NULL; COMMIT; END LOOP; "
			  "END $backfill$;\n"
			  "ALTER TABLE public.h_refs ADD CONSTRAINT h_refs_c4_not_null CHECK (c4 IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.h_refs VALIDATE CONSTRAINT h_refs_c4_not_null;\n"
			  "ALTER TABLE public.h_refs ALTER COLUMN c4 SET NOT NULL;\n"
			  "ALTER TABLE public.h_refs DROP CONSTRAINT h_refs_c4_not_null;\n"
			  "ALTER TABLE public.h_refs ADD CONSTRAINT h_refs_c4_fkey FOREIGN KEY (c4) REFERENCES public.h_customers "
			  "NOT VALID;\n"
			  "ALTER TABLE public.h_refs VALIDATE CONSTRAINT h_refs_c4_fkey;\n"
			  "BEGIN;\n"
			  "ALTER TABLE public.h_refs ALTER COLUMN c4 DROP DEFAULT, ALTER COLUMN c4 ADD GENERATED BY DEFAULT AS "
			  "IDENTITY;\n"
			  "SELECT setval(pg_get_serial_sequence('public.h_refs', 'c4'), last_value) FROM "
			  "public.h_refs_c4_backfill_seq;\n"
			  "COMMIT;\n"
			  "DROP SEQUENCE public.h_refs_c4_backfill_seq;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, AddColumnGeneratedReferencesHasNoOnlineAdd)
{
	StatementFacts facts = referencesColumn(
		"ALTER TABLE h_refs ADD COLUMN c5 int GENERATED ALWAYS AS (n % 1000 + 1) STORED REFERENCES h_customers",
		"c5",
		ColumnFill::Generated,
		"int",
		"GENERATED ALWAYS AS (n % 1000 + 1) STORED");
	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "-- no online alternative: adding a stored generated column rewrites the table\n"
			  "BEGIN;\n"
			  "SET LOCAL pgsafe.mode = 'warn';\n"
			  "SET LOCAL lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_refs ADD COLUMN c5 int GENERATED ALWAYS AS (n % 1000 + 1) STORED;\n"
			  "COMMIT;\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_refs ADD CONSTRAINT h_refs_c5_fkey FOREIGN KEY (c5) REFERENCES public.h_customers "
			  "NOT VALID;\n"
			  "ALTER TABLE public.h_refs VALIDATE CONSTRAINT h_refs_c5_fkey;\n"
			  "RESET lock_timeout;");
	ASSERT_GE(advice.steps.size(), 2u);
	EXPECT_EQ(advice.steps[0].kind, StepKind::Comment);
	EXPECT_EQ(advice.steps[1].kind, StepKind::Blocking);
}

TEST(Advice, AddColumnWithoutItsTextIsPartial)
{
	StatementFacts facts = alterTable("ALTER TABLE t ADD COLUMN id int UNIQUE", {relation("t", 8192)});
	SubcommandFacts sub = addColumn("id");
	sub.column.constraints.push_back(columnConstraint(ConstraintKind::Unique));
	addSubcommand(facts, sub, "");

	Advice advice = adviceFor(facts);
	EXPECT_TRUE(advice.partial);
	EXPECT_EQ(renderScript(advice), "");
	EXPECT_EQ(advice.sentences, std::vector<std::string>{"Add the column on its own first, without the constraint."});

	/* an identity column whose type could not be located cannot be rebuilt either */
	StatementFacts identity =
		alterTable("ALTER TABLE t ADD COLUMN id int GENERATED ALWAYS AS IDENTITY UNIQUE", {relation("t", 8192)});
	SubcommandFacts &idSub = addSubcommand(
		identity, addColumn("id", ColumnFill::Identity), "ADD COLUMN id int GENERATED ALWAYS AS IDENTITY UNIQUE");
	idSub.column.fillSpan = columnSpan(identity, idSub, "GENERATED ALWAYS AS IDENTITY");
	addColumnConstraint(identity, idSub, columnConstraint(ConstraintKind::Unique), "UNIQUE");
	EXPECT_TRUE(adviceFor(identity).partial);
}

/*
 * The subcommand's text ends in a line comment (its span runs to the next
 * comma or the end of the statement).  The NOT NULL the advice appends then
 * lands inside the comment: the script adds the column nullable, and the
 * final ADD PRIMARY KEY USING INDEX runs SET NOT NULL with the full scan
 * under ACCESS EXCLUSIVE that the advice is meant to avoid.
 */
TEST(Advice, AppendedNotNullStaysOutsideATrailingComment)
{
	StatementFacts facts = alterTable("ALTER TABLE settings ADD COLUMN id int PRIMARY KEY DEFAULT 1 -- the key",
									  {relation("settings", 8192)});
	SubcommandFacts &sub = addSubcommand(
		facts, addColumn("id", ColumnFill::ConstantDefault), "ADD COLUMN id int PRIMARY KEY DEFAULT 1 -- the key");
	sub.column.typeSpan = columnSpan(facts, sub, "int");
	sub.column.fillSpan = columnSpan(facts, sub, "DEFAULT 1 -- the key");
	sub.column.fillExpression = columnSpan(facts, sub, "1 -- the key");
	addColumnConstraint(facts, sub, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");

	std::string code = codeOf(scriptFor(facts));
	std::size_t add = code.find("ALTER TABLE public.settings ADD COLUMN id int");
	ASSERT_NE(add, std::string::npos) << code;
	std::size_t end = code.find(';', add);
	ASSERT_NE(end, std::string::npos) << code;
	EXPECT_NE(code.substr(add, end - add).find("NOT NULL"), std::string::npos) << code;
}

/* ---------------------------------------------------------------- other subcommands */

TEST(Advice, OtherSubcommandsKeepTheirOrder)
{
	StatementFacts facts = alterTable(
		"ALTER TABLE orders ADD COLUMN flag boolean, ADD UNIQUE (id, email), ALTER COLUMN note SET DEFAULT ''",
		{relation("orders", 65536)});
	SubcommandFacts column;
	column.kind = SubcommandKind::AddColumn;
	column.phase = SubcommandPhase::AddColumn;
	column.column.name = "flag";
	addSubcommand(facts, column, "ADD COLUMN flag boolean");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"id", "email"}), "ADD UNIQUE (id, email)");
	addSubcommand(facts, SubcommandFacts{}, "ALTER COLUMN note SET DEFAULT ''");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD COLUMN flag boolean;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_id_email_key ON public.orders (id, email);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_id_email_key UNIQUE USING INDEX orders_id_email_key;\n"
			  "ALTER TABLE public.orders ALTER COLUMN note SET DEFAULT '';\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_id_email_key"));
}

/*
 * Every step of the rewrite is safe itself: each CHECK beside the flagged
 * key (itself an add-check finding) is added NOT VALID, then validated; one
 * written NOT VALID is kept as it is.
 */
TEST(Advice, OtherCheckConstraintsAreAddedNotValidAndValidatedApart)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD CHECK (v > 0), ADD CONSTRAINT orders_sum CHECK (v + w > 0), "
				   "ADD CHECK (w > 0) NOT VALID, ADD CHECK (v < w), ADD UNIQUE (v)",
				   {relation("orders", 65536)});
	const char *const checks[] = {"CHECK (v > 0)", "CHECK (v + w > 0)", "CHECK (w > 0) NOT VALID", "CHECK (v < w)"};
	const std::vector<std::string> columns[] = {{"v"}, {"v", "w"}, {"w"}, {"v", "w"}};
	for (int i = 0; i < 4; i++)
	{
		SubcommandFacts sub =
			constraint(ConstraintKind::Check, {}, i == 1 ? std::optional<std::string>("orders_sum") : std::nullopt);
		sub.constraint.checkColumns = columns[i];
		sub.constraint.notValid = i == 2;
		std::string text = i == 1 ? "ADD CONSTRAINT orders_sum CHECK (v + w > 0)" : std::string("ADD ") + checks[i];
		SubcommandFacts &added = addSubcommand(facts, sub, text);
		added.constraint.checkBody = spanOf(facts.text, checks[i], added.span.begin);
	}
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"v"}), "ADD UNIQUE (v)");

	/* ChooseConstraintName(): table_column_check for one column, table_check for several */
	EXPECT_EQ(codeOf(scriptFor(facts)),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_v_check CHECK (v > 0) NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_v_check;\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_sum CHECK (v + w > 0) NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_sum;\n"
			  "ALTER TABLE public.orders ADD CHECK (w > 0) NOT VALID;\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_check CHECK (v < w) NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_check;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_v_key ON public.orders (v);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_v_key UNIQUE USING INDEX orders_v_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n\n");
}

/* A SET NOT NULL beside the flagged primary key on the same column is the key's; on another column it is proven. */
TEST(Advice, OtherSetNotNullIsProvenByAValidatedCheckFirst)
{
	RelationFacts orders = relation("orders", 65536);
	orders.columns = {nullableColumn("id"), nullableColumn("code")};
	StatementFacts facts = alterTable("ALTER TABLE orders ALTER COLUMN id SET NOT NULL, ALTER COLUMN code SET NOT "
									  "NULL, ADD PRIMARY KEY (id)",
									  {orders});
	for (const char *column : {"id", "code"})
	{
		SubcommandFacts sub;
		sub.kind = SubcommandKind::SetNotNull;
		sub.column.name = column;
		addSubcommand(facts, sub, std::string("ALTER COLUMN ") + column + " SET NOT NULL");
	}
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");

	std::string code = codeOf(scriptFor(facts));
	EXPECT_EQ(countOf(code, "SET NOT NULL"), 2u) << code;
	EXPECT_EQ(countOf(code, "CHECK (code IS NOT NULL) NOT VALID"), 1u) << code;
	EXPECT_EQ(countOf(code, "CHECK (id IS NOT NULL) NOT VALID"), 1u) << code;
	/* each SET NOT NULL comes after the validation that proves it */
	EXPECT_LT(code.find("VALIDATE CONSTRAINT orders_code_not_null"), code.find("ALTER COLUMN code SET NOT NULL"));
	EXPECT_LT(code.find("VALIDATE CONSTRAINT orders_id_not_null"), code.find("ALTER COLUMN id SET NOT NULL"));
}

TEST(Advice, MultiLineStatementFromTheRegressionTests)
{
	/* sql/hints.sql, h_docs */
	StatementFacts facts = alterTable("ALTER TABLE h_docs ADD COLUMN slug text, ADD UNIQUE (id),\n"
									  "  ALTER COLUMN title SET NOT NULL",
									  {relation("h_docs", 24576)});
	SubcommandFacts &slug = addSubcommand(facts, addColumn("slug"), "ADD COLUMN slug text");
	slug.column.typeSpan = columnSpan(facts, slug, "text");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"id"}), "ADD UNIQUE (id)");
	addSubcommand(facts, otherSubcommand(), "ALTER COLUMN title SET NOT NULL");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_docs ADD COLUMN slug text;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY h_docs_id_key ON public.h_docs (id);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.h_docs ADD CONSTRAINT h_docs_id_key UNIQUE USING INDEX h_docs_id_key;\n"
			  "ALTER TABLE public.h_docs ALTER COLUMN title SET NOT NULL;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.h_docs_id_key"));
}

/*
 * PostgreSQL runs ALTER TABLE in passes (drops, type changes, new columns,
 * column attributes, constraints), so the subcommands the advice keeps run in
 * that order, and those that end up next to each other stay in one statement.
 */
TEST(Advice, OtherSubcommandsRunInPostgreSQLsOrder)
{
	StatementFacts facts = alterTable("ALTER TABLE t ADD COLUMN a int, ALTER COLUMN b SET DEFAULT 0, "
									  "ADD FOREIGN KEY (c) REFERENCES customers, DROP COLUMN d, "
									  "ALTER COLUMN e TYPE bigint",
									  {relation("t", 8192)});
	addSubcommand(facts, addColumn("a"), "ADD COLUMN a int");
	addSubcommand(facts, otherSubcommand(SubcommandPhase::ColumnAttributes), "ALTER COLUMN b SET DEFAULT 0");
	addSubcommand(facts, foreignKey({"c"}, kCustomers), "ADD FOREIGN KEY (c) REFERENCES customers");
	addSubcommand(facts, otherSubcommand(SubcommandPhase::Drop), "DROP COLUMN d");
	addSubcommand(facts, otherSubcommand(SubcommandPhase::AlterType), "ALTER COLUMN e TYPE bigint");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.t DROP COLUMN d, ALTER COLUMN e TYPE bigint, ADD COLUMN a int, ALTER COLUMN b SET "
			  "DEFAULT 0;\n"
			  "ALTER TABLE public.t ADD CONSTRAINT t_c_fkey FOREIGN KEY (c) REFERENCES public.customers NOT VALID;\n"
			  "ALTER TABLE public.t VALIDATE CONSTRAINT t_c_fkey;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, SubcommandsAfterTheConstraintsKeepTheirPlace)
{
	StatementFacts facts =
		alterTable("ALTER TABLE t ADD FOREIGN KEY (c) REFERENCES customers, OWNER TO app", {relation("t", 8192)});
	addSubcommand(facts, foreignKey({"c"}, kCustomers), "ADD FOREIGN KEY (c) REFERENCES customers");
	addSubcommand(facts, otherSubcommand(), "OWNER TO app");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.t ADD CONSTRAINT t_c_fkey FOREIGN KEY (c) REFERENCES public.customers NOT VALID;\n"
			  "ALTER TABLE public.t VALIDATE CONSTRAINT t_c_fkey;\n"
			  "ALTER TABLE public.t OWNER TO app;\n"
			  "RESET lock_timeout;");
}

TEST(Advice, OtherSubcommandsKeepOnlyWithoutTheirComments)
{
	StatementFacts facts = alterTable("ALTER TABLE ONLY orders ADD UNIQUE (code),\n"
									  "    ALTER COLUMN note -- why\n"
									  "      SET DEFAULT '',\n"
									  "    ALTER COLUMN flag SET NOT NULL -- and this",
									  {relation("orders", 49152)});
	facts.alterTable.only = true;
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	addSubcommand(facts, otherSubcommand(), "ALTER COLUMN note -- why\n      SET DEFAULT ''");
	addSubcommand(facts, otherSubcommand(), "ALTER COLUMN flag SET NOT NULL -- and this");

	EXPECT_EQ(scriptFor(facts),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n"
			  "ALTER TABLE ONLY public.orders ALTER COLUMN note SET DEFAULT '', ALTER COLUMN flag SET NOT NULL;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_code_key"));
}

TEST(Advice, OtherSubcommandsWithoutTheirTextArePartial)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code), ALTER COLUMN note SET DEFAULT ''",
									  {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	addSubcommand(facts, otherSubcommand(), "");

	Advice advice = adviceFor(facts);
	EXPECT_TRUE(advice.partial);
	EXPECT_EQ(advice.sentences.back(), "Run the statement's other subcommands on their own.");
	EXPECT_EQ(renderScript(advice).find("SET DEFAULT"), std::string::npos);
}

/*
 * In the leading-comma style the comment of one subcommand ends its span
 * (spans run to the next comma, less the blanks).  Joined with ", " to the
 * next unflagged subcommand, the comment swallows it: PostgreSQL runs
 * "ALTER TABLE public.orders ADD COLUMN a int" alone and the SET DEFAULT is
 * silently lost (checked on PostgreSQL 15).
 */
TEST(Advice, ALineCommentDoesNotSwallowTheNextSubcommand)
{
	StatementFacts facts = alterTable("ALTER TABLE orders\n"
									  "    ADD COLUMN a int -- for X\n"
									  "  , ALTER COLUMN b SET DEFAULT 5\n"
									  "  , ADD UNIQUE (c)",
									  {relation("orders", 49152)});
	addSubcommand(facts, addColumn("a"), "ADD COLUMN a int -- for X");
	addSubcommand(facts, otherSubcommand(), "ALTER COLUMN b SET DEFAULT 5");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"c"}), "ADD UNIQUE (c)");

	std::string script = scriptFor(facts);
	std::string code = codeOf(script);
	EXPECT_NE(code.find("ADD COLUMN a int"), std::string::npos) << script;
	EXPECT_NE(code.find("ALTER COLUMN b SET DEFAULT 5"), std::string::npos) << script;
}

/*
 * The same collapsing of blanks as for CREATE INDEX, in a kept subcommand:
 * the quoted identifier "two  spaces" becomes "two spaces", another column
 * (PostgreSQL: column "two spaces" of relation "orders" does not exist).
 */
TEST(Advice, OtherSubcommandsKeepBlanksInsideQuotedIdentifiers)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code), ALTER COLUMN \"two  spaces\" SET NOT NULL",
									  {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	addSubcommand(facts, otherSubcommand(), "ALTER COLUMN \"two  spaces\" SET NOT NULL");

	EXPECT_NE(scriptFor(facts).find("ALTER TABLE public.orders ALTER COLUMN \"two  spaces\" SET NOT NULL;"),
			  std::string::npos);
}

TEST(Advice, FlaggedSubcommandsOfDifferentKindsInOneStatement)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD UNIQUE (code), ADD FOREIGN KEY (customer_id) REFERENCES customers",
				   {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY");

	Advice advice = adviceFor(facts);
	EXPECT_EQ(renderScript(advice),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON public.orders (code);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_key;\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES "
			  "public.customers NOT VALID;\n"
			  "ALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.orders_code_key"));
	EXPECT_EQ(advice.sentences,
			  (std::vector<std::string>{
				  "Build the unique index concurrently, then add the constraint using it.",
				  "Add the foreign key NOT VALID, then validate it; validation does not block reads or writes."}));
	EXPECT_TRUE(advice.separateTransactions);
}

/* ---------------------------------------------------------------- renderScript */

Advice
adviceOf(std::vector<Step> steps, std::vector<std::string> concurrentIndexes = {})
{
	Advice advice;
	advice.steps = std::move(steps);
	advice.concurrentIndexes = std::move(concurrentIndexes);
	return advice;
}

TEST(RenderScript, NothingToRender)
{
	EXPECT_EQ(renderScript(Advice{}), "");
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Comment, "just this"}})), "-- just this");
}

TEST(RenderScript, BriefStepsRunUnderAShortLockTimeout)
{
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Brief, "ALTER TABLE t ADD CHECK (a > 0) NOT VALID;"}})),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE t ADD CHECK (a > 0) NOT VALID;\n"
			  "RESET lock_timeout;");
	EXPECT_STREQ(kBriefLockTimeout, "'5s'");
}

TEST(RenderScript, ConcurrentBuildsRunWithoutALockTimeout)
{
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Concurrent, "CREATE INDEX CONCURRENTLY i ON t (a);"}}, {"public.i"})),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY i ON t (a);\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("public.i"));
}

TEST(RenderScript, TheSettingChangesOnlyWhenTheKindOfStepDoes)
{
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Brief, "B1;"},
									 {StepKind::Brief, "B2;"},
									 {StepKind::Concurrent, "C1;"},
									 {StepKind::Concurrent, "C2;"},
									 {StepKind::Brief, "B3;"},
									 {StepKind::Validate, "V;"},
									 {StepKind::Backfill, "U;"},
									 {StepKind::Blocking, "X;"},
									 {StepKind::Comment, "note"},
									 {StepKind::Concurrent, "C3;"}})),
			  "SET lock_timeout = '5s';\n"
			  "B1;\n"
			  "B2;\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "C1;\n"
			  "C2;\n"
			  "SET lock_timeout = '5s';\n"
			  "B3;\n"
			  "V;\n"
			  "U;\n"
			  "BEGIN;\n"
			  "SET LOCAL pgsafe.mode = 'warn';\n"
			  "SET LOCAL lock_timeout = '5s';\n"
			  "X;\n"
			  "COMMIT;\n"
			  "-- note\n"
			  "SET lock_timeout = 0;\n"
			  "C3;\n"
			  "RESET lock_timeout;\n"
			  "RESET statement_timeout;");
}

TEST(RenderScript, ValidateAndBackfillKeepWhateverWasSet)
{
	/* nothing set before them: nothing to reset either */
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Validate, "V;"}, {StepKind::Backfill, "U;"}})), "V;\nU;");
	EXPECT_EQ(
		renderScript(adviceOf({{StepKind::Concurrent, "C;"}, {StepKind::Validate, "V;"}})),
		"SET lock_timeout = 0;\nSET statement_timeout = 0;\nC;\nV;\nRESET lock_timeout;\nRESET statement_timeout;");
}

TEST(RenderScript, NoSetBetweenBeginAndCommit)
{
	/* the setting made before BEGIN holds inside the transaction; COMMIT never gets one of its own */
	EXPECT_EQ(
		renderScript(adviceOf({{StepKind::Concurrent, "C;"},
							   {StepKind::Brief, "BEGIN;"},
							   {StepKind::Brief, "ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;"},
							   {StepKind::Brief, "COMMIT;"},
							   {StepKind::Brief, "DROP SEQUENCE s;"}})),
		"SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
		"C;\n"
		"SET lock_timeout = '5s';\n"
		"BEGIN;\n"
		"ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;\n"
		"COMMIT;\n"
		"DROP SEQUENCE s;\n"
		"RESET lock_timeout;\n"
		"RESET statement_timeout;");
	EXPECT_EQ(
		renderScript(adviceOf({{StepKind::Concurrent, "C;"}, {StepKind::Brief, "COMMIT;"}, {StepKind::Brief, "B;"}})),
		"SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
		"C;\n"
		"COMMIT;\n"
		"SET lock_timeout = '5s';\n"
		"B;\n"
		"RESET lock_timeout;\n"
		"RESET statement_timeout;");
}

TEST(RenderScript, TheInvalidIndexNoteNamesTheIndexWhenThereIsOne)
{
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Concurrent, "C;"}}, {"\"S\".\"I x\""})),
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\nC;\nRESET lock_timeout;\nRESET statement_timeout;\n" +
				  invalidIndexNote("\"S\".\"I x\""));
	EXPECT_EQ(
		renderScript(
			adviceOf({{StepKind::Concurrent, "C1;"}, {StepKind::Concurrent, "C2;"}}, {"public.a", "public.b"})),
		"SET lock_timeout = 0;\nSET statement_timeout = 0;\nC1;\nC2;\nRESET lock_timeout;\nRESET statement_timeout;\n" +
			kInvalidIndexesNote);
	/* no concurrent build, no note */
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Brief, "B;"}})).find("invalid index"), std::string::npos);
}

TEST(RenderScript, MultiLineStepsAreKeptAsTheyAre)
{
	EXPECT_EQ(renderScript(adviceOf({{StepKind::Brief, "ALTER TABLE t ALTER COLUMN a -- c\nSET DEFAULT 1;"}})),
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE t ALTER COLUMN a -- c\nSET DEFAULT 1;\n"
			  "RESET lock_timeout;");
}

} /* namespace */
} /* namespace pgsafe */
