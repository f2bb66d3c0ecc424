/*-------------------------------------------------------------------------
 *
 * statement.cpp
 *		Send each kind of statement pgsafe reads to its reader, decide
 *		cheaply whether a rule could flag it, and read CREATE INDEX and the
 *		ALTER TABLE statement as a whole.
 *
 * kStatementOps is the one table of the statement kinds pgsafe reads; the
 * rest of StatementReader is defined by concern beside this file:
 * read_alter_table.cpp (subcommands, constraints, columns),
 * read_partition.cpp (partition trees, ATTACH and PARTITION OF, partition
 * scans), read_validation.cpp (VALIDATE CONSTRAINT and the locks already
 * held), statement_text.cpp (the text spans the advice quotes), and
 * read_maintenance.cpp, read_domain.cpp, read_storage.cpp.
 *
 * IDENTIFICATION
 *	  src/adapter/statement.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/statement.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "adapter/alter_type.hpp"
#include "adapter/catalog.hpp"
#include "adapter/hook.hpp"
#include "adapter/partition_indexes.hpp"
#include "adapter/partition_scan.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/read_constraint_enforce.hpp"
#include "adapter/read_domain.hpp"
#include "adapter/read_maintenance.hpp"
#include "adapter/read_set_expression.hpp"
#include "adapter/read_storage.hpp"
#include "adapter/settings.hpp"
#include "adapter/sqltext.hpp"
#include "adapter/statement_detail.hpp"
#include "core/rules/behaviour.hpp"

namespace pgsafe {

/* Could a build on any relation of the tree block anyone: one that is neither new nor empty? */
bool
anyFilled(const RelationTree &tree)
{
	for (const RelationFacts &relation : tree.relations)
		if (!relation.local && (relation.bytes > 0 || !relation.sizeKnown))
			return true;
	return false;
}

/* Every subcommand is VALIDATE CONSTRAINT. */
bool
validatesOnly(const AlterTableStmt *stmt)
{
	const ListCell *lc;
	foreach (lc, stmt->cmds)
		if (((const AlterTableCmd *) lfirst(lc))->subtype != AT_ValidateConstraint)
			return false;
	return true;
}

/* The constraint kinds the rule catalogue keys on, from the raw node. */
ConstraintKind
constraintKindOf(const Constraint *c) noexcept
{
	switch (c->contype)
	{
		case CONSTR_UNIQUE:
			return ConstraintKind::Unique;
		case CONSTR_PRIMARY:
			return ConstraintKind::PrimaryKey;
		case CONSTR_EXCLUSION:
			return ConstraintKind::Exclusion;
		case CONSTR_FOREIGN:
			return ConstraintKind::ForeignKey;
		case CONSTR_CHECK:
			return ConstraintKind::Check;
		default:
			return ConstraintKind::Other;
	}
}

/* The subcommand kinds the rule catalogue keys on; Other for the rest. */
SubcommandKind
subcommandKindOf(const AlterTableCmd *cmd) noexcept
{
	switch (cmd->subtype)
	{
		case AT_AddConstraint:
			return cmd->def && IsA(cmd->def, Constraint) ? SubcommandKind::AddConstraint : SubcommandKind::Other;
		case AT_AddColumn:
			return cmd->def && IsA(cmd->def, ColumnDef) ? SubcommandKind::AddColumn : SubcommandKind::Other;
		case AT_ValidateConstraint:
			return cmd->name ? SubcommandKind::ValidateConstraint : SubcommandKind::Other;
		case AT_SetNotNull:
			return cmd->name ? SubcommandKind::SetNotNull : SubcommandKind::Other;
		case AT_AlterColumnType:
			return cmd->name && cmd->def && IsA(cmd->def, ColumnDef) && ((const ColumnDef *) cmd->def)->typeName
					   ? SubcommandKind::AlterColumnType
					   : SubcommandKind::Other;
		case AT_SetLogged:
		case AT_SetUnLogged:
			return SubcommandKind::SetPersistence;
		case AT_SetTableSpace:
			return cmd->name ? SubcommandKind::SetTablespace : SubcommandKind::Other;
		case AT_SetAccessMethod:
			/* no name: SET ACCESS METHOD DEFAULT (PostgreSQL 17) */
			return SubcommandKind::SetAccessMethod;
		default:
			if (PGSAFE_IS_SET_EXPRESSION(cmd) && cmd->name)
				return SubcommandKind::SetExpression;
			return enforcedConstraintName(cmd) ? SubcommandKind::EnforceConstraint : SubcommandKind::Other;
	}
}

