/*-------------------------------------------------------------------------
 *
 * analysis_test.cpp
 *		The report analyze() writes: the primary message (operation,
 *		schema-qualified table, lock and what it blocks), the detail (size,
 *		and why PostgreSQL reads the rows), the hint (what to do, how to run
 *		it, then the script), the rule names and the per-finding reports,
 *		and prettySize(), which must print sizes as pg_size_pretty() does.
 *
 * The wording is the one the regression tests show (the files in expected/).
 *
 * IDENTIFICATION
 *	  test/unit/analysis_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include <limits>

#include "core/analysis.hpp"
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
using testing::relation;
using testing::spanOf;

const QualifiedName kCustomers{"public", "customers"};

Report
reportFor(const StatementFacts &facts)
{
	FakeCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog, ScriptLength::Bounded);
	if (!report)
		throw std::logic_error("no report for: " + facts.text);
	return *report;
}

StatementFacts
addUnique(const std::string &table, std::uint64_t bytes, const std::string &column = "code")
{
	StatementFacts facts =
		alterTable("ALTER TABLE " + table + " ADD UNIQUE (" + column + ")", {relation(table, bytes)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {column}), "ADD UNIQUE (" + column + ")");
	return facts;
}

/* ALTER TABLE <table> ADD COLUMN customer_id int <fill> REFERENCES customers */
StatementFacts
addColumnReferences(ColumnFill fill, const std::string &fillText, const std::string &table = "invoices",
					std::uint64_t bytes = 49152)
{
	std::string definition = "ADD COLUMN customer_id " + std::string(fill == ColumnFill::Serial ? "serial" : "int") +
							 (fillText.empty() ? "" : " " + fillText) + " REFERENCES customers";
	StatementFacts facts = alterTable("ALTER TABLE " + table + " " + definition, {relation(table, bytes)});
	SubcommandFacts &sub = addSubcommand(facts, addColumn("customer_id", fill), definition);
	sub.column.typeSpan = columnSpan(facts, sub, fill == ColumnFill::Serial ? "serial" : "int");
	sub.column.serialBaseType = "integer";
	if (!fillText.empty())
	{
		sub.column.fillSpan = columnSpan(facts, sub, fillText);
		if (fillText.rfind("DEFAULT ", 0) == 0)
			sub.column.fillExpression = TextSpan::of(sub.column.fillSpan.begin + 8, sub.column.fillSpan.end);
	}
	addColumnConstraint(facts, sub, foreignKeyConstraint({}, kCustomers), "REFERENCES customers");
	return facts;
}

/* logs partitioned three ways, holding 40 kB. */
std::vector<RelationFacts>
logsTree()
{
	return {relation("logs", 0, RelationKind::PartitionedTable),
			relation("logs_2024", 16384, RelationKind::Table, 0),
			relation("logs_2025", 8192, RelationKind::Table, 0),
			relation("logs_2026", 16384, RelationKind::Table, 0)};
}

/* ---------------------------------------------------------------- no report */

TEST(Analysis, EmptyOrLocalTablesSayNothing)
{
	FakeCatalog catalog;
	EXPECT_FALSE(analyze(addUnique("orders", 0), catalog, ScriptLength::Bounded));

	StatementFacts local = addUnique("orders", 49152);
	local.table.relations[0].local = true;
	EXPECT_FALSE(analyze(local, catalog, ScriptLength::Bounded));

	StatementFacts small = addUnique("orders", 49152);
	small.session.minTableBytes = 1024 * 1024;
	EXPECT_FALSE(analyze(small, catalog, ScriptLength::Bounded));

	StatementFacts other = alterTable("ALTER TABLE orders ALTER COLUMN a SET DEFAULT 0", {relation("orders", 49152)});
	addSubcommand(other, testing::otherSubcommand(), "ALTER COLUMN a SET DEFAULT 0");
	EXPECT_FALSE(analyze(other, catalog, ScriptLength::Bounded));
}

/* ---------------------------------------------------------------- the primary message */

TEST(Analysis, MessageNamesOperationTableLockAndWhatItBlocks)
{
	Report report = reportFor(addUnique("orders", 49152));

	EXPECT_EQ(report.message,
			  "ADD UNIQUE on table \"public.orders\" takes an ACCESS EXCLUSIVE lock, blocking reads "
			  "and writes while the index is built");
	EXPECT_EQ(report.detail, "The table \"public.orders\" is not empty: it holds 48 kB.");
	EXPECT_EQ(report.rules, "unique-constraint");
	ASSERT_EQ(report.findings.size(), 1u);
	EXPECT_EQ(report.findings[0].rule, "unique-constraint");
	EXPECT_EQ(report.findings[0].lock, "ACCESS EXCLUSIVE");
	EXPECT_EQ(report.findings[0].blocks, "reads and writes");
	EXPECT_EQ(report.findings[0].bytes, 49152u);
	EXPECT_TRUE(report.findings[0].sizeKnown);
	EXPECT_EQ(report.findings[0].relation, "public.orders");
	EXPECT_EQ(report.findings[0].message, report.message);
	EXPECT_EQ(report.findings[0].detail, report.detail);
}

