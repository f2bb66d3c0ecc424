/*-------------------------------------------------------------------------
 *
 * catalog.hpp
 *		What pgsafe reads from the catalog, without waiting for any lock.
 *
 * Every function here is safe to call from C++ code: PostgreSQL is only
 * entered through pgCall(), so an ERROR arrives as a PgError exception.
 *
 * IDENTIFICATION
 *	  src/adapter/catalog.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapter/prelude.hpp"
#include "core/catalog_oracle.hpp"
#include "core/model.hpp"

namespace pgsafe {

/*
 * The relation a name resolves to, like PostgreSQL will resolve it, but
 * without locking it.  InvalidOid when it does not exist or when looking it
 * up would itself raise an error (a schema the user may not use, a
 * cross-database reference): PostgreSQL then reports that itself.
 */
Oid lookupRelation(const RangeVar *rv);

bool currentUserOwns(Oid relid);
bool currentUserMayCreateIndex(Oid relid);
bool currentUserMayReference(Oid relid);

/* USAGE on its schema and some privilege on the relation or its columns. */
bool currentUserMaySee(Oid relid);

/*
 * Catalog facts about one relation, reading its size only if a conditional
 * ACCESS SHARE lock is granted at once (and released at once).  columns
 * are the columns whose NOT NULL status the rules need.  False if the
 * relation disappeared meanwhile.
 */
bool readRelation(Oid relid, const std::vector<std::string> &columns, RelationFacts &facts);

/*
 * A system catalog (or a TOAST table), which ALTER TABLE and CREATE INDEX
 * refuse unless allow_system_table_mods is on.
 */
bool isSystemCatalog(Oid relid);

/* The table of an index and whether it is an exclusion constraint's; InvalidOid if it is gone. */
Oid indexedTable(Oid index, bool &exclusion);

/* relkind and whether it has inheritance children or partitions. */
char relationKind(Oid relid);
/* pg_class.relkind as the facts name it */
RelationKind toRelationKind(char relkind);
bool relationHasChildren(Oid relid);

/* schema.name of a relation, for display and for the advice. */
QualifiedName relationName(Oid relid);

struct Descendant
{
	Oid relid;
	int parent; /* index in the result; -1 for the first (the relation itself) */
};

/*
 * C-style, for use inside pgCall(): the OIDs in column valueColumn of the
 * rows of a catalog whose OID column keyColumn equals key, read through the
 * catalog's index on keyColumn; palloc'd.
 */
struct OidArray
{
	Oid *oids;
	int count;
};
OidArray scan_catalog_oids(Oid catalog, Oid index, AttrNumber keyColumn, Oid key, AttrNumber valueColumn);

/* The direct partitions or inheritance children of a relation. */
std::vector<Oid> childrenOf(Oid relid);

/* The partitioned tables or inheritance parents above a relation, nearest first. */
std::vector<Oid> ancestors(Oid relid);

/* The relation and every partition or inheritance child below it, parents first. */
std::vector<Descendant> descendants(Oid relid);

/* What a foreign key looks like in pg_constraint, to find an equivalent one. */
struct ForeignKeyShape
{
	Oid referenced;
	std::vector<std::string> columns;          /* referencing columns, by name */
	std::vector<AttrNumber> referencedColumns; /* of the referenced table: referencedKey() */
	char updateAction;
	char deleteAction;
	char matchType;
	bool deferrable;
	bool initiallyDeferred;
};

/* The referenced table's columns of a foreign key: the named ones, or its primary key's; empty if none. */
std::vector<AttrNumber> referencedKey(Oid referenced, const std::vector<std::string> &columns);

/*
 * Does relid hold a validated foreign key of this shape, with no parent, that
 * PostgreSQL would adopt when the key is added to its partitioned table
 * (tryAttachPartitionForeignKey) instead of creating and validating one?
 */
bool hasAdoptableForeignKey(Oid relid, const ForeignKeyShape &shape);

/* The key columns of index indexName in the schema of table relid; empty if not found. */
std::vector<std::string> indexKeyColumns(Oid relid, const std::string &indexName);

bool columnExists(Oid relid, const std::string &column);
bool relationExistsInSchemaOf(Oid relid, const std::string &name);

/* The running server's server_version_num. */
int serverVersionNum();

/* AlterTableGetLockLevel() on the raw subcommands. */
LockMode alterTableLockLevel(List *cmds);
LockMode toLockMode(LOCKMODE mode);

/* The strongest lock this transaction holds on the relation; None if none.  Never waits. */
LockMode strongestLockHeld(Oid relid);

/* A constraint of a table, found by name as VALIDATE CONSTRAINT finds it. */
struct ConstraintState
{
	bool exists;
	char type; /* pg_constraint.contype */
	bool validated;
	bool noInherit;
	Oid referenced; /* a foreign key's referenced table */
};
ConstraintState constraintState(Oid relid, const std::string &name);

/*
 * The domain a column's type names, when it has a DEFAULT of its own: what
 * ADD COLUMN gives existing rows without a DEFAULT clause.
 */
std::optional<QualifiedName> domainWithDefault(const TypeName *type);

/* Is a raw DEFAULT expression surely non-volatile?  Unknown counts as volatile. */
bool defaultIsStable(Node *rawExpr);

/* What contain_volatile_functions() will say of a raw DEFAULT once PostgreSQL cooks it. */
enum class DefaultVolatility
{
	NotVolatile,
	Volatile,
	Unknown /* pgsafe cannot tell without analysing the expression */
};
DefaultVolatility defaultVolatility(Node *rawExpr);

/*
 * The type a name means, looked up as PostgreSQL will but quietly:
 * InvalidOid where PostgreSQL would raise an error (missing, a schema the
 * user may not use, another database).
 */
Oid lookupTypeQuietly(const TypeName *type);

/* The domain a column's type names: constrained (at any level), and its DEFAULT. */
struct DomainFacts
{
	bool isDomain;
	bool constrained;
	bool hasDefault;
	bool defaultVolatile;
};
DomainFacts domainFacts(const TypeName *type);

/* defGetString() of a WITH (...) option. */
std::string optionValue(DefElem *option);

/* The name PostgreSQL gives an index column: the column, FigureIndexColname() or "expr". */
std::string indexColumnName(IndexElem *elem);

/* Answers the advice's catalog questions from the live catalog. */
class LiveCatalog : public CatalogOracle
{
public:
	bool isQuotedKeyword(const std::string &word) const override;
	bool relationExists(const std::string &schema, const std::string &name) const override;
	bool constraintExists(const std::string &schema, const std::string &name) const override;
	std::size_t clipLength(const std::string &text, std::size_t limit) const override;
};

} /* namespace pgsafe */
