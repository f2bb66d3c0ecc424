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
	bool markedNotNull = false; /* a valid NOT NULL constraint (pg_attribute.attnotnull before PostgreSQL 18) */
	bool provenNotNull = false; /* markedNotNull, or implied by validated CHECK constraints */
	std::string invalidNotNull; /* PostgreSQL 18: the name of its NOT VALID NOT NULL constraint, which proves nothing */
};

/*
 * One relation a statement may act on.  Sizes are physical, never
 * pg_class.reltuples, which is -1 until the first ANALYZE: the blocks of the
 * main fork, which say whether the relation holds rows at all, and those of
 * its TOAST table, which the statement reads too when it reads the values
 * kept there (an index on md5(doc), a check of a long text column).
 */
struct RelationFacts
{
	QualifiedName name;
	RelationKind kind = RelationKind::Table;
	int parent = -1;          /* index of the parent in RelationTree::relations */
	bool isPartition = false; /* a partition, as opposed to an inheritance child */
	bool local = false;       /* temporary or created in this transaction */
	bool sizeKnown = true;    /* false: reading it would have waited for a lock */
	std::uint64_t bytes = 0;  /* main fork */
	std::uint64_t toastBytes = 0;
	LockMode heldLock = LockMode::None; /* what this transaction holds on it already (read for VALIDATE only) */

	/* a partitioned table's partition key: its columns, and whether it has an expression */
	std::vector<std::string> partitionKey;
	bool partitionKeyExpression = false;
	std::vector<ColumnNullability> columns; /* only the columns the adapter was asked about */

	/* CREATE INDEX on a partitioned table above attaches this index of the relation instead of building one */
	std::optional<std::string> adoptedIndex;

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
	const std::vector<int> &childrenOf(int index) const;
	std::vector<int> leavesUnder(int index) const;      /* relations with storage below index */
	std::vector<int> partitionedUnder(int index) const; /* partitioned tables at or below index, deepest first */

private:
	/* children of each relation, built once per size of relations: a tree of 10 000 partitions is walked in linear time */
	mutable std::vector<std::vector<int>> children_;
	mutable std::size_t indexedSize_ = 0;
	void index() const;
};

/*
 * What the server can do that changes a decision or the advice: the
 * version differences the rules depend on, set by the adapter from
 * src/adapter/compat.hpp.
 */
struct ServerCapabilities
{
	bool exclusionOnPartitionedTables = false; /* 17: EXCLUDE on a partitioned table */
	bool notNullConstraintNotValid = false;    /* 18: ADD CONSTRAINT n NOT NULL col NOT VALID, then VALIDATE */
	bool reindexDatabaseCatalogs = false;    /* up to 15: REINDEX DATABASE rebuilds the system catalogs' indexes too */
	bool domainValidateBlocksWrites = false; /* ALTER DOMAIN ... VALIDATE CONSTRAINT takes SHARE on the tables */
	bool foreignKeyNotValidOnPartitioned = false; /* 18: ADD FOREIGN KEY ... NOT VALID on a partitioned table */
	bool concurrentBuildsCorrupt = false; /* 14.0 to 14.3: CREATE INDEX / REINDEX CONCURRENTLY may corrupt the index */
};

struct SessionFacts
{
	ServerCapabilities capabilities;
	bool topLevel = true;                   /* sent by the client, not run from a function, DO block or procedure */
	bool inTransactionBlock = false;        /* BEGIN ... or an implicit multi-statement transaction */
	std::uint64_t minTableBytes = 0;        /* pgsafe.min_table_size; 0 flags any non-empty table */
	std::vector<std::string> disabledRules; /* pgsafe.disabled_rules: rules the DBA switched off */

	/*
	 * The statement is part of an extension's script: the extension, and the
	 * CREATE EXTENSION or ALTER EXTENSION that runs it (empty if unknown).
	 * Its advice cannot be applied to a script the DBA does not write.
	 */
	std::string extension;
	std::string extensionCommand;