TEST(Analysis, TheTableIsNamedWithItsSchemaAsItIs)
{
	StatementFacts facts = alterTable("ALTER TABLE \"Sales\".\"Order Lines\" ADD UNIQUE (a)",
									  {relation("Order Lines", 8192, RelationKind::Table, -1, "Sales")});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"a"}), "ADD UNIQUE (a)");
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD UNIQUE on table \"Sales.Order Lines\" takes an ACCESS EXCLUSIVE lock, blocking reads and writes "
			  "while the index is built");
	EXPECT_EQ(report.detail, "The table \"Sales.Order Lines\" is not empty: it holds 8192 bytes.");
	EXPECT_EQ(report.findings[0].relation, "Sales.Order Lines");
}

TEST(Analysis, PrimaryKeyMessages)
{
	StatementFacts facts = alterTable("ALTER TABLE accounts ADD PRIMARY KEY (id)", {relation("accounts", 24576)});
	facts.table.relations[0].columns = {notNullColumn("id")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD PRIMARY KEY on table \"public.accounts\" takes an ACCESS EXCLUSIVE lock, blocking reads and writes "
			  "while the index is built");
	EXPECT_EQ(report.detail, "The table \"public.accounts\" is not empty: it holds 24 kB.");
	EXPECT_EQ(report.rules, "primary-key");

	facts.table.relations[0].columns = {nullableColumn("id")};
	EXPECT_EQ(reportFor(facts).detail,
			  "The table \"public.accounts\" is not empty: it holds 24 kB. Column \"id\" is not marked NOT NULL, so "
			  "PostgreSQL also reads every row to check it.");
}

TEST(Analysis, PrimaryKeyOnSeveralNullableColumns)
{
	StatementFacts facts =
		alterTable("ALTER TABLE measurements ADD PRIMARY KEY (id, at)", {relation("measurements", 24576)});
	facts.table.relations[0].columns = {nullableColumn("id"), nullableColumn("at")};
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id", "at"}), "ADD PRIMARY KEY (id, at)");
	EXPECT_EQ(reportFor(facts).detail,
			  "The table \"public.measurements\" is not empty: it holds 24 kB. Columns \"id\", \"at\" are not marked "
			  "NOT NULL, so PostgreSQL also reads every row to check them.");
}

TEST(Analysis, PrimaryKeyUsingIndexReadsEveryRowForNulls)
{
	/* expected/primary_key.out, ledger */
	StatementFacts facts =
		alterTable("ALTER TABLE ledger ADD CONSTRAINT ledger_pkey PRIMARY KEY USING INDEX ledger_id_idx",
				   {relation("ledger", 24576)});
	facts.table.relations[0].columns = {nullableColumn("id")};
	SubcommandFacts &sub = addSubcommand(facts,
										 constraint(ConstraintKind::PrimaryKey, {}, "ledger_pkey"),
										 "ADD CONSTRAINT ledger_pkey PRIMARY KEY USING INDEX ledger_id_idx");
	sub.constraint.usingIndex = "ledger_id_idx";
	sub.constraint.usingIndexColumns = {"id"};

	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD PRIMARY KEY USING INDEX on table \"public.ledger\" takes an ACCESS EXCLUSIVE lock, blocking reads "
			  "and writes while it reads every row to check for nulls");
	EXPECT_EQ(report.detail,
			  "The table \"public.ledger\" is not empty: it holds 24 kB. Column \"id\" is not marked NOT NULL, so "
			  "PostgreSQL reads every row to check for nulls before it adds the primary key.");
	EXPECT_EQ(report.rules, "primary-key-using-index");
	EXPECT_EQ(report.hint,
			  "Prove the key columns NOT NULL with a constraint validated on its own, then add the primary key. Run "
			  "these statements one at a time:\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.ledger ADD CONSTRAINT ledger_id_not_null CHECK (id IS NOT NULL) NOT VALID;\n"
			  "ALTER TABLE public.ledger VALIDATE CONSTRAINT ledger_id_not_null;\n"
			  "ALTER TABLE public.ledger ALTER COLUMN id SET NOT NULL;\n"
			  "ALTER TABLE public.ledger DROP CONSTRAINT ledger_id_not_null;\n"
			  "ALTER TABLE public.ledger ADD CONSTRAINT ledger_pkey PRIMARY KEY USING INDEX ledger_id_idx;\n"
			  "RESET lock_timeout;");

	facts.table.relations[0].columns = {nullableColumn("tenant"), nullableColumn("id")};
	facts.alterTable.subcommands[0].constraint.usingIndexColumns = {"tenant", "id"};
	EXPECT_EQ(reportFor(facts).detail,
			  "The table \"public.ledger\" is not empty: it holds 24 kB. Columns \"tenant\", \"id\" are not marked "
			  "NOT NULL, so PostgreSQL reads every row to check for nulls before it adds the primary key.");
}