/*
 * CREATE TABLE ... PARTITION OF reads the parent's DEFAULT partition, if it
 * has one: only the catalog can tell, so every CREATE TABLE with a bound
 * is a candidate, and a plain CREATE TABLE never is.
 */
bool
createPartitionIsCandidate(const Node *node) noexcept
{
	const CreateStmt *stmt = (const CreateStmt *) node;
	return stmt->partbound != nullptr && !stmt->partbound->is_default && list_length(stmt->inhRelations) == 1 &&
		   stmt->relation != nullptr && rulesLookAt(StatementKind::AttachPartition);
}

namespace {

/* Does the statement build an index (and so need CREATE on the table's schema)? */
bool
buildsIndex(const Node *node)
{
	const ListCell *lc;

	if (IsA(node, IndexStmt))
		return true;
	auto indexConstraint = [](const Constraint *c) {
		return (c->contype == CONSTR_UNIQUE || c->contype == CONSTR_PRIMARY || c->contype == CONSTR_EXCLUSION) &&
			   c->indexname == nullptr;
	};

	foreach (lc, ((const AlterTableStmt *) node)->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);

		if (cmd->subtype == AT_AddConstraint && cmd->def && IsA(cmd->def, Constraint) &&
			indexConstraint((const Constraint *) cmd->def))
			return true;
		if (cmd->subtype == AT_AddColumn && cmd->def && IsA(cmd->def, ColumnDef))
		{
			const ListCell *lc2;
			foreach (lc2, ((const ColumnDef *) cmd->def)->constraints)
				if (indexConstraint((const Constraint *) lfirst(lc2)))
					return true;
		}
	}
	return false;
}

/* ALTER TABLE ... ATTACH PARTITION's partition; it is the statement's only subcommand. */
const PartitionCmd *
attachedPartition(const AlterTableStmt *stmt)
{
	if (list_length(stmt->cmds) != 1)
		return nullptr;
	const AlterTableCmd *cmd = (const AlterTableCmd *) linitial(stmt->cmds);
	if (cmd->subtype != AT_AttachPartition || cmd->def == nullptr || !IsA(cmd->def, PartitionCmd))
		return nullptr;
	return (const PartitionCmd *) cmd->def;
}

/*
 * A materialized view is read only for ALTER ... SET TABLESPACE and SET
 * ACCESS METHOD, which PostgreSQL runs on one; the other rules' subcommands
 * are refused on it.
 */
bool
matviewSubcommandsOnly(const AlterTableStmt *stmt) noexcept
{
	const ListCell *lc;

	foreach (lc, stmt->cmds)
	{
		SubcommandKind kind = subcommandKindOf((const AlterTableCmd *) lfirst(lc));
		if (kind != SubcommandKind::Other && kind != SubcommandKind::SetTablespace &&
			kind != SubcommandKind::SetAccessMethod)
			return false;
	}
	return true;
}

/* Does any rule of the catalogue look at this subcommand? */
bool
anyRuleLooksAt(const AlterTableCmd *cmd) noexcept
{
	if (cmd->subtype == AT_AttachPartition)
		return rulesLookAt(StatementKind::AttachPartition);

	SubcommandKind kind = subcommandKindOf(cmd);
	switch (kind)
	{
		case SubcommandKind::AddConstraint:
			return rulesLookAt(kind, constraintKindOf((const Constraint *) cmd->def));
		case SubcommandKind::AddColumn:
			{
				const ListCell *lc;
				/* a rule of the column itself: serial has no constraint to look at */
				if (rulesLookAt(kind, ConstraintKind::Other))
					return true;
				foreach (lc, ((const ColumnDef *) cmd->def)->constraints)
					if (rulesLookAt(kind, constraintKindOf((const Constraint *) lfirst(lc))))
						return true;
				return false;
			}
		case SubcommandKind::Other:
			return false;
		default:
			/* the constraint VALIDATE names is only known from the catalog */
			return rulesLookAt(kind, ConstraintKind::Other);
	}
}

/*
 * CREATE INDEX CONCURRENTLY is the safe form and is never read: its
 * catalog reads would take locks before its own commits.
 */
bool
createIndexIsCandidate(const Node *node) noexcept
{
	const IndexStmt *stmt = (const IndexStmt *) node;
	return !stmt->concurrent && stmt->relation != nullptr && rulesLookAt(StatementKind::CreateIndex);
}

/*
 * ALTER INDEX is read only for SET TABLESPACE, which copies the index
 * (ATExecSetTableSpace()); its other subcommands change the catalog alone.
 */