	bool canRunConcurrently() const { return topLevel && !inTransactionBlock; }
};

enum class ConstraintKind
{
	Unique,
	PrimaryKey,
	Exclusion,
	ForeignKey,
	Check,
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
	 * Partitions (RelationTree indexes, leaf or partitioned) that already
	 * hold an equivalent, validated foreign key of their own: adding the key
	 * to the partitioned table adopts it there instead of validating again,
	 * and nothing below such a partition is read.
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

	/* CHECK */
	bool notValid = false;                 /* NOT VALID written */
	bool noInherit = false;                /* NO INHERIT */
	std::vector<std::string> checkColumns; /* the columns the expression names, each once */
	TextSpan checkBody;                    /* from CHECK to the end of the subcommand */
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
	Generated,         /* GENERATED ALWAYS AS (...) STORED: computed per row, a rewrite */
	Virtual,           /* PostgreSQL 18: GENERATED ALWAYS AS (...) [VIRTUAL]: computed when read, nothing written */
	DomainDefault      /* no DEFAULT clause, but a domain type with a DEFAULT of its own */
};

/*
 * Why ADD COLUMN rewrites the table, as ATExecAddColumn decides it: the
 * value existing rows get is not one constant stored once, but computed
 * per row (a volatile DEFAULT, a sequence, a generation expression), or
 * checked per row (a domain with constraints, even for a null).
 */
enum class ColumnRewrite
{
	None,
	VolatileDefault,       /* a DEFAULT with a volatile function */
	Serial,                /* serial types: nextval() */
	Identity,              /* GENERATED ... AS IDENTITY */
	Generated,             /* GENERATED ALWAYS AS (...) STORED */
	DomainConstraints,     /* a domain type with NOT NULL or CHECK constraints */
	VolatileDomainDefault, /* no DEFAULT clause, but the domain's own DEFAULT is volatile */
	Unknown                /* a DEFAULT whose volatility pgsafe cannot tell: not flagged */
};

struct ColumnFacts
{
	std::string name;
	bool skipped = false; /* ADD COLUMN IF NOT EXISTS of an existing column */
	ColumnFill fill = ColumnFill::None;
	ColumnRewrite rewrite = ColumnRewrite::None;
	bool notNull = false;       /* NOT NULL written, or implied (serial, identity) */
	std::string serialBaseType; /* "integer" for serial, ... */
	QualifiedName domain;       /* DomainDefault: the domain */
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
	SetNotNull,         /* ALTER COLUMN ... SET NOT NULL; the column is in column.name */
	Other,
	AlterColumnType, /* ALTER COLUMN ... TYPE; the column is in column.name, the rest in alterType */
	SetPersistence,  /* SET LOGGED, SET UNLOGGED; the rest in storage */
	SetTablespace,   /* SET TABLESPACE; the rest in storage */
	SetAccessMethod, /* SET ACCESS METHOD; the rest in storage */
	SetExpression, /* PostgreSQL 17: ALTER COLUMN ... SET EXPRESSION; the column in column.name, the rest in generated */
	EnforceConstraint /* PostgreSQL 18: ALTER CONSTRAINT name ENFORCED; the name in constraint.name, the rest in enforce */
};

/* What VALIDATE CONSTRAINT finds in pg_constraint. */
enum class ValidatedKind
{
	Missing, /* no such constraint on the table: PostgreSQL raises an error */
	Check,
	ForeignKey,
	Other /* a kind PostgreSQL refuses to validate, or one this version does not know */
};

struct ValidateFacts
{
	ValidatedKind kind = ValidatedKind::Missing;
	bool noInherit = false; /* a NO INHERIT check: validated on the table alone */

	/*
	 * RelationTree indexes where the constraint exists and is not yet
	 * validated; empty when it is valid already, or when an earlier VALIDATE
	 * of the same statement validates it first.
	 */
	std::vector<int> notValidIn;