TEST(Analysis, ForeignKeyLocksBothTables)
{
	StatementFacts facts =
		alterTable("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers",
				   {relation("orders", 49152)},
				   LockMode::ShareRowExclusive);
	addSubcommand(facts,
				  foreignKey({"customer_id"}, kCustomers, "fk"),
				  "ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers");
	Report report = reportFor(facts);

	EXPECT_EQ(report.message,
			  "ADD FOREIGN KEY on table \"public.orders\" takes a SHARE ROW EXCLUSIVE lock on it and "
			  "on table \"public.customers\", blocking writes to both while existing rows are "
			  "validated");
	EXPECT_EQ(report.detail, "The table \"public.orders\" is not empty: it holds 48 kB.");
	EXPECT_EQ(report.rules, "foreign-key");
	EXPECT_EQ(report.findings[0].lock, "SHARE ROW EXCLUSIVE");
	EXPECT_EQ(report.findings[0].blocks, "writes");
}

TEST(Analysis, ForeignKeyUnderAnAccessExclusiveLock)
{
	/* another subcommand (ADD COLUMN, say) raised the statement's lock */
	StatementFacts facts = alterTable("ALTER TABLE invoices ADD COLUMN note text, ADD FOREIGN KEY (customer_id) "
									  "REFERENCES customers",
									  {relation("invoices", 49152)},
									  LockMode::AccessExclusive);
	addSubcommand(facts, addColumn("note"), "ADD COLUMN note text");
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY");
	EXPECT_EQ(reportFor(facts).message,
			  "ADD FOREIGN KEY on table \"public.invoices\" takes an ACCESS EXCLUSIVE lock on it and a SHARE ROW "
			  "EXCLUSIVE lock on table \"public.customers\", blocking reads and writes on it and writes on "
			  "\"public.customers\" while existing rows are validated");
}

TEST(Analysis, ASelfReferencingForeignKeyNamesOneTable)
{
	StatementFacts facts = alterTable("ALTER TABLE staff ADD FOREIGN KEY (manager_id) REFERENCES staff",
									  {relation("staff", 8192)},
									  LockMode::ShareRowExclusive);
	addSubcommand(facts, foreignKey({"manager_id"}, QualifiedName{"public", "staff"}), "ADD FOREIGN KEY");
	EXPECT_EQ(reportFor(facts).message,
			  "ADD FOREIGN KEY on table \"public.staff\" takes a SHARE ROW EXCLUSIVE lock, blocking writes while "
			  "existing rows are validated");

	facts.alterTable.lock = LockMode::AccessExclusive;
	EXPECT_EQ(reportFor(facts).message,
			  "ADD FOREIGN KEY on table \"public.staff\" takes an ACCESS EXCLUSIVE lock, blocking reads and writes "
			  "while existing rows are validated");
}

TEST(Analysis, ForeignKeyOnAPartitionedTable)
{
	std::vector<RelationFacts> tree = {relation("shipments", 0, RelationKind::PartitionedTable),
									   relation("shipments_1", 16384, RelationKind::Table, 0),
									   relation("shipments_2", 16384, RelationKind::Table, 0)};
	StatementFacts facts = alterTable(
		"ALTER TABLE shipments ADD FOREIGN KEY (customer_id) REFERENCES customers", tree, LockMode::ShareRowExclusive);
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY");
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD FOREIGN KEY on partitioned table \"public.shipments\" takes a SHARE ROW EXCLUSIVE lock on it and on "
			  "table \"public.customers\", blocking writes to both while existing rows are validated");
	EXPECT_EQ(report.detail, "It reads 2 partitions of partitioned table \"public.shipments\" holding 32 kB in all.");
}

