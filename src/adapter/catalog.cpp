/*-------------------------------------------------------------------------
 *
 * catalog.cpp
 *		Catalog reads for the rules: relations, sizes, columns, names.
 *
 * Two rules shape this file.  Nothing waits for a lock: a relation's size
 * is read under a conditional ACCESS SHARE lock that is released at once,
 * so pgsafe never queues behind a pending ACCESS EXCLUSIVE (where it would
 * itself block every later reader) and never keeps a lock PostgreSQL then
 * has to upgrade.  And nothing here raises an error PostgreSQL would not
 * raise anyway: lookups that could fail are made in a way that fails
 * quietly, and the statement's own execution reports the problem.
 *
 * The static functions are C-style: they run inside pgCall(), so they hold
 * no C++ objects and hand back plain data.
 *
 * IDENTIFICATION
 *	  src/adapter/catalog.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/catalog.hpp"

#include <cstring>

#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

struct RelationRead
{
	bool found;
	char relkind;
	bool isPartition;
	bool local;
	bool sizeKnown;
	uint64 bytes;
	NameData schema;
	NameData name;
};

struct ColumnRead
{
	bool exists;
	bool marked;
	bool proven;
};

Oid
lookup_relation(const RangeVar *rv)
{
	if (rv->catalogname && strcmp(rv->catalogname, get_database_name(MyDatabaseId)) != 0)
		return InvalidOid;

	if (rv->schemaname)
	{
		Oid nspid;

		/* temporary tables are never flagged */
		if (strncmp(rv->schemaname, "pg_temp", 7) == 0)
			return InvalidOid;
		nspid = get_namespace_oid(rv->schemaname, true);
		if (!OidIsValid(nspid) || pgsafe_namespace_aclcheck(nspid, GetUserId(), ACL_USAGE) != ACLCHECK_OK)
			return InvalidOid;
	}
	return RangeVarGetRelidExtended(rv, NoLock, RVR_MISSING_OK, NULL, NULL);
}

/* Do rel's attnotnull flags and validated CHECK constraints prove attnum NOT NULL? */
bool
proven_not_null(Relation rel, AttrNumber attnum)
{
	Form_pg_attribute attr = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	NullTest *test = makeNode(NullTest);

	test->arg = (Expr *) makeVar(1, attnum, attr->atttypid, attr->atttypmod, attr->attcollation, 0);
	test->nulltesttype = IS_NOT_NULL;
	test->argisrow = false;
	test->location = -1;
	return PartConstraintImpliedByRelConstraint(rel, list_make1(test));
}

void
read_relation(Oid relid, const char *const *columns, int ncolumns, RelationRead *out, ColumnRead *cols)
{
	HeapTuple tuple;
	Form_pg_class form;
	char *nspname;
	char relpersistence;
	Relation rel;

	memset(out, 0, sizeof(*out));
	if (ncolumns > 0)
		memset(cols, 0, sizeof(ColumnRead) * ncolumns);

	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return;
	form = (Form_pg_class) GETSTRUCT(tuple);
	out->found = true;
	out->relkind = form->relkind;
	out->isPartition = form->relispartition;
	relpersistence = form->relpersistence;
	namestrcpy(&out->name, NameStr(form->relname));
	nspname = get_namespace_name(form->relnamespace);
	namestrcpy(&out->schema, nspname ? nspname : "");
	ReleaseSysCache(tuple);

	for (int i = 0; i < ncolumns; i++)
	{
		HeapTuple atttuple = SearchSysCacheAttName(relid, columns[i]);

		if (!HeapTupleIsValid(atttuple))
			continue;
		cols[i].exists = true;
		cols[i].marked = ((Form_pg_attribute) GETSTRUCT(atttuple))->attnotnull;
		cols[i].proven = cols[i].marked;
		ReleaseSysCache(atttuple);
	}

	/* a temporary table (ours or, for PostgreSQL to refuse, another session's) blocks nobody */
	if (relpersistence == RELPERSISTENCE_TEMP)
	{
		out->local = true;
		out->sizeKnown = true;
		return;
	}

	/* never wait: a refused lock means someone holds or awaits a conflicting one */
	if (!ConditionalLockRelationOid(relid, AccessShareLock))
		return;
	rel = try_relation_open(relid, NoLock);
	if (rel == NULL)
	{
		UnlockRelationOid(relid, AccessShareLock);
		out->found = false;
		return;
	}

	out->local = RELATION_IS_LOCAL(rel);
	if (RELKIND_HAS_STORAGE(rel->rd_rel->relkind))
		out->bytes = (uint64) RelationGetNumberOfBlocks(rel) * BLCKSZ;
	out->sizeKnown = true;

	for (int i = 0; i < ncolumns; i++)
	{
		if (cols[i].exists && !cols[i].marked)
		{
			AttrNumber attnum = get_attnum(relid, columns[i]);

			if (attnum > 0)
				cols[i].proven = proven_not_null(rel, attnum);
		}
	}

	/* releases our lock at once, unless the transaction held it already */
	relation_close(rel, AccessShareLock);
}