	/* a foreign key's referenced table, which the validation reads too, and the lock held on it */
	QualifiedName referenced;
	LockMode referencedHeldLock = LockMode::None;
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

/* An index ALTER COLUMN ... TYPE builds again although the table is not rewritten. */
struct RebuiltIndex
{
	int relation = 0;        /* in RelationTree::relations */
	std::string name;        /* in that relation's schema */
	std::string definition;  /* pg_get_indexdef(), as PostgreSQL builds it again */
	bool constraint = false; /* the index of a UNIQUE, PRIMARY KEY or EXCLUDE constraint */
};

/* A validated CHECK constraint ALTER COLUMN ... TYPE adds again, reading every row to validate it. */
struct RevalidatedCheck
{
	int relation = 0;
	std::string name;
	std::string definition; /* pg_get_constraintdef(): "CHECK (...)" */
};

/* What ALTER COLUMN ... TYPE does, decided as PostgreSQL decides it (tablecmds.c). */
enum class TypeChange
{
	Unknown, /* PostgreSQL refuses it, or pgsafe cannot tell exactly: nothing to say */
	InPlace, /* no rewrite: binary coercible, typmod widened, an unconstrained domain */
	Rewrite, /* the table and all its indexes are written anew */
	TimeZone /* timestamp <-> timestamptz: a rewrite only because the session's TimeZone is not UTC */
};

struct AlterTypeFacts
{
	TypeChange change = TypeChange::Unknown;
	std::string oldType;                  /* format_type(): "character varying(20)" */
	std::string newType;                  /* the type as PostgreSQL will store it, with COLLATE if one is given */
	TextSpan typeClause;                  /* from the type name to the end of the subcommand: "varchar(10) USING ..." */
	bool hasUsing = false;                /* USING is written */
	TextSpan usingExpression;             /* the USING expression */
	bool notNull = false;                 /* the column is NOT NULL */
	std::string defaultExpression;        /* pg_get_expr() of its DEFAULT; empty without one */
	int narrowedLength = -1;              /* varchar(n) narrowed to varchar(m) without USING: m, a CHECK can do it */
	std::vector<RebuiltIndex> indexes;    /* without a rewrite: indexes built again */
	std::vector<RevalidatedCheck> checks; /* without a rewrite: CHECK constraints validated again */
	std::vector<std::string> dependents;  /* indexes and constraints on the column, for the swap */
	bool primaryKey = false;   /* in a primary key or a foreign key, or an identity: the swap does not apply */
	std::string ownedSequence; /* a serial column's sequence, in the table's schema */
};

/*
 * SET LOGGED, SET UNLOGGED, SET TABLESPACE, SET ACCESS METHOD: whether
 * PostgreSQL writes the table anew, decided by the adapter as tablecmds.c
 * decides it (ATPrepChangePersistence, CheckRelationTableSpaceMove,
 * ATPrepSetAccessMethod), and what the advice needs.  None recurses.
 */
struct StorageChangeFacts
{
	bool changes = false;   /* not a no-op: the relation gets a new relfilenode */
	bool toLogged = false;  /* SET LOGGED */
	std::string target;     /* the tablespace or access method it moves to, resolved (DEFAULT: the default's name) */
	std::string current;    /* the one it is in now */
	bool repackKey = false; /* a primary key, or a valid unique index without a predicate on NOT NULL columns */
	bool repackInstalled = false; /* extension pg_repack is created in the database */
	std::string database;         /* the current database, for pg_repack --dbname */