bool
alterTableIsCandidate(const Node *node) noexcept
{
	const AlterTableStmt *stmt = (const AlterTableStmt *) node;
	const ListCell *lc;

	if (stmt->relation == nullptr)
		return false;
	if (stmt->objtype == OBJECT_INDEX)
	{
		foreach (lc, stmt->cmds)
			if (subcommandKindOf((const AlterTableCmd *) lfirst(lc)) == SubcommandKind::SetTablespace)
				return rulesLookAt(SubcommandKind::SetTablespace, ConstraintKind::Other);
		return false;
	}
	if (stmt->objtype != OBJECT_TABLE && stmt->objtype != OBJECT_MATVIEW)
		return false;
	foreach (lc, stmt->cmds)
		if (anyRuleLooksAt((const AlterTableCmd *) lfirst(lc)))
			return true;
	return false;
}

} /* namespace */

/*
 * What pgsafe does with each kind of statement it reads, by node tag: a
 * cheap look at the node alone that says whether a rule could flag it
 * (derived from the rule catalogue, so that a new rule cannot be forgotten
 * here), and the reader of its catalog state and text.  A new kind of
 * statement is a line here and its reader.
 */
struct StatementReader::Ops
{
	NodeTag tag;
	bool (*candidate)(const Node *node) noexcept;
	CatalogRead (StatementReader::*read)(StatementFacts &facts);
	void (StatementReader::*readText)(StatementFacts &facts); /* nullptr: the statement's text alone */
};
const StatementReader::Ops *
StatementReader::opsFor(const Node *node) noexcept
{
	static const Ops kStatementOps[] = {
		{T_AlterTableStmt,
		 alterTableIsCandidate,
		 &StatementReader::readRelationStatement,
		 &StatementReader::readRelationStatementText},
		{T_IndexStmt,
		 createIndexIsCandidate,
		 &StatementReader::readRelationStatement,
		 &StatementReader::readRelationStatementText},
		{T_ReindexStmt, reindexIsCandidate, &StatementReader::readReindex, nullptr},
		{T_RefreshMatViewStmt, refreshIsCandidate, &StatementReader::readRefresh, nullptr},
		{T_AlterDomainStmt,
		 alterDomainIsCandidate,
		 &StatementReader::readAlterDomain,
		 &StatementReader::readAlterDomainText},
		{T_VacuumStmt, vacuumIsCandidate, &StatementReader::readVacuum, nullptr},
		{T_ClusterStmt, clusterIsCandidate, &StatementReader::readCluster, nullptr},
		{T_CreateStmt, createPartitionIsCandidate, &StatementReader::readCreatePartition, nullptr},
	};
	if (node == nullptr)
		return nullptr;
	for (const Ops &ops : kStatementOps)
		if (nodeTag(node) == ops.tag)
			return &ops;
	return nullptr;
}

bool
isCandidate(const Node *parsetree) noexcept
{
	const StatementReader::Ops *ops = StatementReader::opsFor(parsetree);
	return ops != nullptr && ops->candidate(parsetree);
}

const RangeVar *
statementRelation(const Node *parsetree) noexcept
{
	if (parsetree == nullptr)
		return nullptr;
	switch (nodeTag(parsetree))
	{
		case T_AlterTableStmt:
			return ((const AlterTableStmt *) parsetree)->relation;
		case T_IndexStmt:
			return ((const IndexStmt *) parsetree)->relation;
		case T_ReindexStmt:
			return ((const ReindexStmt *) parsetree)->relation;
		case T_RefreshMatViewStmt:
			return ((const RefreshMatViewStmt *) parsetree)->relation;
		case T_ClusterStmt:
			return ((const ClusterStmt *) parsetree)->relation;
		case T_VacuumStmt:
			{
				/* VACUUM of one table; of several, or of the database, no one relation */
				const List *rels = ((const VacuumStmt *) parsetree)->rels;
				return list_length(rels) == 1 ? ((const VacuumRelation *) linitial(rels))->relation : nullptr;
			}
		case T_CreateStmt:
			/* PARTITION OF: the parent, whose DEFAULT partition is read */
			{
				const CreateStmt *stmt = (const CreateStmt *) parsetree;
				return stmt->partbound && list_length(stmt->inhRelations) == 1
						   ? (const RangeVar *) linitial(stmt->inhRelations)
						   : nullptr;
			}
		default:
			return nullptr;
	}
}

StatementReader::StatementReader(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context,
								 ReadPolicy policy)
	: pstmt_(pstmt), queryString_(queryString), context_(context), policy_(policy)
{
	base_ = pstmt->stmt_location > 0 ? static_cast<std::size_t>(pstmt->stmt_location) : 0;
}