struct OidArray
{
	Oid *oids;
	int *parents;
	int count;
};

OidArray
read_descendants(Oid relid)
{
	OidArray result;
	int capacity = 16;

	result.oids = (Oid *) palloc(capacity * sizeof(Oid));
	result.parents = (int *) palloc(capacity * sizeof(int));
	result.oids[0] = relid;
	result.parents[0] = -1;
	result.count = 1;

	/* breadth first, so parents come before their children */
	for (int next = 0; next < result.count; next++)
	{
		List *children;
		ListCell *lc;

		if (!get_rel_relkind(result.oids[next]) || !has_subclass(result.oids[next]))
			continue;
		children = find_inheritance_children(result.oids[next], NoLock);
		foreach (lc, children)
		{
			Oid child = lfirst_oid(lc);
			bool seen = false;

			/* multiple inheritance can reach a child twice */
			for (int i = 0; i < result.count; i++)
				seen = seen || result.oids[i] == child;
			if (seen)
				continue;
			if (result.count == capacity)
			{
				capacity *= 2;
				result.oids = (Oid *) repalloc(result.oids, capacity * sizeof(Oid));
				result.parents = (int *) repalloc(result.parents, capacity * sizeof(int));
			}
			result.oids[result.count] = child;
			result.parents[result.count] = next;
			result.count++;
		}
	}
	return result;
}

struct NameArray
{
	char **names;
	int count;
};

NameArray
read_index_key_columns(Oid relid, const char *indexName)
{
	NameArray result = {NULL, 0};
	Oid indexOid = get_relname_relid(indexName, get_rel_namespace(relid));
	HeapTuple tuple;
	Form_pg_index form;

	if (!OidIsValid(indexOid))
		return result;
	tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexOid));
	if (!HeapTupleIsValid(tuple))
		return result;
	form = (Form_pg_index) GETSTRUCT(tuple);
	if (form->indrelid == relid)
	{
		result.names = (char **) palloc0(sizeof(char *) * (form->indnkeyatts + 1));
		for (int i = 0; i < form->indnkeyatts; i++)
		{
			AttrNumber attnum = form->indkey.values[i];

			/* an expression: PostgreSQL refuses USING INDEX on it */
			if (attnum <= 0)
			{
				result.count = 0;
				break;
			}
			result.names[result.count++] = get_attname(relid, attnum, false);
		}
	}
	ReleaseSysCache(tuple);
	return result;
}

