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

#include "adapter/prelude.hpp"
#include "core/model.hpp"

namespace pgsafe {

/*
 * Could this statement be flagged at all?  A cheap look at the node alone,
 * made for every utility statement; it allocates nothing and cannot fail.
 */
bool isCandidate(const Node *parsetree) noexcept;

class StatementReader
{
public:
	StatementReader(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context);

	/*
	 * Everything the rules need, from the parse tree and the catalog.  False
	 * when pgsafe has nothing to say: the relation is missing, is of a kind
	 * pgsafe does not inspect, or belongs to someone else (PostgreSQL will
	 * refuse the statement with its own error).
	 */
	bool readCatalog(StatementFacts &facts);

	/* The text spans the advice quotes; only needed once something is flagged. */
	void readText(StatementFacts &facts);

private:
	void readAlterTable(StatementFacts &facts, const AlterTableStmt *stmt);
	void readCreateIndex(StatementFacts &facts, const IndexStmt *stmt);
	void readTree(StatementFacts &facts, const std::vector<std::string> &columns, bool recurse);
	void readAdoptableForeignKeys(StatementFacts &facts, const AlterTableStmt *stmt);
	ConstraintFacts readConstraint(const Constraint *c);
	ColumnFacts readColumn(const AlterTableCmd *cmd);
	void readColumnText(const class SqlText &sql, const ColumnDef *def, SubcommandFacts &sub);
	TextSpan spanFrom(const SqlText &sql, int location, const std::vector<std::size_t> &boundaries) const;
	std::size_t relative(int location) const;

	const PlannedStmt *pstmt_;
	const char *queryString_;
	ProcessUtilityContext context_;
	Oid relid_ = InvalidOid;
	std::vector<Oid> relids_; /* parallel to RelationTree::relations */
	std::size_t base_ = 0;
};

} /* namespace pgsafe */