TEST(Analysis, AddColumnReferencesSaysWhyItIsValidated)
{
	struct Case
	{
		ColumnFill fill;
		std::string fillText;
		std::string why;
	};
	for (const Case &c : {Case{ColumnFill::NullDefault, "DEFAULT NULL", "has DEFAULT NULL"},
						  Case{ColumnFill::ConstantDefault, "DEFAULT 1", "has a DEFAULT"},
						  Case{ColumnFill::ExpressionDefault, "DEFAULT next_customer()", "has a DEFAULT"},
						  Case{ColumnFill::Serial, "", "is serial"},
						  Case{ColumnFill::Generated, "GENERATED ALWAYS AS (n + 1) STORED", "is a generated column"}})
	{
		Report report = reportFor(addColumnReferences(c.fill, c.fillText));
		/* a column that rewrites the table: that finding first, the foreign key's after it */
		const bool rewrites =
			c.fill == ColumnFill::ExpressionDefault || c.fill == ColumnFill::Serial || c.fill == ColumnFill::Generated;
		ASSERT_EQ(report.findings.size(), rewrites ? 2u : 1u);
		const FindingReport &fk = report.findings.back();
		EXPECT_EQ(fk.message,
				  "ADD COLUMN ... REFERENCES on table \"public.invoices\" takes an ACCESS EXCLUSIVE lock on it and a "
				  "SHARE ROW EXCLUSIVE lock on table \"public.customers\", blocking reads and writes on it and writes "
				  "on \"public.customers\" while existing rows are validated");
		EXPECT_EQ(fk.detail,
				  "The table \"public.invoices\" is not empty: it holds 48 kB. PostgreSQL skips the validation only "
				  "for a new column without any DEFAULT; this one " +
					  c.why + ".");
		EXPECT_EQ(report.rules, rewrites ? "add-column-rewrite,foreign-key" : "foreign-key");
	}
}

TEST(Analysis, IdentityReferencesIsNeverChecked)
{
	Report report =
		reportFor(addColumnReferences(ColumnFill::Identity, "GENERATED ALWAYS AS IDENTITY", "visits", 8192));
	EXPECT_EQ(report.message,
			  "ADD COLUMN ... GENERATED AS IDENTITY REFERENCES on table \"public.visits\" takes an ACCESS EXCLUSIVE "
			  "lock, blocking reads and writes while the table is rewritten");
	EXPECT_EQ(report.detail,
			  "The table \"public.visits\" is not empty: it holds 8192 bytes. PostgreSQL also marks the foreign key "
			  "valid without checking the generated values against \"public.customers\".");
	EXPECT_EQ(report.rules, "identity-foreign-key");
	EXPECT_EQ(report.advice,
			  "Add the column without a default that fills existing rows, set the default for new rows, and fill "
			  "existing rows in batches, each committed on its own, so that no row stays locked for long. Add the "
			  "foreign key NOT VALID, then validate it; validation does not block reads or writes. Then make it an "
			  "identity column that continues after the highest value. Run these statements one at a time:");
}

