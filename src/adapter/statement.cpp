/*-------------------------------------------------------------------------
 *
 * statement.cpp
 *		Read ALTER TABLE and CREATE INDEX into StatementFacts, and send each
 *		kind of statement pgsafe reads to its reader.
 *
 * The raw tree differs from what PostgreSQL executes in ways that matter
 * here (see PostgreSQL's parse_utilcmd.c): a column's DEFAULT, NOT NULL,
 * identity and generation expression are entries in ColumnDef.constraints,
 * not fields; column-level DEFERRABLE arrives as separate CONSTR_ATTR_*
 * entries after the constraint it modifies; serial is only a type name;
 * USING INDEX leaves the key columns to be read from pg_index.
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
#include "core/rules/behaviour.hpp"

namespace pgsafe {

namespace {

/* Could a build on any relation of the tree block anyone: one that is neither new nor empty? */
bool
anyFilled(const RelationTree &tree)
{
	for (const RelationFacts &relation : tree.relations)
		if (!relation.local && (relation.bytes > 0 || !relation.sizeKnown))
			return true;
	return false;
}

struct SerialType
{
	const char *name;
	const char *baseType;
};

const SerialType kSerialTypes[] = {
	{"smallserial", "smallint"},
	{"serial2", "smallint"},
	{"serial", "integer"},
	{"serial4", "integer"},
	{"bigserial", "bigint"},
	{"serial8", "bigint"},
};

const char *
serialBaseType(const TypeName *type)
{
	if (type == nullptr || list_length(type->names) != 1 || type->pct_type || type->arrayBounds != NIL)
		return nullptr;
	const char *name = strVal(linitial(type->names));
	for (const auto &serial : kSerialTypes)
		if (strcmp(name, serial.name) == 0)
			return serial.baseType;
	return nullptr;
}

bool
isIndexOrForeignKey(ConstrType type)
{
	return type == CONSTR_UNIQUE || type == CONSTR_PRIMARY || type == CONSTR_FOREIGN;
}

bool
isAttribute(ConstrType type)
{
	return type == CONSTR_ATTR_DEFERRABLE || type == CONSTR_ATTR_NOT_DEFERRABLE || type == CONSTR_ATTR_DEFERRED ||
		   type == CONSTR_ATTR_IMMEDIATE;
}

std::vector<std::string>
stringList(const List *list)
{
	std::vector<std::string> result;
	const ListCell *lc;

	foreach (lc, list)
		result.push_back(strVal(lfirst(lc)));
	return result;
}

ForeignKeyAction
toAction(char action)
{
	switch (action)
	{
		case FKCONSTR_ACTION_RESTRICT:
			return ForeignKeyAction::Restrict;
		case FKCONSTR_ACTION_CASCADE:
			return ForeignKeyAction::Cascade;
		case FKCONSTR_ACTION_SETNULL:
			return ForeignKeyAction::SetNull;
		case FKCONSTR_ACTION_SETDEFAULT:
			return ForeignKeyAction::SetDefault;
		default:
			return ForeignKeyAction::NoAction;
	}
}

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

/* The group of PostgreSQL's ALTER TABLE passes a subcommand runs in. */
SubcommandPhase
subcommandPhase(const AlterTableCmd *cmd)
{
	switch (cmd->subtype)
	{
		case AT_DropColumn:
		case AT_DropConstraint:
		case AT_DropNotNull:
		case AT_DropIdentity:
		case AT_DropExpression:
			return SubcommandPhase::Drop;
		case AT_ColumnDefault:
			/* DROP DEFAULT is a drop */
			return cmd->def ? SubcommandPhase::ColumnAttributes : SubcommandPhase::Drop;
		case AT_AlterColumnType:
			return SubcommandPhase::AlterType;
		case AT_AddColumn:
			return SubcommandPhase::AddColumn;
		case AT_SetNotNull:
		case AT_AddIdentity:
		case AT_SetIdentity:
		case AT_SetStatistics:
		case AT_SetOptions:
		case AT_ResetOptions:
		case AT_SetStorage:
		case AT_SetCompression:
			return SubcommandPhase::ColumnAttributes;
		case AT_AddConstraint:
		case AT_AddIndex:
		case AT_AddIndexConstraint:
			return SubcommandPhase::AddConstraint;
		default:
			return SubcommandPhase::Other;
	}
}

bool
collect_column_names(Node *node, void *context)
{
	if (node == NULL)
		return false;
	CHECK_FOR_INTERRUPTS();
	if (IsA(node, ColumnRef))
	{
		List *fields = ((ColumnRef *) node)->fields;
		if (list_length(fields) > 0 && IsA(llast(fields), String))
			*(List **) context = lappend(*(List **) context, llast(fields));
		return false;
	}
	return pgsafe_raw_expression_tree_walker(node, collect_column_names, context);
}