bool
has_adoptable_fk(Oid relid, Oid confrelid, const char *const *columns, int ncolumns, char upd, char del, char match,
				 bool deferrable, bool deferred)
{
	Relation conrel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tuple;
	bool found = false;

	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(conrel, ConstraintRelidTypidNameIndexId, true, NULL, 1, &key);
	while (!found && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tuple);
		bool isnull;
		Datum conkey;
		ArrayType *array;
		int16 *attnums;

		if (con->contype != CONSTRAINT_FOREIGN || con->confrelid != confrelid || !con->convalidated ||
			OidIsValid(con->conparentid) || con->confupdtype != upd || con->confdeltype != del ||
			con->confmatchtype != match || con->condeferrable != deferrable || con->condeferred != deferred)
			continue;

		conkey = heap_getattr(tuple, Anum_pg_constraint_conkey, RelationGetDescr(conrel), &isnull);
		if (isnull)
			continue;
		array = DatumGetArrayTypeP(conkey);
		if (ARR_NDIM(array) != 1 || ARR_DIMS(array)[0] != ncolumns)
			continue;
		attnums = (int16 *) ARR_DATA_PTR(array);
		found = true;
		for (int i = 0; i < ncolumns; i++)
			if (get_attnum(relid, columns[i]) != attnums[i])
				found = false;
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);
	return found;
}

bool
name_list_is_stable(List *candidatesNames, int nargs)
{
	FuncCandidateList candidates = FuncnameGetCandidates(candidatesNames, nargs, NIL, true, true, false, true);

	if (candidates == NULL)
		return false;
	for (; candidates; candidates = candidates->next)
		if (func_volatile(candidates->oid) == PROVOLATILE_VOLATILE)
			return false;
	return true;
}

/*
 * Conservative volatility of a raw DEFAULT expression: constants, casts,
 * SQL value functions (CURRENT_TIMESTAMP, ...) and calls of functions and
 * operators none of whose candidates is volatile.  Anything else counts as
 * volatile, which only makes the advice take the slower backfill path.
 */
bool
expr_is_stable(Node *node)
{
	ListCell *lc;

	if (node == NULL)
		return true;
	switch (nodeTag(node))
	{
		case T_A_Const:
		case T_SQLValueFunction:
			return true;
		case T_TypeCast:
			return expr_is_stable(((TypeCast *) node)->arg);
		case T_FuncCall:
			{
				FuncCall *call = (FuncCall *) node;

				if (call->agg_star || call->agg_order || call->agg_filter || call->over)
					return false;
				foreach (lc, call->args)
					if (!expr_is_stable((Node *) lfirst(lc)))
						return false;
				return name_list_is_stable(call->funcname, list_length(call->args));
			}
		case T_A_Expr:
			{
				A_Expr *expr = (A_Expr *) node;
				FuncCandidateList candidates;

				if (expr->kind != AEXPR_OP)
					return false;
				if (!expr_is_stable(expr->lexpr) || !expr_is_stable(expr->rexpr))
					return false;
				candidates = OpernameGetCandidates(expr->name, expr->lexpr ? 'b' : 'l', true);
				if (candidates == NULL)
					return false;
				for (; candidates; candidates = candidates->next)
					if (func_volatile(get_opcode(candidates->oid)) == PROVOLATILE_VOLATILE)
						return false;
				return true;
			}
		default:
			return false;
	}
}

RelationKind
toRelationKind(char relkind)
{
	switch (relkind)
	{
		case RELKIND_RELATION:
			return RelationKind::Table;
		case RELKIND_PARTITIONED_TABLE:
			return RelationKind::PartitionedTable;
		case RELKIND_MATVIEW:
			return RelationKind::MaterializedView;
		case RELKIND_FOREIGN_TABLE:
			return RelationKind::ForeignTable;
		default:
			return RelationKind::Other;
	}
}

} /* namespace */

LockMode
toLockMode(LOCKMODE mode)
{
	switch (mode)
	{
		case AccessShareLock:
			return LockMode::AccessShare;
		case RowShareLock:
			return LockMode::RowShare;
		case RowExclusiveLock:
			return LockMode::RowExclusive;
		case ShareUpdateExclusiveLock:
			return LockMode::ShareUpdateExclusive;
		case ShareLock:
			return LockMode::Share;
		case ShareRowExclusiveLock:
			return LockMode::ShareRowExclusive;
		case ExclusiveLock:
			return LockMode::Exclusive;
		case AccessExclusiveLock:
			return LockMode::AccessExclusive;
		default:
			return LockMode::AccessExclusive;
	}
}

