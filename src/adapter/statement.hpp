/*-------------------------------------------------------------------------
 *
 * statement.hpp
 *		Turn a utility statement's parse tree and catalog state into facts.
 *
 * The parse tree is the raw grammar output PostgreSQL hands the hook; it is
 * only read, never modified (it may live in a plan cache).
 *
 * IDENTIFICATION
 *	  src/adapter/statement.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapter/catalog.hpp"
#include "adapter/prelude.hpp"
#include "core/model.hpp"

namespace pgsafe {

/*
 * Could this statement be flagged at all?  A cheap look at the node alone,
 * made for every utility statement; it allocates nothing and cannot fail.
 */
bool isCandidate(const Node *parsetree) noexcept;

/* The relation a statement pgsafe reads names, if it names one (not REINDEX SCHEMA or DATABASE). */
const RangeVar *statementRelation(const Node *parsetree) noexcept;

/*
 * Constraints a script adds NOT VALID before it validates them, which the
 * catalog does not have yet: by table and name.
 */
using ScriptConstraints = std::map<std::pair<Oid, std::string>, ConstraintState>;

/*
 * For a script: what its earlier statements, and the earlier scripts of the
 * run, did to relation names that the catalog does not show yet.  The
 * linter answers, resolving a name as PostgreSQL will when the statement
 * runs.
 */
class ScriptRelations
{
public:
	struct Table
	{
		bool created = false; /* the name means a table the scripts created */
		bool temporary = false;
		QualifiedName name; /* schema-qualified, for the advice */
	};

	/* The table rv names, if the scripts created it. */
	virtual Table createdTable(const RangeVar *rv) const = 0;

	/*
	 * Is name taken in the schema of relation relid?  true or false when the
	 * scripts created or dropped a relation of that name there; nullopt when
	 * they did neither, and the catalog says.
	 */
	virtual std::optional<bool> nameTaken(Oid relid, const std::string &name) const = 0;

protected:
	~ScriptRelations() = default;
};

/*
 * Who reads the statement.  The hook reads it just before it runs, in the
 * session that runs it.  pgsafe.check() reads a statement of a script that
 * has not run: the session it will run in is described by the script (a
 * transaction block or not), and the reader need not own the tables, only
 * be able to see them.
 */
struct ReadPolicy
{
	bool script = false;
	/*
	 * Will the statement run in a transaction block?  For the hook, read
	 * before the inspection's own subtransaction, in which it would always
	 * be true.
	 */
	bool inTransactionBlock = false;
	/* for a script: the locks its earlier statements hold, and the constraints they added */
	const std::map<Oid, LockMode> *heldLocks = nullptr;
	const ScriptConstraints *constraints = nullptr;
	/* for a script: the relations its earlier statements created or dropped */
	const ScriptRelations *relations = nullptr;
};
static_assert(std::is_trivially_destructible_v<ReadPolicy>, "held across ereport(ERROR) in the hook");

enum class CatalogRead
{
	Facts,   /* the facts are read */
	Nothing, /* pgsafe has nothing to say about this statement */
	Unknown  /* its relation is missing, or not visible to the reader */
};

class StatementReader
{
public:
	StatementReader(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context,
					ReadPolicy policy = ReadPolicy{});

	/*
	 * Everything the rules need, from the parse tree and the catalog.  For
	 * the hook, a relation that is missing, of a kind pgsafe does not inspect
	 * or owned by someone else means nothing to say: PostgreSQL refuses the
	 * statement with its own error.
	 */
	CatalogRead readCatalog(StatementFacts &facts);

	/* The text spans the advice quotes; only needed once something is flagged. */
	void readText(StatementFacts &facts);

private:
	/* what pgsafe does with one kind of statement (statement.cpp, kStatementOps) */
	struct Ops;
	friend bool isCandidate(const Node *parsetree) noexcept;
	static const Ops *opsFor(const Node *node) noexcept;

	CatalogRead readOnce(StatementFacts &facts);
	/* ALTER TABLE and CREATE INDEX (statement.cpp) */
	CatalogRead readRelationStatement(StatementFacts &facts);
	void readRelationStatementText(StatementFacts &facts);
	/* REINDEX (read_maintenance.cpp) */
	CatalogRead readReindex(StatementFacts &facts);
	CatalogRead readReindexTables(StatementFacts &facts, const ReindexStmt *stmt);
	/* REFRESH MATERIALIZED VIEW (read_maintenance.cpp) */
	CatalogRead readRefresh(StatementFacts &facts);
	/* ALTER DOMAIN (read_domain.cpp) */
	CatalogRead readAlterDomain(StatementFacts &facts);
	void readAlterDomainText(StatementFacts &facts);
	/* VACUUM FULL and CLUSTER (read_maintenance.cpp) */
	CatalogRead readVacuum(StatementFacts &facts);
	CatalogRead readCluster(StatementFacts &facts);
	void beginRewrite(StatementFacts &facts);
	void addRewritten(StatementFacts &facts, Oid relid, bool named, bool vacuum);
	Oid resolve(const RangeVar *rv);
	void readSession(StatementFacts &facts);
	void readAlterTable(StatementFacts &facts, const AlterTableStmt *stmt);
	void readAlterIndex(StatementFacts &facts, const AlterTableStmt *stmt);
	void readCreateIndex(StatementFacts &facts, const IndexStmt *stmt);
	std::unordered_map<Oid, int> treeIndexOf() const;
	CatalogRead readAttachPartition(StatementFacts &facts, const PartitionCmd *attach, CatalogRead unseen);
	CatalogRead readCreatePartition(StatementFacts &facts);
	void readPartitionScans(StatementFacts &facts, Oid parent, Oid attached, const PartitionBoundSpec *bound,
							bool attachedFilled);
	int appendTree(StatementFacts &facts, Oid root);
	void readTree(StatementFacts &facts, Oid root, const std::vector<std::string> &columns, bool recurse,
				  bool inheritanceChildren);
	/* a constraint a VALIDATE CONSTRAINT subcommand validates */
	struct Validation
	{
		std::size_t subcommand;
		ConstraintState state;
		bool notInCatalog; /* added by the statement, or for a script by an earlier statement */
	};
	LockMode heldLockOn(Oid relid) const;
	std::vector<Validation> readValidationTargets(StatementFacts &facts, const AlterTableStmt *stmt);
	bool validationUnderHeldLock(const StatementFacts &facts, const std::vector<Validation> &validations,
								 bool recurse) const;
	void readValidations(StatementFacts &facts, const std::vector<Validation> &validations);
	void readAdoptableForeignKeys(StatementFacts &facts, const AlterTableStmt *stmt);
	ConstraintFacts readConstraint(const Constraint *c);
	ColumnFacts readColumn(const AlterTableCmd *cmd);
	void readColumnText(const class SqlText &sql, const ColumnDef *def, SubcommandFacts &sub);
	TextSpan spanFrom(const SqlText &sql, int location, const std::vector<std::size_t> &boundaries) const;
	std::size_t relative(int location) const;

	const PlannedStmt *pstmt_;
	const char *queryString_;
	ProcessUtilityContext context_;
	ReadPolicy policy_;
	Oid relid_ = InvalidOid;
	std::vector<Oid> relids_;                                /* parallel to RelationTree::relations */
	std::vector<Oid> indexOids_;                             /* parallel to AttachPartitionFacts::missingIndexes */
	std::vector<std::pair<const RangeVar *, Oid>> resolved_; /* every name read, and what it meant */
	std::size_t base_ = 0;
};

} /* namespace pgsafe */
