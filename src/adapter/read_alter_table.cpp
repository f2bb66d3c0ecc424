/*-------------------------------------------------------------------------
 *
 * read_alter_table.cpp
 *		Read ALTER TABLE's subcommands, constraints and columns into
 *		SubcommandFacts.
 *
 * The raw tree differs from what PostgreSQL executes in ways that matter
 * here (see PostgreSQL's parse_utilcmd.c): a column's DEFAULT, NOT NULL,
 * identity and generation expression are entries in ColumnDef.constraints,
 * not fields; column-level DEFERRABLE arrives as separate CONSTR_ATTR_*
 * entries after the constraint it modifies; serial is only a type name;
 * USING INDEX leaves the key columns to be read from pg_index.
 *
 * IDENTIFICATION
 *	  src/adapter/read_alter_table.cpp
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

bool
isAttribute(ConstrType type)
{
	return type == CONSTR_ATTR_DEFERRABLE || type == CONSTR_ATTR_NOT_DEFERRABLE || type == CONSTR_ATTR_DEFERRED ||
		   type == CONSTR_ATTR_IMMEDIATE;
}

bool
isIndexOrForeignKey(ConstrType type)
{
	return type == CONSTR_UNIQUE || type == CONSTR_PRIMARY || type == CONSTR_FOREIGN;
}

namespace {

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

/* Is the subcommand one that changes where or how the relation is stored? */
bool
isStorageChange(SubcommandKind kind) noexcept
{
	return kind == SubcommandKind::SetPersistence || kind == SubcommandKind::SetTablespace ||
		   kind == SubcommandKind::SetAccessMethod;
}

} /* namespace */

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

/*
 * ALTER INDEX: only its SET TABLESPACE is read.  The index is copied under
 * ACCESS EXCLUSIVE on it, and every query planned on its table opens each
 * of the table's indexes (get_relation_info()): the table, as
 * relations[0], is what it blocks, and it decides, as for the other rules,
 * whether others can see it and whether it is empty.
 */
void
StatementReader::readAlterIndex(StatementFacts &facts, const AlterTableStmt *stmt)
{
	const ListCell *lc;
	RelationFacts index;
	bool exclusion = false;

	facts.kind = StatementKind::AlterTable;
	facts.alterTable.only = true;
	facts.alterTable.lock = alterTableLockLevel(stmt->cmds);
	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		SubcommandFacts sub;

		checkForInterrupts();
		sub.phase = subcommandPhase(cmd);
		sub.kind = subcommandKindOf(cmd) == SubcommandKind::SetTablespace ? SubcommandKind::SetTablespace
																		  : SubcommandKind::Other;
		facts.alterTable.subcommands.push_back(sub);
	}

	const Oid table = indexedTable(relid_, exclusion);
	if (!OidIsValid(table) || !readRelation(relid_, {}, index))
		return;
	readTree(facts, table, {}, false, false);
	for (int i = 0; i < list_length(stmt->cmds) && !facts.table.relations.empty(); i++)
	{
		StorageChangeFacts &storage = facts.alterTable.subcommands[i].storage;

		if (facts.alterTable.subcommands[i].kind != SubcommandKind::SetTablespace)
			continue;
		readStorageChange(relid_, (const AlterTableCmd *) list_nth(stmt->cmds, i), storage);
		storage.index = true;
		storage.indexName = index.name.name;
		storage.indexBytes = index.bytes;
		storage.indexSizeKnown = index.sizeKnown;
		storage.exclusionIndex = exclusion;
	}
}

} /* namespace pgsafe */