TEST(Analysis, AddColumnUniqueAndPrimaryKey)
{
	StatementFacts unique = alterTable("ALTER TABLE orders ADD COLUMN sku text UNIQUE", {relation("orders", 65536)});
	SubcommandFacts &u = addSubcommand(unique, addColumn("sku"), "ADD COLUMN sku text UNIQUE");
	addColumnConstraint(unique, u, columnConstraint(ConstraintKind::Unique), "UNIQUE");
	EXPECT_EQ(reportFor(unique).message,
			  "ADD COLUMN ... UNIQUE on table \"public.orders\" takes an ACCESS EXCLUSIVE lock, blocking reads and "
			  "writes while the index is built");

	for (ColumnFill fill : {ColumnFill::None, ColumnFill::NullDefault})
	{
		StatementFacts pk = alterTable("ALTER TABLE events ADD COLUMN id int PRIMARY KEY", {relation("events", 8192)});
		SubcommandFacts &p = addSubcommand(pk, addColumn("id", fill), "ADD COLUMN id int PRIMARY KEY");
		addColumnConstraint(pk, p, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");
		Report report = reportFor(pk);
		EXPECT_EQ(report.message,
				  "ADD COLUMN ... PRIMARY KEY on table \"public.events\" takes an ACCESS EXCLUSIVE lock, blocking "
				  "reads and writes while the index is built");
		EXPECT_EQ(report.detail,
				  "The table \"public.events\" is not empty: it holds 8192 bytes. The new column is null in every "
				  "existing row, so the primary key cannot be added until it is filled.");
	}

	/* a constant default fills every row: nothing more to say */
	StatementFacts constant =
		alterTable("ALTER TABLE settings ADD COLUMN id int DEFAULT 1 PRIMARY KEY", {relation("settings", 8192)});
	SubcommandFacts &c = addSubcommand(
		constant, addColumn("id", ColumnFill::ConstantDefault), "ADD COLUMN id int DEFAULT 1 PRIMARY KEY");
	addColumnConstraint(constant, c, columnConstraint(ConstraintKind::PrimaryKey), "PRIMARY KEY");
	EXPECT_EQ(reportFor(constant).detail, "The table \"public.settings\" is not empty: it holds 8192 bytes.");
}

TEST(Analysis, ExclusionConstraintHasNoOnlinePath)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)",
									  {relation("orders", 65536)});
	addSubcommand(facts,
				  constraint(ConstraintKind::Exclusion, {}, "orders_no_dup"),
				  "ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =)");
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD EXCLUDE on table \"public.orders\" takes an ACCESS EXCLUSIVE lock, blocking reads and writes while "
			  "the index is built");
	EXPECT_EQ(report.detail,
			  "The table \"public.orders\" is not empty: it holds 64 kB. PostgreSQL has no way to build an exclusion "
			  "constraint concurrently.");
	EXPECT_EQ(report.rules, "exclusion-constraint");
	EXPECT_EQ(report.hint,
			  "PostgreSQL cannot add an exclusion constraint without holding this lock while the index "
			  "is built; run it in a maintenance window. Run it; pgsafe rejects the blocking one again in error mode, "
			  "so a superuser or a role granted SET on pgsafe.mode runs it, with the mode lowered for its "
			  "transaction:\n"
			  "BEGIN;\n"
			  "SET LOCAL pgsafe.mode = 'warn';\n"
			  "SET LOCAL lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_no_dup EXCLUDE USING btree (id WITH =);\n"
			  "COMMIT;");
}

TEST(Analysis, CreateIndexTakesAShareLock)
{
	StatementFacts facts = createIndex("CREATE INDEX ON docs (title)", {relation("docs", 212992)}, {"title"});
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "CREATE INDEX on table \"public.docs\" takes a SHARE lock, blocking writes while the index is built");
	EXPECT_EQ(report.detail, "The table \"public.docs\" is not empty: it holds 208 kB.");
	EXPECT_EQ(report.rules, "create-index");
	EXPECT_EQ(report.findings[0].lock, "SHARE");
	EXPECT_EQ(report.findings[0].blocks, "writes");
	EXPECT_EQ(report.hint,
			  "Build the index concurrently. Run these statements one at a time, outside a transaction block:\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE INDEX CONCURRENTLY docs_title_idx ON public.docs (title);\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n"
			  "-- if CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: DROP INDEX CONCURRENTLY IF EXISTS "
			  "public.docs_title_idx; then run it again");

	facts.createIndex.unique = true;
	EXPECT_EQ(reportFor(facts).message,
			  "CREATE UNIQUE INDEX on table \"public.docs\" takes a SHARE lock, blocking writes while the index is "
			  "built");
}

TEST(Analysis, CreateIndexOnAMaterializedViewBlocksRefresh)
{
	StatementFacts facts = createIndex(
		"CREATE INDEX ON docs_by_day (day)", {relation("docs_by_day", 16384, RelationKind::MaterializedView)}, {"day"});
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "CREATE INDEX on materialized view \"public.docs_by_day\" takes a SHARE lock, blocking REFRESH "
			  "MATERIALIZED VIEW while the index is built");
	EXPECT_EQ(report.detail, "The materialized view \"public.docs_by_day\" is not empty: it holds 16 kB.");
	EXPECT_EQ(report.findings[0].blocks, "REFRESH MATERIALIZED VIEW");
}

TEST(Analysis, CreateIndexOnAPartitionedTable)
{
	Report report = reportFor(createIndex("CREATE INDEX ON logs (at)", logsTree(), {"at"}));
	EXPECT_EQ(report.message,
			  "CREATE INDEX on partitioned table \"public.logs\" takes a SHARE lock, blocking writes while the index "
			  "is built");
	EXPECT_EQ(report.detail, "It reads 3 partitions of partitioned table \"public.logs\" holding 40 kB in all.");
	EXPECT_EQ(report.findings[0].bytes, 40960u);
	EXPECT_EQ(report.findings[0].relation, "public.logs");
	EXPECT_EQ(report.advice,
			  "CREATE INDEX CONCURRENTLY is refused on a partitioned table: create the index on each partitioned "
			  "table alone, build each partition's index concurrently, then attach them. Run these statements one "
			  "at a time, outside a transaction block:");
}