Oid
lookupRelation(const RangeVar *rv)
{
	return pgCall([rv] { return lookup_relation(rv); });
}

bool
currentUserOwns(Oid relid)
{
	return pgCall([relid] { return (bool) pgsafe_owns_relation(relid, GetUserId()); });
}

/* DefineIndex() requires CREATE on the schema of the table it indexes. */
bool
currentUserMayCreateIndex(Oid relid)
{
	return pgCall([relid] {
		return pgsafe_namespace_aclcheck(get_rel_namespace(relid), GetUserId(), ACL_CREATE) == ACLCHECK_OK;
	});
}

/* PostgreSQL accepts REFERENCES on the table or on the referenced columns. */
bool
currentUserMayReference(Oid relid)
{
	return pgCall([relid] {
		return pg_class_aclcheck(relid, GetUserId(), ACL_REFERENCES) == ACLCHECK_OK ||
			   pg_attribute_aclcheck_all(relid, GetUserId(), ACL_REFERENCES, ACLMASK_ANY) == ACLCHECK_OK;
	});
}

bool
currentUserMaySee(Oid relid)
{
	return pgCall([relid] {
		Oid roleid = GetUserId();
		Oid nspid = get_rel_namespace(relid);

		if (!OidIsValid(nspid) || pgsafe_namespace_aclcheck(nspid, roleid, ACL_USAGE) != ACLCHECK_OK)
			return false;
		return pg_class_aclmask(relid, roleid, ACL_ALL_RIGHTS_RELATION, ACLMASK_ANY) != 0 ||
			   pg_attribute_aclcheck_all(
				   relid, roleid, ACL_SELECT | ACL_INSERT | ACL_UPDATE | ACL_REFERENCES, ACLMASK_ANY) == ACLCHECK_OK;
	});
}

bool
readRelation(Oid relid, const std::vector<std::string> &columns, RelationFacts &facts)
{
	std::vector<const char *> names;
	for (const auto &column : columns)
		names.push_back(column.c_str());
	std::vector<ColumnRead> cols(columns.size());
	RelationRead read;

	const char *const *namesData = names.data();
	ColumnRead *colsData = cols.data();
	int ncolumns = static_cast<int>(columns.size());
	pgCall([&] { read_relation(relid, ncolumns ? namesData : NULL, ncolumns, &read, colsData); });

	if (!read.found)
		return false;
	facts.name = QualifiedName{NameStr(read.schema), NameStr(read.name)};
	facts.kind = toRelationKind(read.relkind);
	facts.isPartition = read.isPartition;
	facts.local = read.local;
	facts.sizeKnown = read.sizeKnown;
	facts.bytes = read.bytes;
	facts.columns.clear();
	for (std::size_t i = 0; i < columns.size(); i++)
		facts.columns.push_back(ColumnNullability{columns[i], cols[i].exists, cols[i].marked, cols[i].proven});
	return true;
}

char
relationKind(Oid relid)
{
	return pgCall([relid] { return get_rel_relkind(relid); });
}

bool
relationHasChildren(Oid relid)
{
	return pgCall([relid] { return has_subclass(relid); });
}

QualifiedName
relationName(Oid relid)
{
	struct Names
	{
		const char *schema;
		const char *name;
	};
	Names names = pgCall([relid] {
		Names n;
		n.schema = get_namespace_name(get_rel_namespace(relid));
		n.name = get_rel_name(relid);
		return n;
	});
	return QualifiedName{names.schema ? names.schema : "", names.name ? names.name : ""};
}

std::vector<Descendant>
descendants(Oid relid)
{
	OidArray array = pgCall([relid] { return read_descendants(relid); });
	std::vector<Descendant> result;

	for (int i = 0; i < array.count; i++)
		result.push_back(Descendant{array.oids[i], array.parents[i]});
	return result;
}

