/*-------------------------------------------------------------------------
 *
 * model.hpp
 *		The plain facts pgsafe decides on: one DDL statement, the relations it
 *		acts on and the session it runs in.
 *
 * The PostgreSQL adapter fills these structs from the parse tree and the
 * catalog; the rules read nothing else.  Nothing here includes a PostgreSQL
 * header, so the decisions can be unit-tested without a server.
 *
 * Text spans are byte offsets into StatementFacts::text, the statement's own
 * source text.  A span that is not valid() means the adapter could not locate
 * that piece of text; the advice then falls back to what it can rebuild from
 * the parsed structure alone.
 *
 * IDENTIFICATION
 *	  src/core/model.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgsafe {

/* Table lock modes, in PostgreSQL's order of strength. */
enum class LockMode
{
	None,
	AccessShare,
	RowShare,
	RowExclusive,
	ShareUpdateExclusive,
	Share,
	ShareRowExclusive,
	Exclusive,
	AccessExclusive
};

struct QualifiedName
{
	std::string schema;
	std::string name;
};

struct TextSpan
{
	std::size_t begin = 0;
	std::size_t end = 0;
	bool known = false;

	static TextSpan of(std::size_t b, std::size_t e) { return TextSpan{b, e, true}; }
	bool valid() const { return known && end >= begin; }
};

enum class RelationKind
{
	Table,
	PartitionedTable,
	MaterializedView,
	ForeignTable,
	Other
};

/* What the catalog says about one column the advice depends on. */
struct ColumnNullability
{
	std::string name;
	bool exists = false;
	bool markedNotNull = false; /* pg_attribute.attnotnull */
	bool provenNotNull = false; /* attnotnull, or implied by validated CHECK constraints */
};

/*
 * One relation a statement may act on.  Sizes are physical (blocks of the
 * main fork), never pg_class.reltuples, which is -1 until the first ANALYZE.
 */
struct RelationFacts
{
	QualifiedName name;
	RelationKind kind = RelationKind::Table;
	int parent = -1;          /* index of the parent in RelationTree::relations */
	bool isPartition = false; /* a partition, as opposed to an inheritance child */
	bool local = false;       /* temporary or created in this transaction */
	bool sizeKnown = true;    /* false: reading it would have waited for a lock */
	std::uint64_t bytes = 0;
	std::vector<ColumnNullability> columns; /* only the columns the adapter was asked about */

	const ColumnNullability *column(const std::string &columnName) const;
};

/*
 * The statement's target (relations[0]) and, when the statement recurses,
 * every partition or inheritance child below it, parents before children.
 */
struct RelationTree
{
	std::vector<RelationFacts> relations;

	const RelationFacts &target() const { return relations.front(); }
	std::vector<int> childrenOf(int index) const;
	std::vector<int> leavesUnder(int index) const;      /* relations with storage below index */
	std::vector<int> partitionedUnder(int index) const; /* partitioned tables at or below index, deepest first */
};

struct SessionFacts
{
	int serverVersionNum = 150000;
	bool topLevel = true;            /* sent by the client, not run from a function, DO block or procedure */
	bool inTransactionBlock = false; /* BEGIN ... or an implicit multi-statement transaction */
	std::uint64_t minTableBytes = 0; /* pgsafe.min_table_size; 0 flags any non-empty table */

	bool canRunConcurrently() const { return topLevel && !inTransactionBlock; }
};

enum class ConstraintKind
{
	Unique,
	PrimaryKey,
	Exclusion,
	ForeignKey,
	Other
};

enum class ForeignKeyAction
{
	NoAction,
	Restrict,
	Cascade,
	SetNull,
	SetDefault
};
enum class ForeignKeyMatch
{
	Simple,
	Full,
	Partial
};

struct ForeignKeyFacts
{
	QualifiedName referenced;
	bool referencedFound = false; /* false: PostgreSQL will fail to find it, or we may not say */
	std::vector<std::string> columns;
	std::vector<std::string> referencedColumns; /* empty: the referenced primary key */
	ForeignKeyMatch match = ForeignKeyMatch::Simple;
	ForeignKeyAction onUpdate = ForeignKeyAction::NoAction;
	ForeignKeyAction onDelete = ForeignKeyAction::NoAction;
	std::vector<std::string> onDeleteColumns; /* ON DELETE SET NULL (cols) */
	bool notValid = false;
	bool enforced = true; /* PostgreSQL 18: NOT ENFORCED */