/* ---------------------------------------------------------------- the detail */

TEST(Analysis, PartitionsAreCountedOneByOne)
{
	/* logs_2024 is empty but read all the same; logs_2025 is local and left out */
	std::vector<RelationFacts> tree = {relation("logs", 0, RelationKind::PartitionedTable),
									   relation("logs_2024", 0, RelationKind::Table, 0),
									   relation("logs_2025", 8192, RelationKind::Table, 0),
									   relation("logs_2026", 8192, RelationKind::Table, 0)};
	tree[2].local = true;
	Report report = reportFor(createIndex("CREATE INDEX ON logs (at)", tree, {"at"}));
	EXPECT_EQ(report.detail, "It reads 2 partitions of partitioned table \"public.logs\" holding 8192 bytes in all.");

	tree.erase(tree.begin() + 1);
	report = reportFor(createIndex("CREATE INDEX ON logs (at)", tree, {"at"}));
	EXPECT_EQ(report.detail, "It reads 1 partition of partitioned table \"public.logs\" holding 8192 bytes.");
}

TEST(Analysis, InheritanceChildrenAreRelations)
{
	/* expected/primary_key.out, vehicles with cars and bikes */
	std::vector<RelationFacts> tree = {
		relation("vehicles", 8192), inheritanceChild("cars", 8192, 0), inheritanceChild("bikes", 8192, 0)};
	for (auto &r : tree)
		r.columns = {nullableColumn("id")};
	StatementFacts facts = alterTable("ALTER TABLE vehicles ADD PRIMARY KEY (id)", tree);
	addSubcommand(facts, constraint(ConstraintKind::PrimaryKey, {"id"}), "ADD PRIMARY KEY (id)");
	EXPECT_EQ(reportFor(facts).detail,
			  "It reads 3 relations of table \"public.vehicles\" holding 24 kB in all. Column \"id\" is not marked NOT "
			  "NULL, so PostgreSQL also reads every row to check it.");
}

TEST(Analysis, SizeThatCouldNotBeReadCountsAsNotEmpty)
{
	StatementFacts facts = addUnique("orders", 0);
	facts.table.relations[0].sizeKnown = false;
	Report report = reportFor(facts);
	EXPECT_EQ(report.detail,
			  "The size of table \"public.orders\" could not be read without waiting for a lock, so "
			  "it is treated as not empty.");
	EXPECT_FALSE(report.findings[0].sizeKnown);
}

TEST(Analysis, SizeUnderAPartitionedTableThatCouldNotBeRead)
{
	std::vector<RelationFacts> tree = logsTree();
	tree[2].sizeKnown = false;
	Report report = reportFor(createIndex("CREATE INDEX ON logs (at)", tree, {"at"}));
	EXPECT_EQ(report.detail,
			  "The size of a relation under partitioned table \"public.logs\" could not be read without waiting for "
			  "a lock, so it is treated as not empty.");
	EXPECT_FALSE(report.findings[0].sizeKnown);
	EXPECT_EQ(report.findings[0].bytes, 32768u);
}

TEST(Analysis, EveryFindingIsReportedAndTheRulesAreListedOnce)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD UNIQUE (code), ADD FOREIGN KEY (customer_id) REFERENCES "
									  "customers, ADD UNIQUE (email)",
									  {relation("orders", 49152)});
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"code"}), "ADD UNIQUE (code)");
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY");
	addSubcommand(facts, constraint(ConstraintKind::Unique, {"email"}), "ADD UNIQUE (email)");

	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD UNIQUE on table \"public.orders\" takes an ACCESS EXCLUSIVE lock, blocking reads and writes while "
			  "the index is built");
	EXPECT_EQ(report.detail,
			  "The table \"public.orders\" is not empty: it holds 48 kB. The same statement also runs ADD FOREIGN "
			  "KEY, blocking reads and writes while existing rows are validated. The same statement also runs ADD "
			  "UNIQUE, blocking reads and writes while the index is built.");
	EXPECT_EQ(report.rules, "unique-constraint,foreign-key");
	ASSERT_EQ(report.findings.size(), 3u);
	EXPECT_EQ(report.findings[1].rule, "foreign-key");
	EXPECT_EQ(report.findings[1].message,
			  "ADD FOREIGN KEY on table \"public.orders\" takes an ACCESS EXCLUSIVE lock on it and a SHARE ROW "
			  "EXCLUSIVE lock on table \"public.customers\", blocking reads and writes on it and writes on "
			  "\"public.customers\" while existing rows are validated");
	EXPECT_EQ(report.findings[1].detail, "The table \"public.orders\" is not empty: it holds 48 kB.");
	EXPECT_EQ(report.findings[2].rule, "unique-constraint");
	/* both a concurrent build and a VALIDATE: the concurrent build decides how to run them */
	EXPECT_EQ(report.advice,
			  "Build the unique index concurrently, then add the constraint using it. Add the foreign key NOT VALID, "
			  "then validate it; validation does not block reads or writes. Run these statements one at a time, "
			  "outside a transaction block:");
}