std::size_t
StatementReader::relative(int location) const
{
	return static_cast<std::size_t>(location) - base_;
}

/*
 * Names are resolved without a lock, as PostgreSQL resolves them before it
 * takes its own.  If another session drops and creates a table again, or
 * swaps two by renaming, between that and the conditional locks the reads
 * take (which take in other sessions' catalog changes), a name may by then
 * mean another relation: read again, as RangeVarGetRelidExtended() retries,
 * so that pgsafe decides on the relation PostgreSQL will act on.
 */
CatalogRead
StatementReader::readCatalog(StatementFacts &facts)
{
	for (int attempt = 0;; attempt++)
	{
		resolved_.clear();
		facts = StatementFacts{};
		CatalogRead read = readOnce(facts);

		bool stable = true;
		for (const auto &[rv, relid] : resolved_)
			stable = stable && lookupRelation(rv) == relid;
		if (stable || attempt == 2)
			return read;
	}
}

void
StatementReader::readText(StatementFacts &facts)
{
	const Ops *ops = opsFor(pstmt_->utilityStmt);
	std::size_t length =
		pstmt_->stmt_len > 0 ? static_cast<std::size_t>(pstmt_->stmt_len) : strlen(queryString_ + base_);

	facts.text.assign(queryString_ + base_, length);
	if (ops && ops->readText)
		(this->*(ops->readText))(facts);
	else
		facts.text = SqlText(facts.text).statement();
}

Oid
StatementReader::resolve(const RangeVar *rv)
{
	Oid relid = lookupRelation(rv);
	resolved_.push_back({rv, relid});
	return relid;
}

void
StatementReader::readSession(StatementFacts &facts)
{
	facts.session.capabilities.exclusionOnPartitionedTables = kExclusionOnPartitionedTables;
	facts.session.capabilities.notNullConstraintNotValid = kNotNullConstraintNotValid;
	facts.session.capabilities.reindexDatabaseCatalogs = kReindexDatabaseCatalogs;
	facts.session.capabilities.domainValidateBlocksWrites = kDomainValidateBlocksWrites;
	facts.session.capabilities.foreignKeyNotValidOnPartitioned = kForeignKeyNotValidOnPartitioned;
	facts.session.capabilities.concurrentBuildsCorrupt = pgsafeConcurrentBuildsCorrupt(serverVersionNum());
	/*
	 * A migration runner sends each statement of the script as a top-level
	 * statement; the linter reads a DO block's statements as a function's.
	 */
	facts.session.topLevel = context_ == PROCESS_UTILITY_TOPLEVEL;
	facts.session.inTransactionBlock = policy_.inTransactionBlock;
	facts.session.minTableBytes = static_cast<std::uint64_t>(pgsafe_min_table_size_kb) * 1024;
	facts.session.disabledRules = ruleList(pgsafe_disabled_rules ? pgsafe_disabled_rules : "");

	if (!policy_.script && pgCall([]() noexcept { return (bool) creating_extension; }))
	{
		const char *name = pgCall([]() noexcept { return (const char *) get_extension_name(CurrentExtensionObject); });
		facts.session.extension = name ? name : "";
		facts.session.extensionCommand = pgsafe_extension_command ? pgsafe_extension_command : "";
	}
}

CatalogRead
StatementReader::readOnce(StatementFacts &facts)
{
	const Ops *ops = opsFor(pstmt_->utilityStmt);
	return ops ? (this->*(ops->read))(facts) : CatalogRead::Nothing;
}