	/*
	 * Partitions (RelationTree indexes) that already hold an equivalent,
	 * validated foreign key of their own: adding the key to the partitioned
	 * table adopts it there instead of validating again.
	 */
	std::vector<int> validatedIn;
};

struct StorageOption
{
	std::string name;
	std::string value; /* as written, rendered as a literal */
};

struct ConstraintFacts
{
	ConstraintKind kind = ConstraintKind::Other;
	std::optional<std::string> name;
	bool deferrable = false;
	bool initiallyDeferred = false;
	TextSpan span; /* for column constraints: the constraint's own text */

	/* UNIQUE and PRIMARY KEY */
	std::vector<std::string> keys;
	std::vector<std::string> including;
	bool nullsNotDistinct = false;
	std::vector<StorageOption> options;
	std::optional<std::string> indexTablespace;
	std::optional<std::string> usingIndex;      /* ADD ... USING INDEX name */
	std::vector<std::string> usingIndexColumns; /* its key columns, from pg_index */

	ForeignKeyFacts foreignKey;
};

/* How the rows that exist already get a value for a new column. */
enum class ColumnFill
{
	None,              /* NULL in every existing row */
	NullDefault,       /* DEFAULT NULL: the same, but it counts as a DEFAULT */
	ConstantDefault,   /* a non-volatile DEFAULT: stored once, no rewrite */
	ExpressionDefault, /* a DEFAULT that may be volatile: evaluated per row */
	Serial,            /* serial types: a sequence and a nextval() default */
	Identity,          /* GENERATED ... AS IDENTITY */
	Generated          /* GENERATED ALWAYS AS (...) STORED */
};

struct ColumnFacts
{
	std::string name;
	bool skipped = false; /* ADD COLUMN IF NOT EXISTS of an existing column */
	ColumnFill fill = ColumnFill::None;
	bool notNull = false;       /* NOT NULL written, or implied (serial, identity) */
	std::string serialBaseType; /* "integer" for serial, ... */
	TextSpan typeSpan;          /* the type name as written */
	TextSpan fillSpan;          /* the DEFAULT, IDENTITY or GENERATED clause */
	TextSpan fillExpression;    /* the expression after DEFAULT */
	std::vector<TextSpan> notNullSpans;
	std::vector<ConstraintFacts> constraints; /* UNIQUE, PRIMARY KEY, REFERENCES */
};

enum class SubcommandKind
{
	AddConstraint,
	AddColumn,
	ValidateConstraint, /* the name is in constraint.name */
	Other
};

/*
 * When PostgreSQL runs a subcommand of ALTER TABLE.  It works in passes, not
 * in the order the statement lists them (tablecmds.c, AT_PASS_*): drops
 * and type changes first, then new columns, then column attributes, then
 * indexes and constraints, then the rest.  So ADD FOREIGN KEY (c) ...,
 * ADD COLUMN c succeeds, and the advice, a statement per step, must keep
 * PostgreSQL's order.  Coarser than PostgreSQL's passes, which differ from
 * version to version; only the order between these groups matters here.
 */
enum class SubcommandPhase
{
	Drop,
	AlterType,
	AddColumn,
	ColumnAttributes,
	AddConstraint,
	Other
};

struct SubcommandFacts
{
	SubcommandKind kind = SubcommandKind::Other;
	SubcommandPhase phase = SubcommandPhase::Other;
	TextSpan span;
	ConstraintFacts constraint; /* AddConstraint */
	ColumnFacts column;         /* AddColumn */
};

struct AlterTableFacts
{
	bool only = false;                         /* ALTER TABLE ONLY: no recursion */
	LockMode lock = LockMode::AccessExclusive; /* what PostgreSQL takes on the table */
	LockMode heldLock = LockMode::None;        /* the strongest lock this transaction already holds on it */
	std::vector<SubcommandFacts> subcommands;
};

struct CreateIndexFacts
{
	std::optional<std::string> name;
	bool unique = false;
	bool only = false; /* CREATE INDEX ... ON ONLY */
	bool ifNotExists = false;
	std::vector<std::string> columnNames; /* per key and INCLUDE column, for the default name */
	TextSpan definition;                  /* from USING or '(' to the end: columns, INCLUDE, WITH, WHERE ... */
};

enum class StatementKind
{
	AlterTable,
	CreateIndex
};

struct StatementFacts
{
	StatementKind kind = StatementKind::AlterTable;
	std::string text;
	SessionFacts session;
	RelationTree table;
	AlterTableFacts alterTable;
	CreateIndexFacts createIndex;

	std::string slice(const TextSpan &span) const;
};

} /* namespace pgsafe */