/* ---------------------------------------------------------------- the hint */

TEST(Analysis, TheReadmeExample)
{
	StatementFacts facts = addUnique("orders", 5218304, "email");
	Report report = reportFor(facts);
	EXPECT_EQ(report.message,
			  "ADD UNIQUE on table \"public.orders\" takes an ACCESS EXCLUSIVE lock, blocking reads and writes while "
			  "the index is built");
	EXPECT_EQ(report.detail, "The table \"public.orders\" is not empty: it holds 5096 kB.");
	EXPECT_EQ(report.hint,
			  "Build the unique index concurrently, then add the constraint using it. Run these statements one at a "
			  "time, outside a transaction block:\n"
			  "SET lock_timeout = 0;\nSET statement_timeout = 0;\n"
			  "CREATE UNIQUE INDEX CONCURRENTLY orders_email_key ON public.orders (email);\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.orders ADD CONSTRAINT orders_email_key UNIQUE USING INDEX orders_email_key;\n"
			  "RESET lock_timeout;\nRESET statement_timeout;\n"
			  "-- if CREATE INDEX CONCURRENTLY fails, it leaves an invalid index: DROP INDEX CONCURRENTLY IF EXISTS "
			  "public.orders_email_key; then run it again");
	EXPECT_EQ(report.hint, report.advice + "\n" + report.script);
}

TEST(Analysis, InsideATransactionBlockTheHintSaysToLeaveIt)
{
	StatementFacts facts = addUnique("orders", 49152);
	FakeCatalog catalog;

	std::optional<Report> outside = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(outside);
	EXPECT_EQ(outside->advice,
			  "Build the unique index concurrently, then add the constraint using it. Run these "
			  "statements one at a time, outside a transaction block:");

	facts.session.inTransactionBlock = true;
	std::optional<Report> inside = analyze(facts, catalog, ScriptLength::Bounded);
	ASSERT_TRUE(inside);
	EXPECT_EQ(inside->advice,
			  "Build the unique index concurrently, then add the constraint using it. CREATE INDEX CONCURRENTLY "
			  "cannot run in a transaction block or a function, so run these statements one at a time, outside both:");
	/* the script is the same: CONCURRENTLY is right, only where to run it changes */
	EXPECT_EQ(inside->script, outside->script);
	EXPECT_EQ(inside->hint, inside->advice + "\n" + inside->script);
}

TEST(Analysis, InAFunctionTheHintSaysToLeaveIt)
{
	StatementFacts facts = createIndex("CREATE INDEX ON docs (title)", {relation("docs", 212992)}, {"title"});
	facts.session.topLevel = false;
	EXPECT_EQ(reportFor(facts).advice,
			  "Build the index concurrently. CREATE INDEX CONCURRENTLY cannot run in a transaction block or a "
			  "function, so run these statements one at a time, outside both:");
}

TEST(Analysis, ForeignKeyStepsEachInATransactionOfTheirOwn)
{
	StatementFacts facts = alterTable("ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers",
									  {relation("orders", 49152)},
									  LockMode::ShareRowExclusive);
	addSubcommand(facts, foreignKey({"customer_id"}, kCustomers), "ADD FOREIGN KEY");
	const std::string script =
		"SET lock_timeout = '5s';\n"
		"ALTER TABLE public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES "
		"public.customers NOT VALID;\n"
		"ALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n"
		"RESET lock_timeout;";

	Report outside = reportFor(facts);
	EXPECT_EQ(outside.hint,
			  "Add the foreign key NOT VALID, then validate it; validation does not block reads or writes. Run these "
			  "statements one at a time:\n" +
				  script);

	facts.session.inTransactionBlock = true;
	EXPECT_EQ(reportFor(facts).hint,
			  "Add the foreign key NOT VALID, then validate it; validation does not block reads or writes. Run these "
			  "statements one at a time, each in a transaction of its own, so that no lock is held while rows are "
			  "read:\n" +
				  script);
}