/* The distinct column names a raw expression refers to (its ColumnRefs' last names). */
std::vector<std::string>
columnsReferenced(Node *expr)
{
	checkRawTreeDepth(expr);
	List *names = pgCall([expr]() noexcept {
		List *found = NIL;
		collect_column_names(expr, &found);
		return found;
	});
	std::vector<std::string> result;
	const ListCell *lc;
	foreach (lc, names)
	{
		std::string name = strVal(lfirst(lc));
		if (std::find(result.begin(), result.end(), name) == result.end())
			result.push_back(name);
		if (result.size() > 1)
			break; /* more than one: the default name ignores them */
	}
	return result;
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
 * Does ADD COLUMN give existing rows the DEFAULT of the column's domain?
 * From 13.21, 14.18, 15.13, 16.9, 17.5 and 18 on (commit d6dd2a02ba, "Fix
 * broken handling of domains in atthasmissing logic"); before, they stayed
 * null.  A minor release's change, so decided from the running server.
 */
bool
domainDefaultFillsNewColumns()
{
	static const int firstMinor[][2] = {{13, 21}, {14, 18}, {15, 13}, {16, 9}, {17, 5}};
	int version = serverVersionNum();
	int major = version / 10000;
	int minor = version % 100;

	for (const auto &fixed : firstMinor)
		if (major == fixed[0])
			return minor >= fixed[1];
	return major >= 18;
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

/* Is the subcommand one that changes where or how the relation is stored? */
bool
isStorageChange(SubcommandKind kind) noexcept
{
	return kind == SubcommandKind::SetPersistence || kind == SubcommandKind::SetTablespace ||
		   kind == SubcommandKind::SetAccessMethod;
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

bool
alterTableIsCandidate(const Node *node) noexcept
{
	const AlterTableStmt *stmt = (const AlterTableStmt *) node;
	const ListCell *lc;

	if ((stmt->objtype != OBJECT_TABLE && stmt->objtype != OBJECT_MATVIEW) || stmt->relation == nullptr)
		return false;
	foreach (lc, stmt->cmds)
		if (anyRuleLooksAt((const AlterTableCmd *) lfirst(lc)))
			return true;
	return false;
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
	const PartitionCmd *attach = isIndex ? nullptr : attachedPartition((const AlterTableStmt *) node);

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

	char relkind = relationKind(relid_);
	bool inspected =
		attach ? relkind == RELKIND_PARTITIONED_TABLE
			   : relkind == RELKIND_RELATION || relkind == RELKIND_PARTITIONED_TABLE ||
					 (relkind == RELKIND_MATVIEW && (isIndex || matviewSubcommandsOnly((const AlterTableStmt *) node)));
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
	else
		readAlterTable(facts, (const AlterTableStmt *) node);
	return facts.table.relations.empty() ? CatalogRead::Nothing : CatalogRead::Facts;
}

/*
 * ALTER TABLE parent ATTACH PARTITION t: the facts are about t, which
 * PostgreSQL locks ACCESS EXCLUSIVE and builds the parent's missing indexes
 * on; the parent takes only SHARE UPDATE EXCLUSIVE.
 */
CatalogRead
StatementReader::readAttachPartition(StatementFacts &facts, const PartitionCmd *attach, CatalogRead unseen)
{
	const Oid parent = relid_;
	const Oid attached = resolve(attach->name);

	if (!OidIsValid(attached))
		return unseen;
	if (policy_.script ? !currentUserMaySee(attached) : !currentUserOwns(attached))
		return policy_.script ? unseen : CatalogRead::Nothing;
	char relkind = relationKind(attached);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
		return CatalogRead::Nothing;

	facts.kind = StatementKind::AttachPartition;
	facts.attachPartition.parent = relationName(parent);
	readTree(facts, attached, {}, true, false);
	if (facts.table.relations.empty())
		return CatalogRead::Nothing;
	const bool attachedFilled = anyFilled(facts.table);

	/* matching the indexes is work: only where a build could block anyone */
	if (attachedFilled)
	{
		std::unordered_map<Oid, int> indexOf = treeIndexOf();
		for (const IndexToBuild &build : indexesAttachBuilds(parent, attached))
		{
			MissingIndex missing;
			missing.parentIndex = relationName(build.parentIndex);
			missing.unique = build.unique;
			missing.primary = build.primary;
			missing.constraint = build.constraint;
			missing.columnNames = build.columnNames;
			for (Oid relid : build.buildIn)
			{
				auto at = indexOf.find(relid);
				if (at != indexOf.end())
					missing.buildIn.push_back(at->second);
			}
			facts.attachPartition.missingIndexes.push_back(missing);
			indexOids_.push_back(build.parentIndex);
		}
	}
	if (attach->bound)
		readPartitionScans(facts, parent, attached, attach->bound, attachedFilled);
	return anyFilled(facts.table) ? CatalogRead::Facts : CatalogRead::Nothing;
}

/*
 * CREATE TABLE ... PARTITION OF parent: PostgreSQL reads the parent's
 * DEFAULT partition (under ACCESS EXCLUSIVE) to check that none of its rows
 * belongs to the new bound.  The RelationTree is that partition and its
 * partitions; the new table takes no part.
 */
CatalogRead
StatementReader::readCreatePartition(StatementFacts &facts)
{
	const CreateStmt *stmt = (const CreateStmt *) pstmt_->utilityStmt;
	if (!createPartitionIsCandidate(pstmt_->utilityStmt))
		return CatalogRead::Nothing;

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	const Oid parent = resolve((const RangeVar *) linitial(stmt->inhRelations));
	if (!OidIsValid(parent))
		return unseen;
	if (policy_.script ? !currentUserMaySee(parent) : !currentUserOwns(parent))
		return unseen;
	if (relationKind(parent) != RELKIND_PARTITIONED_TABLE)
		return CatalogRead::Nothing;
	/* CREATE TABLE IF NOT EXISTS of a table that exists does nothing */
	if (stmt->if_not_exists && OidIsValid(lookupRelation(stmt->relation)))
		return CatalogRead::Nothing;
	const Oid defaultPartition = defaultPartitionOf(parent);
	if (!OidIsValid(defaultPartition))
		return CatalogRead::Nothing;

	readSession(facts);
	facts.kind = StatementKind::AttachPartition;
	facts.attachPartition.create = true;
	facts.attachPartition.parent = relationName(parent);
	facts.attachPartition.partition = {stmt->relation->schemaname ? stmt->relation->schemaname : "",
									   stmt->relation->relname};
	readPartitionScans(facts, parent, InvalidOid, stmt->partbound, false);
	return facts.attachPartition.defaultPartition >= 0 && anyFilled(facts.table) ? CatalogRead::Facts
																				 : CatalogRead::Nothing;
}

/*
 * Append relid and every relation below it to the tree as a root of its
 * own (parent -1): the DEFAULT partition, read along with the table being
 * attached.  Its index, or -1 if it is gone.
 */
int
StatementReader::appendTree(StatementFacts &facts, Oid root)
{
	RelationFacts top;
	if (!readRelation(root, {}, top))
		return -1;
	const int rootIndex = static_cast<int>(facts.table.relations.size());
	facts.table.relations.push_back(top);
	relids_.push_back(root);
	if (top.kind != RelationKind::PartitionedTable || !relationHasChildren(root))
		return rootIndex;

	std::vector<Descendant> tree = descendants(root);
	std::vector<int> indexOf(tree.size(), -1);
	indexOf[0] = rootIndex;
	for (std::size_t i = 1; i < tree.size(); i++)
	{
		RelationFacts child;
		int parent = indexOf[tree[i].parent];

		checkForInterrupts();
		if (parent < 0 || !readRelation(tree[i].relid, {}, child))
			continue;
		child.parent = parent;
		indexOf[i] = static_cast<int>(facts.table.relations.size());
		facts.table.relations.push_back(child);
		relids_.push_back(tree[i].relid);
	}
	return rootIndex;
}

/*
 * What PostgreSQL reads to check the new bound: the table being attached
 * (when it holds anything) and the DEFAULT partition (appended to the tree,
 * when it holds anything), as RelationTree indexes of the leaves.
 */
void
StatementReader::readPartitionScans(StatementFacts &facts, Oid parent, Oid attached, const PartitionBoundSpec *bound,
									bool attachedFilled)
{
	AttachPartitionFacts &ap = facts.attachPartition;
	const Oid defaultPartition = defaultPartitionOf(parent);
	const bool hasDefault = OidIsValid(defaultPartition) && defaultPartition != attached && !bound->is_default;

	if (hasDefault)
	{
		ap.defaultPartition = appendTree(facts, defaultPartition);
		if (ap.defaultPartition >= 0)
		{
			bool filled = false;
			for (int leaf : facts.table.leavesUnder(ap.defaultPartition))
			{
				const RelationFacts &rel = facts.table.relations[leaf];
				filled = filled || (!rel.local && (rel.bytes > 0 || !rel.sizeKnown));
			}
			if (!filled)
			{
				/* nothing to read there: leave it out */
				facts.table.relations.resize(ap.defaultPartition);
				relids_.resize(ap.defaultPartition);
				ap.defaultPartition = -1;
			}
		}
	}
	if (!attachedFilled && ap.defaultPartition < 0)
		return;

	PartitionScans scans = partitionScans(parent, attached, bound);
	if (scans.refused)
		return;

	std::unordered_map<Oid, int> indexOf = treeIndexOf();
	auto toScan = [&](const ScanDecision &decision, int root, PartitionScan &out) {
		out.checked = decision.checked;
		out.unprovable = decision.unprovable;
		out.constraint = decision.constraint;
		for (Oid relid : decision.scanned)
		{
			auto at = indexOf.find(relid);
			if (at == indexOf.end() || root < 0)
				continue;
			for (int leaf : facts.table.leavesUnder(at->second))
				if (std::find(out.scanned.begin(), out.scanned.end(), leaf) == out.scanned.end())
					out.scanned.push_back(leaf);
		}
	};
	if (attachedFilled)
		toScan(scans.attached, 0, ap.attached);
	if (ap.defaultPartition >= 0 && scans.defaultPartition == defaultPartition)
		toScan(scans.defaultScan, ap.defaultPartition, ap.defaultScan);
}

/*
 * The root and, when the statement recurses, every relation below it.
 * Only partitioned tables, ADD PRIMARY KEY (whose SET NOT NULL reaches
 * inheritance children) and what else asks for it (VALIDATE of a check
 * constraint) need an inheritance parent's children.
 */
void
StatementReader::readTree(StatementFacts &facts, Oid root, const std::vector<std::string> &columns, bool recurse,
						  bool inheritanceChildren)
{
	RelationFacts target;

	facts.table.relations.clear();
	relids_.clear();
	if (!readRelation(root, columns, target))
		return;
	facts.table.relations.push_back(target);
	relids_.push_back(root);

	bool wantChildren = target.kind == RelationKind::PartitionedTable || !columns.empty() || inheritanceChildren;
	if (!recurse || !wantChildren || !relationHasChildren(root))
		return;

	std::vector<Descendant> tree = descendants(root);
	std::vector<int> indexOf(tree.size(), -1);
	indexOf[0] = 0;
	for (std::size_t i = 1; i < tree.size(); i++)
	{
		RelationFacts child;
		int parent = indexOf[tree[i].parent];

		checkForInterrupts();
		if (parent < 0 || !readRelation(tree[i].relid, columns, child))
			continue; /* dropped meanwhile, or under a dropped parent */
		child.parent = parent;
		indexOf[i] = static_cast<int>(facts.table.relations.size());
		facts.table.relations.push_back(child);
		relids_.push_back(tree[i].relid);
	}
}

ConstraintFacts
StatementReader::readConstraint(const Constraint *c)
{
	ConstraintFacts facts;

	facts.kind = constraintKindOf(c);
	if (facts.kind == ConstraintKind::Check)
	{
		/* only what the advice needs to add it NOT VALID and validate it apart */
		if (c->conname)
			facts.name = c->conname;
		facts.notValid = c->skip_validation;
		facts.noInherit = c->is_no_inherit;
		facts.checkColumns = columnsReferenced(c->raw_expr);
		return facts;
	}
	if (facts.kind == ConstraintKind::Other)
		return facts;

	/* more columns than an index or a foreign key can have: PostgreSQL refuses the statement */
	if (list_length(c->keys) + list_length(c->including) > INDEX_MAX_KEYS ||
		list_length(c->fk_attrs) > INDEX_MAX_KEYS || list_length(c->pk_attrs) > INDEX_MAX_KEYS)
	{
		facts.kind = ConstraintKind::Other;
		return facts;
	}

	if (c->conname)
		facts.name = c->conname;
	facts.deferrable = c->deferrable;
	facts.initiallyDeferred = c->initdeferred;
	facts.keys = stringList(c->keys);
	facts.including = stringList(c->including);
	facts.nullsNotDistinct = c->nulls_not_distinct;
	if (c->indexspace)
		facts.indexTablespace = c->indexspace;

	const ListCell *lc;
	foreach (lc, c->options)
	{
		DefElem *option = (DefElem *) lfirst(lc);
		std::string name = option->defnamespace ? std::string(option->defnamespace) + "." + option->defname
												: std::string(option->defname);
		facts.options.push_back(StorageOption{name, optionValue(option)});
	}

	if (c->indexname)
	{
		facts.usingIndex = c->indexname;
		facts.usingIndexColumns = indexKeyColumns(relid_, c->indexname);
	}

	if (c->contype == CONSTR_FOREIGN)
	{
		ForeignKeyFacts &fk = facts.foreignKey;
		ScriptRelations::Table created =
			policy_.relations ? policy_.relations->createdTable(c->pktable) : ScriptRelations::Table{};

		if (created.created)
		{
			/*
			 * A table an earlier statement of the script created, not in the
			 * catalog yet: the rows validated are the referencing table's all
			 * the same.  (A permanent table's key to a temporary one is
			 * refused.)
			 */
			fk.referencedFound = !created.temporary;
			fk.referenced = created.name;
		}
		else
		{
			Oid referenced = resolve(c->pktable);

			fk.referencedFound = OidIsValid(referenced) &&
								 (policy_.script ? currentUserMaySee(referenced) : currentUserMayReference(referenced));
			if (fk.referencedFound)
				fk.referenced = relationName(referenced);
		}
		fk.columns = stringList(c->fk_attrs);
		fk.referencedColumns = stringList(c->pk_attrs);
		fk.match = c->fk_matchtype == FKCONSTR_MATCH_FULL      ? ForeignKeyMatch::Full
				   : c->fk_matchtype == FKCONSTR_MATCH_PARTIAL ? ForeignKeyMatch::Partial
															   : ForeignKeyMatch::Simple;
		fk.onUpdate = toAction(c->fk_upd_action);
		fk.onDelete = toAction(c->fk_del_action);
		fk.onDeleteColumns = stringList(c->fk_del_set_cols);
		fk.notValid = c->skip_validation;
		fk.enforced = PGSAFE_CONSTRAINT_ENFORCED(c);
	}
	return facts;
}

ColumnFacts
StatementReader::readColumn(const AlterTableCmd *cmd)
{
	const ColumnDef *def = (const ColumnDef *) cmd->def;
	ColumnFacts column;
	ConstraintFacts *last = nullptr;
	int enforceable = -1; /* the CHECK or REFERENCES a column-level [NOT] ENFORCED applies to */
	const ListCell *lc;

	column.name = def->colname;
	column.skipped = cmd->missing_ok && columnExists(relid_, column.name);

	if (const char *base = serialBaseType(def->typeName))
	{
		column.fill = ColumnFill::Serial;
		column.serialBaseType = base;
		column.notNull = true;
	}

	foreach (lc, def->constraints)
	{
		const Constraint *c = (const Constraint *) lfirst(lc);

		checkForInterrupts();
		/* 18: NOT ENFORCED after a column's CHECK or REFERENCES: it is never validated */
		if (PGSAFE_IS_ATTR_NOT_ENFORCED(c))
		{
			if (enforceable >= 0)
			{
				column.constraints[enforceable].notValid = true;
				column.constraints[enforceable].foreignKey.notValid = true;
				column.constraints[enforceable].foreignKey.enforced = false;
			}
			continue;
		}
		if (!isAttribute(c->contype))
			enforceable = c->contype == CONSTR_CHECK || c->contype == CONSTR_FOREIGN
							  ? static_cast<int>(column.constraints.size())
							  : -1;
		switch (c->contype)
		{
			case CONSTR_NOTNULL:
				column.notNull = true;
				break;
			case CONSTR_DEFAULT:
				if (c->raw_expr && IsA(c->raw_expr, A_Const) && ((const A_Const *) c->raw_expr)->isnull)
					column.fill = ColumnFill::NullDefault;
				else
				{
					DefaultVolatility volatility = defaultVolatility(c->raw_expr);
					column.fill = volatility == DefaultVolatility::NotVolatile ? ColumnFill::ConstantDefault
																			   : ColumnFill::ExpressionDefault;
					column.rewrite = volatility == DefaultVolatility::Volatile  ? ColumnRewrite::VolatileDefault
									 : volatility == DefaultVolatility::Unknown ? ColumnRewrite::Unknown
																				: ColumnRewrite::None;
				}
				break;
			case CONSTR_IDENTITY:
				column.fill = ColumnFill::Identity;
				column.notNull = true;
				break;
			case CONSTR_GENERATED:
				column.fill = PGSAFE_GENERATED_VIRTUAL(c) ? ColumnFill::Virtual : ColumnFill::Generated;
				break;
			case CONSTR_CHECK:
			case CONSTR_UNIQUE:
			case CONSTR_PRIMARY:
			case CONSTR_FOREIGN:
				column.constraints.push_back(readConstraint(c));
				last = &column.constraints.back();
				if (c->contype == CONSTR_FOREIGN)
					last->foreignKey.columns = {column.name};
				break;
			case CONSTR_ATTR_DEFERRABLE:
			case CONSTR_ATTR_NOT_DEFERRABLE:
			case CONSTR_ATTR_DEFERRED:
			case CONSTR_ATTR_IMMEDIATE:
				/* column-level attributes apply to the constraint before them */
				if (last)
				{
					if (c->contype == CONSTR_ATTR_DEFERRABLE)
						last->deferrable = true;
					else if (c->contype == CONSTR_ATTR_NOT_DEFERRABLE)
						last->deferrable = false;
					else if (c->contype == CONSTR_ATTR_DEFERRED)
						last->initiallyDeferred = true;
					else
						last->initiallyDeferred = false;
				}
				continue;
			default:
				break;
		}
		if (!isIndexOrForeignKey(c->contype))
			last = nullptr;
	}

	/*
	 * Whether the table is rewritten (ATExecAddColumn): a sequence, an
	 * identity or a generation expression fills every row; a domain with
	 * constraints is checked for every row, whatever the value; without a
	 * DEFAULT clause a domain's own DEFAULT is used, volatile or not.
	 */
	if (column.fill == ColumnFill::Serial)
		column.rewrite = ColumnRewrite::Serial;
	else if (column.fill == ColumnFill::Identity)
		column.rewrite = ColumnRewrite::Identity;
	else if (column.fill == ColumnFill::Generated)
		column.rewrite = ColumnRewrite::Generated;
	else
	{
		/* a constrained domain rewrites whatever the default, even without one */
		DomainFacts domain = domainFacts(def->typeName);
		if (domain.constrained)
			column.rewrite = ColumnRewrite::DomainConstraints;
		else if (column.fill == ColumnFill::None && domain.hasDefault && domain.defaultVolatile &&
				 domainDefaultFillsNewColumns())
			column.rewrite = ColumnRewrite::VolatileDomainDefault;
	}

	/*
	 * Without a DEFAULT clause, existing rows get the DEFAULT of the column's
	 * domain, if it has one (from the minor releases of May 2025 on, commit
	 * d6dd2a02ba; before, they stayed null).
	 */
	if (column.fill == ColumnFill::None && !column.constraints.empty() && domainDefaultFillsNewColumns())
		if (std::optional<QualifiedName> domain = domainWithDefault(def->typeName))
		{
			column.fill = ColumnFill::DomainDefault;
			column.domain = *domain;
		}
	return column;
}

void
StatementReader::readAlterTable(StatementFacts &facts, const AlterTableStmt *stmt)
{
	std::vector<std::string> columns;
	bool inheritanceChildren = false;
	const ListCell *lc;

	facts.kind = StatementKind::AlterTable;
	facts.alterTable.only = !stmt->relation->inh;
	facts.alterTable.lock = alterTableLockLevel(stmt->cmds);

	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		SubcommandFacts sub;

		checkForInterrupts();
		sub.phase = subcommandPhase(cmd);
		sub.kind = subcommandKindOf(cmd);

		if (sub.kind == SubcommandKind::AddConstraint)
		{
			sub.constraint = readConstraint((const Constraint *) cmd->def);
			/* a check constraint is validated in the children too */
			if (sub.constraint.kind == ConstraintKind::Check)
				inheritanceChildren = true;
			if (sub.constraint.kind == ConstraintKind::PrimaryKey)
			{
				const auto &keys = sub.constraint.usingIndex ? sub.constraint.usingIndexColumns : sub.constraint.keys;
				for (const auto &key : keys)
					if (std::find(columns.begin(), columns.end(), key) == columns.end())
						columns.push_back(key);
			}
		}
		else if (sub.kind == SubcommandKind::AddColumn)
		{
			sub.column = readColumn(cmd);
			/* ADD COLUMN reaches the children: its checks and its rewrite too */
			for (const auto &c : sub.column.constraints)
				if (c.kind == ConstraintKind::Check)
					inheritanceChildren = true;
			if (sub.column.rewrite != ColumnRewrite::None || sub.column.fill == ColumnFill::ExpressionDefault)
				inheritanceChildren = true;
		}
		else if (sub.kind == SubcommandKind::ValidateConstraint)
			sub.constraint.name = std::string(cmd->name);
		else if (sub.kind == SubcommandKind::SetNotNull)
		{
			/* whether it reads the rows, for a safe form of it in the advice */
			sub.column.name = cmd->name;
			if (std::find(columns.begin(), columns.end(), sub.column.name) == columns.end())
				columns.push_back(sub.column.name);
		}
		else if (sub.kind == SubcommandKind::AlterColumnType)
		{
			/* the type change recurses to inheritance children too */
			sub.column.name = cmd->name;
			inheritanceChildren = true;
		}
		else if (sub.kind == SubcommandKind::EnforceConstraint)
			sub.constraint.name = std::string(enforcedConstraintName(cmd));
		else if (sub.kind == SubcommandKind::SetExpression)
		{
			/* it recurses to inheritance children too (ATSimpleRecursion) */
			sub.column.name = cmd->name;
			inheritanceChildren = true;
		}
		facts.alterTable.subcommands.push_back(sub);
	}

	std::vector<Validation> validations = readValidationTargets(facts, stmt);
	for (const Validation &v : validations)
		/* a check constraint is validated in the children too */
		if (v.state.type == CONSTRAINT_CHECK && !v.state.noInherit)
			inheritanceChildren = true;

	/*
	 * VALIDATE CONSTRAINT alone blocks nothing: no need for sizes unless a
	 * lock the transaction holds on what it reads does.
	 */
	if (validatesOnly(stmt) && !validationUnderHeldLock(facts, validations, !facts.alterTable.only))
		return;

	readTree(facts, relid_, columns, stmt->relation->inh, inheritanceChildren);
	for (int i = 0; i < list_length(stmt->cmds) && !facts.table.relations.empty(); i++)
		if (isStorageChange(facts.alterTable.subcommands[i].kind))
			readStorageChange(
				relid_, (const AlterTableCmd *) list_nth(stmt->cmds, i), facts.alterTable.subcommands[i].storage);
	for (int i = 0; i < list_length(stmt->cmds) && !facts.table.relations.empty(); i++)
		if (facts.alterTable.subcommands[i].kind == SubcommandKind::AlterColumnType && anyFilled(facts.table))
			readAlterType(relid_,
						  stmt,
						  (const AlterTableCmd *) list_nth(stmt->cmds, i),
						  relids_,
						  facts.table,
						  facts.alterTable.subcommands[i]);
	for (auto &sub : facts.alterTable.subcommands)
		if (sub.kind == SubcommandKind::SetExpression && anyFilled(facts.table))
			readSetExpression(relid_, sub);
	for (int i = 0; i < list_length(stmt->cmds) && !facts.table.relations.empty(); i++)
		if (facts.alterTable.subcommands[i].kind == SubcommandKind::EnforceConstraint && anyFilled(facts.table))
			readEnforceConstraint(
				relid_, (const AlterTableCmd *) list_nth(stmt->cmds, i), facts.alterTable.subcommands[i]);
	if (!validations.empty())
	{
		for (std::size_t r = 0; r < relids_.size(); r++)
			facts.table.relations[r].heldLock = heldLockOn(relids_[r]);
		readValidations(facts, validations);
	}
	readAdoptableForeignKeys(facts, stmt);
}

/* The lock this transaction (for a script: its earlier statements) holds on a relation. */
LockMode
StatementReader::heldLockOn(Oid relid) const
{
	if (!OidIsValid(relid))
		return LockMode::None;
	if (!policy_.script)
		return strongestLockHeld(relid);
	if (policy_.heldLocks == nullptr)
		return LockMode::None;
	auto held = policy_.heldLocks->find(relid);
	return held == policy_.heldLocks->end() ? LockMode::None : held->second;
}

/*
 * The constraints the statement's VALIDATE CONSTRAINT subcommands name,
 * each once, as VALIDATE finds it: one an earlier subcommand of the same
 * statement adds NOT VALID (ALTER TABLE runs the ADD first), one in the
 * catalog, or, for a script, one an earlier statement of it adds, or one
 * pgsafe cannot see, which is taken to be not valid.  Only the first
 * VALIDATE of a name reads anything: it marks the constraint valid before
 * the next one looks.  Also: the lock held on the table or a table above it.
 */
std::vector<StatementReader::Validation>
StatementReader::readValidationTargets(StatementFacts &facts, const AlterTableStmt *stmt)
{
	std::vector<Validation> validations;
	std::unordered_map<std::string, ConstraintState> addedNotValid;
	std::unordered_set<std::string> named;
	const ListCell *lc;

	if (std::none_of(facts.alterTable.subcommands.begin(),
					 facts.alterTable.subcommands.end(),
					 [](const SubcommandFacts &sub) { return sub.kind == SubcommandKind::ValidateConstraint; }))
		return validations;

	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		const Constraint *c = cmd->subtype == AT_AddConstraint && cmd->def && IsA(cmd->def, Constraint)
								  ? (const Constraint *) cmd->def
								  : nullptr;
		if (c && c->conname && c->skip_validation && (c->contype == CONSTR_CHECK || c->contype == CONSTR_FOREIGN))
			addedNotValid.emplace(
				c->conname,
				ConstraintState{true,
								c->contype == CONSTR_CHECK ? CONSTRAINT_CHECK : CONSTRAINT_FOREIGN,
								false,
								c->is_no_inherit,
								c->contype == CONSTR_FOREIGN ? lookupRelation(c->pktable) : InvalidOid});
	}

	for (std::size_t i = 0; i < facts.alterTable.subcommands.size(); i++)
	{
		SubcommandFacts &sub = facts.alterTable.subcommands[i];
		if (sub.kind != SubcommandKind::ValidateConstraint)
			continue;
		checkForInterrupts();
		const std::string &name = *sub.constraint.name;
		if (!named.insert(name).second)
			continue; /* validated by the first VALIDATE of it */

		Validation v{i, ConstraintState{}, true};
		auto added = addedNotValid.find(name);
		if (added != addedNotValid.end())
			v.state = added->second;
		else
		{
			v.state = constraintState(relid_, name);
			v.notInCatalog = !v.state.exists && policy_.script;
			if (v.notInCatalog)
			{
				v.state = ConstraintState{true, '\0', false, false, InvalidOid};
				if (policy_.constraints)
				{
					auto earlier = policy_.constraints->find({relid_, name});
					if (earlier != policy_.constraints->end())
						v.state = earlier->second;
				}
			}
		}
		sub.validate.kind = !v.state.exists                      ? ValidatedKind::Missing
							: v.state.type == CONSTRAINT_CHECK   ? ValidatedKind::Check
							: v.state.type == CONSTRAINT_FOREIGN ? ValidatedKind::ForeignKey
																 : ValidatedKind::Other;
		sub.validate.noInherit = v.state.noInherit;
		if (!v.state.exists || v.state.validated)
			continue;
		if (v.state.type == CONSTRAINT_FOREIGN && OidIsValid(v.state.referenced))
		{
			sub.validate.referenced = relationName(v.state.referenced);
			sub.validate.referencedHeldLock = heldLockOn(v.state.referenced);
		}
		validations.push_back(v);
	}

	if (validations.empty())
		return validations;

	/* the table and what lies above it: a lock on a parent holds up the writes routed through it */
	facts.alterTable.heldLock = heldLockOn(relid_);
	for (Oid ancestor : ancestors(relid_))
	{
		LockMode held = heldLockOn(ancestor);
		if (held > facts.alterTable.heldLock)
		{
			facts.alterTable.heldLock = held;
			facts.alterTable.heldLockOn = relationName(ancestor);
		}
	}
	return validations;
}

/* Does a lock the transaction holds block others while the validations read? */
bool
StatementReader::validationUnderHeldLock(const StatementFacts &facts, const std::vector<Validation> &validations,
										 bool recurse) const
{
	if (facts.alterTable.heldLock >= LockMode::Share)
		return true;
	bool children = false;
	for (const Validation &v : validations)
	{
		const SubcommandFacts &sub = facts.alterTable.subcommands[v.subcommand];
		if (sub.validate.referencedHeldLock >= LockMode::Share)
			return true;
		children = children || (v.state.type == CONSTRAINT_CHECK && !v.state.noInherit && recurse);
	}
	if (children && relationHasChildren(relid_))
		for (const Descendant &d : descendants(relid_))
		{
			checkForInterrupts();
			if (heldLockOn(d.relid) >= LockMode::Share)
				return true;
		}
	return false;
}

/*
 * Where each validated constraint is not yet valid: the table, and the
 * children it recurses to.  A constraint not yet in the catalog is not
 * valid anywhere its ADD put it.
 */
void
StatementReader::readValidations(StatementFacts &facts, const std::vector<Validation> &validations)
{
	for (const Validation &v : validations)
	{
		SubcommandFacts &sub = facts.alterTable.subcommands[v.subcommand];

		if (v.notInCatalog)
		{
			for (std::size_t r = 0; r < relids_.size(); r++)
				sub.validate.notValidIn.push_back(static_cast<int>(r));
			continue;
		}
		for (std::size_t r = 0; r < relids_.size(); r++)
		{
			checkForInterrupts();
			ConstraintState state = constraintState(relids_[r], *sub.constraint.name);
			if (state.exists && !state.validated)
				sub.validate.notValidIn.push_back(static_cast<int>(r));
			else if (r == 0)
				break; /* valid already: VALIDATE does nothing */
		}
	}
}

/*
 * A foreign key added to a partitioned table adopts, in each partition, an
 * equivalent validated key that is already there (the second half of the
 * safe recipe) instead of validating again, at any level of the tree: a
 * partitioned partition with such a key takes everything below it along.
 * Note which partitions have one.
 */
void
StatementReader::readAdoptableForeignKeys(StatementFacts &facts, const AlterTableStmt *stmt)
{
	if (facts.table.relations.empty() || facts.table.target().kind != RelationKind::PartitionedTable)
		return;

	for (int i = 0; i < list_length(stmt->cmds); i++)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) list_nth(stmt->cmds, i);
		SubcommandFacts &sub = facts.alterTable.subcommands[i];

		if (sub.kind != SubcommandKind::AddConstraint || sub.constraint.kind != ConstraintKind::ForeignKey ||
			!sub.constraint.foreignKey.referencedFound)
			continue;

		const Constraint *c = (const Constraint *) cmd->def;
		Oid referenced = lookupRelation(c->pktable);
		if (!OidIsValid(referenced))
			continue; /* created by the script: no partition has a key to it yet */
		ForeignKeyShape shape{referenced,
							  sub.constraint.foreignKey.columns,
							  referencedKey(referenced, sub.constraint.foreignKey.referencedColumns),
							  c->fk_upd_action,
							  c->fk_del_action,
							  c->fk_matchtype,
							  c->deferrable,
							  c->initdeferred};
		if (shape.referencedColumns.empty())
			continue;
		for (int r = 1; r < static_cast<int>(facts.table.relations.size()); r++)
		{
			RelationKind kind = facts.table.relations[r].kind;
			checkForInterrupts();
			if ((kind == RelationKind::Table || kind == RelationKind::PartitionedTable) &&
				hasAdoptableForeignKey(relids_[r], shape))
				sub.constraint.foreignKey.validatedIn.push_back(r);
		}
	}
}