bool
hasAdoptableForeignKey(Oid relid, const ForeignKeyShape &shape)
{
	std::vector<const char *> names;
	for (const auto &column : shape.columns)
		names.push_back(column.c_str());
	const char *const *namesData = names.data();
	int ncolumns = static_cast<int>(names.size());

	return pgCall([&] {
		return has_adoptable_fk(relid,
								shape.referenced,
								namesData,
								ncolumns,
								shape.updateAction,
								shape.deleteAction,
								shape.matchType,
								shape.deferrable,
								shape.initiallyDeferred);
	});
}

std::vector<std::string>
indexKeyColumns(Oid relid, const std::string &indexName)
{
	const char *name = indexName.c_str();
	NameArray array = pgCall([relid, name] { return read_index_key_columns(relid, name); });
	std::vector<std::string> result;

	for (int i = 0; i < array.count; i++)
		result.push_back(array.names[i]);
	return result;
}

bool
columnExists(Oid relid, const std::string &column)
{
	const char *name = column.c_str();
	return pgCall([relid, name] { return get_attnum(relid, name) != InvalidAttrNumber; });
}

bool
relationExistsInSchemaOf(Oid relid, const std::string &name)
{
	const char *cname = name.c_str();
	return pgCall([relid, cname] { return OidIsValid(get_relname_relid(cname, get_rel_namespace(relid))); });
}

LockMode
alterTableLockLevel(List *cmds)
{
	return toLockMode(pgCall([cmds] { return AlterTableGetLockLevel(cmds); }));
}

LockMode
strongestLockHeld(Oid relid)
{
	/* PostgreSQL's lock modes, strongest first */
	static const LOCKMODE modes[] = {AccessExclusiveLock,
									 ExclusiveLock,
									 ShareRowExclusiveLock,
									 ShareLock,
									 ShareUpdateExclusiveLock,
									 RowExclusiveLock,
									 RowShareLock,
									 AccessShareLock};
	LOCKTAG tag;

	SET_LOCKTAG_RELATION(tag, MyDatabaseId, relid);
	for (LOCKMODE mode : modes)
		if (pgsafe_lock_held_by_me(&tag, mode))
			return toLockMode(mode);
	return LockMode::None;
}

bool
defaultIsStable(Node *rawExpr)
{
	return pgCall([rawExpr] { return expr_is_stable(rawExpr); });
}

std::string
optionValue(DefElem *option)
{
	if (option->arg == nullptr)
		return "true";
	return pgCall([option] { return (const char *) defGetString(option); });
}

std::string
indexColumnName(IndexElem *elem)
{
	if (elem->indexcolname)
		return elem->indexcolname;
	if (elem->name)
		return elem->name;
	const char *figured = pgCall([elem] { return (const char *) FigureIndexColname(elem->expr); });
	return figured ? figured : "expr";
}

bool
LiveCatalog::isQuotedKeyword(const std::string &word) const
{
	int kwnum = ScanKeywordLookup(word.c_str(), &ScanKeywords);
	return kwnum >= 0 && ScanKeywordCategories[kwnum] != UNRESERVED_KEYWORD;
}

bool
LiveCatalog::relationExists(const std::string &schema, const std::string &name) const
{
	const char *nsp = schema.c_str();
	const char *rel = name.c_str();
	return pgCall([nsp, rel] {
		Oid nspid = get_namespace_oid(nsp, true);
		return OidIsValid(nspid) && OidIsValid(get_relname_relid(rel, nspid));
	});
}

bool
LiveCatalog::constraintExists(const std::string &schema, const std::string &name) const
{
	const char *nsp = schema.c_str();
	const char *con = name.c_str();
	return pgCall([nsp, con] {
		Oid nspid = get_namespace_oid(nsp, true);
		return OidIsValid(nspid) && ConstraintNameExists(con, nspid);
	});
}

std::size_t
LiveCatalog::clipLength(const std::string &text, std::size_t limit) const
{
	if (text.size() <= limit)
		return text.size();
	const char *ctext = text.c_str();
	int len = static_cast<int>(text.size());
	int lim = static_cast<int>(limit);
	return static_cast<std::size_t>(pgCall([ctext, len, lim] { return pg_mbcliplen(ctext, len, lim); }));
}

} /* namespace pgsafe */