TEST(Analysis, DefaultNullIsSimplyLeftOut)
{
	Report report = reportFor(addColumnReferences(ColumnFill::NullDefault, "DEFAULT NULL"));
	EXPECT_EQ(report.hint,
			  "DEFAULT NULL changes no row but makes PostgreSQL validate the foreign key: leave it out. Run:\n"
			  "SET lock_timeout = '5s';\n"
			  "ALTER TABLE public.invoices ADD COLUMN customer_id int REFERENCES customers;\n"
			  "RESET lock_timeout;");
}

TEST(Analysis, WithoutAScriptTheHintIsTheAdviceAlone)
{
	StatementFacts facts = createIndex("CREATE INDEX ON docs (title)", {relation("docs", 212992)}, {"title"});
	facts.createIndex.definition = TextSpan{};
	Report report = reportFor(facts);
	EXPECT_EQ(report.script, "");
	EXPECT_EQ(report.advice, "Add CONCURRENTLY to the statement and run it outside a transaction block.");
	EXPECT_EQ(report.hint, report.advice);
}

/* ---------------------------------------------------------------- pg_size_pretty */

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

/* The hook's hint is bounded however many subcommands the statement has; pgsafe.check() gets it whole. */
TEST(Analysis, TheHooksScriptIsBoundedAndSaysWhereTheWholeOneIs)
{
	std::string text = "ALTER TABLE orders ";
	for (int i = 0; i < 300; i++)
		text += (i ? ", " : "") + std::string("ADD UNIQUE (c") + std::to_string(i) + ")";
	StatementFacts facts = alterTable(text, {relation("orders", 65536)});
	std::size_t from = 0;
	for (int i = 0; i < 300; i++)
	{
		std::string sub = "ADD UNIQUE (c" + std::to_string(i) + ")";
		SubcommandFacts unique = constraint(ConstraintKind::Unique, {"c" + std::to_string(i)});
		unique.span = spanOf(text, sub, from);
		from = unique.span.end;
		facts.alterTable.subcommands.push_back(unique);
	}

	FakeCatalog catalog;
	Report bounded = *analyze(facts, catalog, ScriptLength::Bounded);
	Report whole = *analyze(facts, catalog, ScriptLength::Whole);
	EXPECT_LE(bounded.script.size(), kMaxBoundedScriptBytes + 40);
	EXPECT_NE(bounded.script.find("\n-- ... and "), std::string::npos);
	EXPECT_NE(bounded.advice.find("This script is shortened; pgsafe.check() of the statement returns it whole."),
			  std::string::npos);
	EXPECT_EQ(whole.script.find("-- ... and "), std::string::npos);
	EXPECT_EQ(whole.advice.find("shortened"), std::string::npos);
	EXPECT_NE(whole.script.find("ADD CONSTRAINT orders_c299_key UNIQUE USING INDEX orders_c299_key;"),
			  std::string::npos);
	/* one sentence for the other 299, not 299 */
	EXPECT_NE(bounded.detail.find("The same statement also runs ADD UNIQUE 299 times"), std::string::npos)
		<< bounded.detail;
	EXPECT_LT(bounded.detail.size(), 400u);
}

TEST(PrettySize, EveryUnitBoundaryAsPostgreSQL15PrintsIt)
{
	/* each value checked with SELECT pg_size_pretty(x) on PostgreSQL 15 */
	EXPECT_EQ(prettySize(1), "1 bytes");
	EXPECT_EQ(prettySize(8192), "8192 bytes");
	/* half up on the bit kept for rounding: 10.5 kB is 11 kB */
	EXPECT_EQ(prettySize(10751), "10 kB");
	EXPECT_EQ(prettySize(10752), "11 kB");
	EXPECT_EQ(prettySize(1048576), "1024 kB");
	EXPECT_EQ(prettySize(5218304), "5096 kB");
	EXPECT_EQ(prettySize(1073741824), "1024 MB");
	EXPECT_EQ(prettySize(10736893951ULL), "10239 MB");
	EXPECT_EQ(prettySize(10736893952ULL), "10 GB");
	EXPECT_EQ(prettySize(10994579406847ULL), "10239 GB");
	EXPECT_EQ(prettySize(10994579406848ULL), "10 TB");
	EXPECT_EQ(prettySize(11258449312612351ULL), "10239 TB");
	EXPECT_EQ(prettySize(11258449312612352ULL), "10 PB");
	/* PB is the last unit: it grows without bound */
	EXPECT_EQ(prettySize(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())), "8192 PB");
}

} /* namespace */
} /* namespace pgsafe */