/* Where each relation of the tree read is in RelationTree::relations, by OID. */
std::unordered_map<Oid, int>
StatementReader::treeIndexOf() const
{
	std::unordered_map<Oid, int> indexOf;
	for (std::size_t i = 0; i < relids_.size(); i++)
		indexOf[relids_[i]] = static_cast<int>(i);
	return indexOf;
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

TextSpan
StatementReader::spanFrom(const SqlText &sql, int location, const std::vector<std::size_t> &boundaries) const
{
	if (location < 0 || static_cast<std::size_t>(location) < base_)
		return TextSpan{};
	std::size_t begin = relative(location);
	for (std::size_t boundary : boundaries)
		if (boundary > begin)
			return sql.span(begin, boundary);
	return TextSpan{};
}

/*
 * Spans inside ADD COLUMN: each constraint runs from its location to the
 * next constraint, COLLATE clause or the end of the subcommand.
 */
void
StatementReader::readColumnText(const SqlText &sql, const ColumnDef *def, SubcommandFacts &sub)
{
	ColumnFacts &column = sub.column;
	std::vector<std::size_t> boundaries;
	const ListCell *lc;

	if (!sub.span.valid())
		return;
	foreach (lc, def->constraints)
	{
		int location = ((const Constraint *) lfirst(lc))->location;
		if (location >= 0 && static_cast<std::size_t>(location) >= base_)
			boundaries.push_back(relative(location));
	}
	if (def->collClause && def->collClause->location >= 0)
		boundaries.push_back(relative(def->collClause->location));
	boundaries.push_back(sub.span.end);
	std::sort(boundaries.begin(), boundaries.end());

	if (def->typeName && def->compression == nullptr)
		column.typeSpan = spanFrom(sql, def->typeName->location, boundaries);

	std::size_t next = 0;
	const List *constraints = def->constraints;
	for (int i = 0; i < list_length(constraints); i++)
	{
		const Constraint *c = (const Constraint *) list_nth(constraints, i);
		TextSpan span = spanFrom(sql, c->location, boundaries);

		if (isIndexOrForeignKey(c->contype) || c->contype == CONSTR_CHECK)
		{
			/* take the DEFERRABLE ... that follow along */
			for (int j = i + 1; j < list_length(constraints); j++)
			{
				const Constraint *attr = (const Constraint *) list_nth(constraints, j);
				if (!isAttribute(attr->contype))
					break;
				TextSpan attrSpan = spanFrom(sql, attr->location, boundaries);
				span = span.valid() && attrSpan.valid() ? TextSpan::of(span.begin, attrSpan.end) : TextSpan{};
			}
			if (next < column.constraints.size())
			{
				ConstraintFacts &constraint = column.constraints[next++];
				constraint.span = span;
				/* a CHECK's own text, from the CHECK keyword on, to add it as a table constraint */
				if (c->contype == CONSTR_CHECK && span.valid())
					for (int t = sql.tokenAt(span.begin); t >= 0 && sql.start(t) < span.end; t++)
						if (sql.isKeyword(t, "check"))
						{
							constraint.checkBody = sql.span(sql.start(t), span.end);
							break;
						}
			}
		}
		else if (c->contype == CONSTR_NOTNULL)
			column.notNullSpans.push_back(span);
		else if (c->contype == CONSTR_DEFAULT || c->contype == CONSTR_IDENTITY || c->contype == CONSTR_GENERATED)
		{
			/* from the DEFAULT / GENERATED keyword, without a CONSTRAINT name */
			int token = span.valid() ? sql.tokenAt(span.begin) : -1;
			if (token >= 0 && sql.isKeyword(token, "constraint"))
				token += 2;
			if (token < 0 || sql.start(token) >= span.end)
			{
				column.fillSpan = TextSpan{};
				continue;
			}
			column.fillSpan = sql.span(sql.start(token), span.end);
			if (c->contype == CONSTR_DEFAULT && sql.start(token + 1) < span.end)
				column.fillExpression = sql.span(sql.start(token + 1), span.end);
		}
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

void
StatementReader::readRelationStatementText(StatementFacts &facts)
{
	const Node *node = pstmt_->utilityStmt;

	if (facts.kind == StatementKind::AttachPartition)
	{
		for (std::size_t i = 0; i < facts.attachPartition.missingIndexes.size() && i < indexOids_.size(); i++)
			facts.attachPartition.missingIndexes[i].definition = indexDefinition(indexOids_[i]);
		facts.text = SqlText(facts.text).statement();
		return;
	}

	SqlText sql(facts.text);

	if (IsA(node, IndexStmt))
	{
		const IndexStmt *stmt = (const IndexStmt *) node;
		int location = stmt->relation->location;
		int token = location >= 0 && static_cast<std::size_t>(location) >= base_ ? sql.tokenAt(relative(location)) : -1;

		if (token >= 0)
		{
			int next = sql.skipQualifiedName(token);
			if (sql.start(next) < sql.end())
				facts.createIndex.definition = sql.span(sql.start(next), sql.end());
		}
		return;
	}

	const AlterTableStmt *stmt = (const AlterTableStmt *) node;
	int location = stmt->relation->location;
	if (location < 0 || static_cast<std::size_t>(location) < base_)
		return;

	std::vector<TextSpan> spans = sql.subcommandSpans(relative(location), facts.alterTable.subcommands.size());
	for (std::size_t i = 0; i < spans.size(); i++)
	{
		SubcommandFacts &sub = facts.alterTable.subcommands[i];
		sub.span = spans[i];
		if (sub.kind == SubcommandKind::AddColumn)
			readColumnText(sql, (const ColumnDef *) ((const AlterTableCmd *) list_nth(stmt->cmds, i))->def, sub);
		else if (sub.kind == SubcommandKind::AlterColumnType && sub.span.valid())
		{
			/* "varchar(10) [COLLATE c] [USING expr]", and the expression after USING */
			const ColumnDef *def = (const ColumnDef *) ((const AlterTableCmd *) list_nth(stmt->cmds, i))->def;
			sub.alterType.typeClause = spanFrom(sql, def->typeName->location, {sub.span.end});
			if (def->raw_default && sub.alterType.typeClause.valid())
				for (int t = sql.tokenAt(sub.alterType.typeClause.begin); t >= 0 && sql.start(t) < sub.span.end; t++)
					if (sql.isKeyword(t, "using") && sql.start(t + 1) < sub.span.end)
					{
						sub.alterType.usingExpression = sql.span(sql.start(t + 1), sub.span.end);
						break;
					}
		}
		else if (sub.kind == SubcommandKind::SetExpression)
			readSetExpressionText(sql, sub);
		else if (sub.kind == SubcommandKind::AddConstraint && sub.constraint.kind == ConstraintKind::Check &&
				 sub.span.valid())
		{
			/* from the CHECK keyword on: "CHECK (...) [NO INHERIT]", without ADD [CONSTRAINT name] */
			for (int t = sql.tokenAt(sub.span.begin); t >= 0 && sql.start(t) < sub.span.end; t++)
				if (sql.isKeyword(t, "check"))
				{
					sub.constraint.checkBody = sql.span(sql.start(t), sub.span.end);
					break;
				}
		}
	}
}

} /* namespace pgsafe */