CatalogRead
StatementReader::readRelationStatement(StatementFacts &facts)
{
	const Node *node = pstmt_->utilityStmt;
	const bool isIndex = IsA(node, IndexStmt);
	const RangeVar *rv = isIndex ? ((const IndexStmt *) node)->relation : ((const AlterTableStmt *) node)->relation;
	/* ALTER INDEX, which only SET TABLESPACE brings here */
	const bool alterIndex = !isIndex && ((const AlterTableStmt *) node)->objtype == OBJECT_INDEX;
	const PartitionCmd *attach = isIndex || alterIndex ? nullptr : attachedPartition((const AlterTableStmt *) node);

	/*
	 * A script's statement on a table pgsafe cannot see is unknown: it may
	 * block.  Not a lone VALIDATE CONSTRAINT, which blocks only under a lock
	 * the script took on a table it could see.
	 */
	const bool loneValidate = !isIndex && validatesOnly((const AlterTableStmt *) node);
	const CatalogRead unseen = policy_.script && !loneValidate ? CatalogRead::Unknown : CatalogRead::Nothing;

	relid_ = resolve(rv);
	if (!OidIsValid(relid_))
	{
		/* ALTER TABLE IF EXISTS of a missing table does nothing */
		bool missingOk = !isIndex && ((const AlterTableStmt *) node)->missing_ok;
		return missingOk ? CatalogRead::Nothing : unseen;
	}
	if (policy_.script && !currentUserMaySee(relid_))
		return unseen;

	/* PostgreSQL refuses to alter or index a system catalog: its own error comes */
	if (isSystemCatalog(relid_))
		return CatalogRead::Nothing;

	/*
	 * An index, by ALTER INDEX or by ALTER TABLE (which PostgreSQL runs on
	 * one too): only its SET TABLESPACE is read.  A partitioned index has no
	 * storage: SET TABLESPACE on it is a catalog change.
	 */
	char relkind = relationKind(relid_);
	const bool onIndex = !isIndex && !attach && relkind == RELKIND_INDEX;
	bool inspected =
		onIndex || (!alterIndex && (attach ? relkind == RELKIND_PARTITIONED_TABLE
										   : relkind == RELKIND_RELATION || relkind == RELKIND_PARTITIONED_TABLE ||
												 (relkind == RELKIND_MATVIEW &&
												  (isIndex || matviewSubcommandsOnly((const AlterTableStmt *) node)))));
	if (!inspected)
		return CatalogRead::Nothing;
	if (!policy_.script)
	{
		if (!currentUserOwns(relid_))
			return CatalogRead::Nothing;
		/* building an index also takes CREATE on the schema; without it PostgreSQL refuses */
		if (buildsIndex(node) && !currentUserMayCreateIndex(relid_))
			return CatalogRead::Nothing;
	}

	readSession(facts);
	if (attach)
		return readAttachPartition(facts, attach, unseen);
	if (isIndex)
		readCreateIndex(facts, (const IndexStmt *) node);
	else if (onIndex)
		readAlterIndex(facts, (const AlterTableStmt *) node);
	else
		readAlterTable(facts, (const AlterTableStmt *) node);
	return facts.table.relations.empty() ? CatalogRead::Nothing : CatalogRead::Facts;
}

void
StatementReader::readCreateIndex(StatementFacts &facts, const IndexStmt *stmt)
{
	const ListCell *lc;

	facts.kind = StatementKind::CreateIndex;
	CreateIndexFacts &ci = facts.createIndex;

	/*
	 * CREATE INDEX IF NOT EXISTS of a name taken in the table's schema, by
	 * any relation, does nothing; for a script, as its earlier statements
	 * left the name.
	 */
	if (stmt->if_not_exists && stmt->idxname)
	{
		std::optional<bool> taken =
			policy_.relations ? policy_.relations->nameTaken(relid_, stmt->idxname) : std::nullopt;
		if (taken ? *taken : relationExistsInSchemaOf(relid_, stmt->idxname))
			return;
	}

	/* more columns than an index can have: PostgreSQL refuses the statement */
	if (list_length(stmt->indexParams) + list_length(stmt->indexIncludingParams) > INDEX_MAX_KEYS)
		return;

	if (stmt->idxname)
		ci.name = stmt->idxname;
	ci.unique = stmt->unique;
	ci.only = !stmt->relation->inh;
	ci.ifNotExists = stmt->if_not_exists;
	foreach (lc, stmt->indexParams)
	{
		ci.columnNames.push_back(indexColumnName((IndexElem *) lfirst(lc)));
		if (((IndexElem *) lfirst(lc))->name)
			ci.keyColumns.push_back(((IndexElem *) lfirst(lc))->name);
	}
	foreach (lc, stmt->indexIncludingParams)
		ci.columnNames.push_back(indexColumnName((IndexElem *) lfirst(lc)));

	readTree(facts, relid_, {}, stmt->relation->inh, false);

	/*
	 * Partitions whose matching index the statement would attach instead of
	 * building one; matching is work, so only where a build could block.
	 */
	if (facts.table.target().kind == RelationKind::PartitionedTable && !ci.only && anyFilled(facts.table))
		if (std::optional<std::vector<AdoptedIndex>> adopted = indexesCreateIndexAdopts(relid_, stmt))
		{
			std::unordered_map<Oid, int> indexOf = treeIndexOf();
			for (const AdoptedIndex &index : *adopted)
			{
				auto at = indexOf.find(index.relid);
				if (at != indexOf.end())
					facts.table.relations[at->second].adoptedIndex = index.name;
			}
		}
}

} /* namespace pgsafe */