	/*
	 * ALTER INDEX ... SET TABLESPACE: the index is copied (relations[0] is
	 * its table, whose queries it blocks).
	 */
	bool index = false;
	std::string indexName;        /* in the table's schema */
	std::uint64_t indexBytes = 0; /* main fork */
	bool indexSizeKnown = true;   /* false: reading it would have waited for a lock */
	bool exclusionIndex = false;  /* an exclusion constraint's: REINDEX CONCURRENTLY refuses it */
};

/*
 * ALTER COLUMN ... SET EXPRESSION AS (...) (PostgreSQL 17): what the column
 * is, read from pg_attribute as ATExecSetExpression() decides it.  A STORED
 * column is computed again into a new copy of the table; a VIRTUAL one
 * (18) only has its expression replaced.
 */
struct SetExpressionFacts
{
	bool stored = false;                 /* a STORED generated column: the table is rewritten */
	std::string type;                    /* format_type() of the column, for the new column of the advice */
	bool notNull = false;                /* the column is NOT NULL */
	TextSpan expression;                 /* "(...)" after AS, parentheses included */
	std::vector<std::string> dependents; /* indexes and constraints on the column, which DROP COLUMN drops */
	bool unswappable = false; /* a key, or a view, trigger or policy on the column: no new column can replace it */
};

/*
 * ALTER CONSTRAINT name ENFORCED (PostgreSQL 18), as
 * ATExecAlterConstrEnforceability() decides it: a NOT ENFORCED foreign key
 * of the table gets its triggers and every row of every leaf is validated.
 */
struct EnforceConstraintFacts
{
	bool validates = false;    /* a NOT ENFORCED foreign key made ENFORCED */
	std::string definition;    /* pg_get_constraintdef() without NOT ENFORCED: "FOREIGN KEY (a) REFERENCES p(id)" */
	QualifiedName referenced;  /* the referenced table, which is read too */
	bool otherChanges = false; /* the subcommand changes deferrability or inheritability too */
};

struct SubcommandFacts
{
	SubcommandKind kind = SubcommandKind::Other;
	SubcommandPhase phase = SubcommandPhase::Other;
	TextSpan span;
	ConstraintFacts constraint;     /* AddConstraint; for ValidateConstraint, its name */
	ColumnFacts column;             /* AddColumn */
	ValidateFacts validate;         /* ValidateConstraint */
	AlterTypeFacts alterType;       /* AlterColumnType */
	StorageChangeFacts storage;     /* SetPersistence, SetTablespace, SetAccessMethod */
	SetExpressionFacts generated;   /* SetExpression */
	EnforceConstraintFacts enforce; /* EnforceConstraint */
};

struct AlterTableFacts
{
	bool only = false;                         /* ALTER TABLE ONLY: no recursion */
	LockMode lock = LockMode::AccessExclusive; /* what PostgreSQL takes on the table */
	/*
	 * The strongest lock this transaction already holds on the table or on
	 * a partitioned table or inheritance parent above it (writes routed
	 * through the parent wait for that too), and where it is held: empty for
	 * the table itself.
	 */
	LockMode heldLock = LockMode::None;
	QualifiedName heldLockOn;
	std::vector<SubcommandFacts> subcommands;
};

struct CreateIndexFacts
{
	std::optional<std::string> name;
	bool unique = false;
	bool only = false; /* CREATE INDEX ... ON ONLY */
	bool ifNotExists = false;
	std::vector<std::string> columnNames; /* per key and INCLUDE column, for the default name */
	std::vector<std::string> keyColumns;  /* the key columns that are plain columns (not INCLUDE, not expressions) */
	TextSpan definition;                  /* from USING or '(' to the end: columns, INCLUDE, WITH, WHERE ... */
};

/*
 * An index of the partitioned table that the table being attached lacks:
 * ATTACH PARTITION builds it there (and, for a partitioned table being
 * attached, in each of its partitions that lacks it) under ACCESS EXCLUSIVE.
 */
struct MissingIndex
{
	QualifiedName parentIndex;
	bool unique = false;
	bool primary = false;
	bool constraint = false;              /* the parent's index belongs to a constraint */
	std::vector<std::string> columnNames; /* the index's column names, for the default name */
	std::string definition;               /* "USING btree (a) INCLUDE (b) WHERE ...", as pg_get_indexdef() says */
	std::vector<int> buildIn;             /* RelationTree indexes of the tables where it is built */
};

/*
 * ALTER TABLE parent ATTACH PARTITION: the RelationTree is the table being
 * attached (and its partitions), which is what PostgreSQL locks and builds
 * indexes on; the parent takes only SHARE UPDATE EXCLUSIVE.
 */
/*
 * What PostgreSQL reads of one relation to check a partition constraint:
 * the leaves (RelationTree indexes) its constraints do not prove the
 * constraint for, as QueuePartitionConstraintValidation() and
 * check_default_partition_contents() decide it.
 */
struct PartitionScan
{
	bool checked = false;     /* PostgreSQL checks this relation at all */
	std::vector<int> scanned; /* the leaves it reads */
	/*
	 * pgsafe could not ask PostgreSQL's proof without running code it must
	 * not run (a partition key expression, a type or operator family that is
	 * not built in, a user function in a CHECK constraint), or without
	 * waiting for a lock: every leaf is taken as read.
	 */
	bool unprovable = false;
	/* the constraint to prove, as PostgreSQL builds it, as SQL in the relation's column names; empty if unknown */
	std::string constraint;
};

/*
 * ALTER TABLE parent ATTACH PARTITION: the RelationTree is the table being
 * attached (and its partitions), which is what PostgreSQL locks and builds
 * indexes on; the parent takes only SHARE UPDATE EXCLUSIVE.  The parent's
 * DEFAULT partition, if it has one other than the table, follows as a
 * second root (defaultPartition) with its own partitions.
 */
struct AttachPartitionFacts
{
	QualifiedName parent;
	std::vector<MissingIndex> missingIndexes;
	PartitionScan attached;    /* the new partition's constraint, checked on the table being attached */
	int defaultPartition = -1; /* RelationTree index of the parent's DEFAULT partition, or -1 */
	PartitionScan defaultScan; /* the DEFAULT partition's new constraint: no row of the new bound */
	/*
	 * CREATE TABLE ... PARTITION OF, read as an attach of a new, empty table:
	 * the tree is the DEFAULT partition alone (defaultPartition 0).
	 */
	bool create = false;
	QualifiedName partition; /* CREATE: the new table, as written (the schema may be empty) */
};

/* What a REINDEX names. */
enum class ReindexTarget
{
	Index,
	Table,
	Schema,
	Database,
	System
};

/*
 * REINDEX without CONCURRENTLY.  For INDEX and TABLE the RelationTree is
 * the table (and its partitions); for SCHEMA, DATABASE and SYSTEM,
 * relations[0] stands for the schema or database (local, so never counted)
 * and the tables it reindexes follow as its children.
 */
struct ReindexFacts
{
	ReindexTarget target = ReindexTarget::Table;
	QualifiedName index;                   /* INDEX: the index */
	std::string objectName;                /* SCHEMA, DATABASE, SYSTEM: the schema or database */
	bool verbose = false;                  /* (VERBOSE) */
	std::optional<std::string> tablespace; /* (TABLESPACE name) */
	/* it reindexes system catalogs, which CONCURRENTLY refuses (INDEX, TABLE, SCHEMA, SYSTEM) or skips (DATABASE) */
	bool systemCatalogs = false;
	bool exclusionIndex = false; /* INDEX: an exclusion constraint's, which CONCURRENTLY refuses */
	/* TABLE: invalid and exclusion constraint indexes, which CONCURRENTLY skips (the first few), and how many */
	std::vector<QualifiedName> skippedConcurrently;
	std::size_t skippedCount = 0;
};

/*
 * REFRESH MATERIALIZED VIEW without CONCURRENTLY or WITH NO DATA.  The
 * RelationTree is the materialized view alone.
 */
struct RefreshFacts
{
	bool populated = true; /* pg_class.relispopulated: CONCURRENTLY is refused on a view that is not */
	/* a unique index REFRESH ... CONCURRENTLY can use (matview.c, is_usable_unique_index()), if any */
	std::optional<QualifiedName> usableIndex;
	/* unique indexes it cannot use (a predicate, an expression, not valid, deferrable, not btree): the first */
	std::optional<QualifiedName> unusableIndex;
	std::vector<std::string> columns; /* the view's columns, for the index the advice asks for */
};

/* What an ALTER DOMAIN pgsafe reads does to the columns of the domain. */
enum class DomainChange
{
	AddCheck,   /* ADD [CONSTRAINT name] CHECK (...) without NOT VALID */
	SetNotNull, /* SET NOT NULL; from 17 also ADD [CONSTRAINT name] NOT NULL */
	Validate    /* VALIDATE CONSTRAINT name */
};

/* A relation of the tree (an index into RelationTree::relations) and its columns of the domain. */
struct DomainColumns
{
	int relation = 0;
	std::vector<std::string> columns;
};

/*
 * ALTER DOMAIN that reads every column of the domain, and of the domains
 * over it, in every table and materialized view (typecmds.c,
 * get_rels_with_domain()).  relations[0] stands for the domain (local, so
 * never counted); the tables it reads follow as its children.
 */
struct AlterDomainFacts
{
	QualifiedName domain;
	DomainChange change = DomainChange::AddCheck;
	std::optional<std::string> constraintName; /* as written: ADD CONSTRAINT name, VALIDATE CONSTRAINT name */
	bool notNullConstraint = false;            /* SetNotNull written as ADD [CONSTRAINT name] NOT NULL (17) */
	bool alreadyValid = false;                 /* Validate: the constraint is validated already */
	TextSpan checkBody;                        /* AddCheck: from CHECK to the end of the statement */
	std::vector<DomainColumns> columns;        /* the columns of the domain, per relation read */
};

/*
 * VACUUM FULL and CLUSTER: the tables they rewrite.  relations[0] stands
 * for the statement (local, so never counted); each table it names follows
 * as a child of it, and a partitioned table's partitions under that table.
 * Without a table list, the tables the role may vacuum, or the clustered
 * tables it may cluster, follow as children of relations[0].
 */
struct RewriteFacts
{
	bool allTables = false;       /* no table list: the whole database */
	std::string database;         /* the current database, for pg_repack --dbname */
	bool repackInstalled = false; /* the pg_repack extension is in this database */
	std::vector<int> named;       /* the relations the statement names, in its order */
	std::vector<bool> repackable; /* parallel to the relations: pg_repack can rewrite it */
	std::vector<bool> missingKey; /* parallel: a plain table pg_repack refuses for want of a key */
	/* CLUSTER of one table: the index it orders by (USING, or the one marked clustered) */
	std::optional<QualifiedName> index;
	bool indexNamed = false;     /* CLUSTER ... USING index */
	bool indexClustered = false; /* the index is already the table's clustered index */
	bool indexBtree = true;      /* pg_repack only orders by a btree index */
	std::string orderBy;         /* the index's key as an ORDER BY list; empty: not expressible */
};

enum class StatementKind
{
	AlterTable,
	CreateIndex,
	AttachPartition,
	Reindex,
	RefreshMaterializedView,
	AlterDomain,
	VacuumFull,
	Cluster
};

struct StatementFacts
{
	StatementKind kind = StatementKind::AlterTable;
	std::string text;
	SessionFacts session;
	RelationTree table;
	AlterTableFacts alterTable;
	CreateIndexFacts createIndex;
	AttachPartitionFacts attachPartition;
	ReindexFacts reindex;
	RefreshFacts refresh;
	AlterDomainFacts alterDomain;
	RewriteFacts rewrite; /* VacuumFull, Cluster */

	std::string slice(const TextSpan &span) const;
};

} /* namespace pgsafe */
