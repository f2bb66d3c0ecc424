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
#include <unordered_set>

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
	uint64 toastBytes;
	NameData schema;
	NameData name;
	int npartkey;
	bool partkeyExpression;
	NameData partkey[PARTITION_MAX_KEYS];
};

struct ColumnRead
{
	bool exists;
	bool marked; /* a valid NOT NULL constraint (before 18: attnotnull) */
	bool proven;
	bool hasInvalidNotNull; /* 18: a NOT VALID one, named invalidNotNull */
	NameData invalidNotNull;
};

enum
{
	RAW_STABLE,
	RAW_VOLATILE,
	RAW_UNKNOWN
};

struct DomainRead
{
	bool isDomain;
	bool constrained;
	bool hasDefault;
	bool defaultVolatile;
};

Oid
lookup_relation(const RangeVar *rv)
{
	/*
	 * Resolve the name as PostgreSQL will once it has its lock, which takes
	 * in the catalog changes other sessions committed since this
	 * transaction last did: a table dropped and created again, or two tables
	 * swapped by renaming, must not leave pgsafe looking at the old one.
	 */
	AcceptInvalidationMessages();

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

bool
check_depth_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	CHECK_FOR_INTERRUPTS();
	return pgsafe_expression_tree_walker(node, check_depth_walker, context);
}

/*
 * Do rel's validated CHECK constraints prove attnum NOT NULL, the way
 * ALTER TABLE ... SET NOT NULL decides whether it may skip its scan
 * (NotNullImpliedByRelConstraints)?  PostgreSQL runs each constraint through
 * eval_const_expressions() first, which executes the IMMUTABLE functions in
 * it -- written by the table's owner, run as whoever called pgsafe.  pgsafe
 * must not, so it gives predicate_implied_by() the stored expressions as
 * they are.  With weak implication and a NullTest to prove, that does
 * nothing but compare nodes (a "col IS NOT NULL" conjunct, possibly under
 * AND and OR), and executes nothing.  A proof that would need constant
 * folding is not made: pgsafe then says the column is read, which errs on
 * the side of a warning.
 */
bool
proven_not_null(Relation rel, AttrNumber attnum)
{
	TupleConstr *constr = RelationGetDescr(rel)->constr;
	Form_pg_attribute attr = TupleDescAttr(RelationGetDescr(rel), attnum - 1);
	List *existing = NIL;
	NullTest *test;

	if (constr == NULL || constr->num_check == 0)
		return false;
	for (int i = 0; i < constr->num_check; i++)
	{
		Node *expr;

		if (!constr->check[i].ccvalid)
			continue;
		expr = (Node *) stringToNode(constr->check[i].ccbin);
		/* the proof recurses over the expression: refuse one too deep for the stack first */
		check_depth_walker(expr, NULL);
		existing = list_concat(existing, make_ands_implicit((Expr *) expr));
	}
	if (existing == NIL)
		return false;

	test = makeNode(NullTest);
	test->arg = (Expr *) makeVar(1, attnum, attr->atttypid, attr->atttypmod, attr->attcollation, 0);
	test->nulltesttype = IS_NOT_NULL;
	test->argisrow = false;
	test->location = -1;
	return predicate_implied_by(list_make1(test), existing, true);
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

	if (out->relkind == RELKIND_PARTITIONED_TABLE)
	{
		HeapTuple parttuple = SearchSysCache1(PARTRELID, ObjectIdGetDatum(relid));

		if (HeapTupleIsValid(parttuple))
		{
			Form_pg_partitioned_table part = (Form_pg_partitioned_table) GETSTRUCT(parttuple);

			for (int i = 0; i < part->partnatts && i < PARTITION_MAX_KEYS; i++)
			{
				char *attname;

				if (part->partattrs.values[i] == InvalidAttrNumber)
				{
					out->partkeyExpression = true;
					continue;
				}
				attname = get_attname(relid, part->partattrs.values[i], true);
				if (attname)
					namestrcpy(&out->partkey[out->npartkey++], attname);
			}
			ReleaseSysCache(parttuple);
		}
	}

	for (int i = 0; i < ncolumns; i++)
	{
		HeapTuple atttuple;

		CHECK_FOR_INTERRUPTS();
		atttuple = SearchSysCacheAttName(relid, columns[i]);

		if (!HeapTupleIsValid(atttuple))
			continue;
		Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(atttuple);
		cols[i].exists = true;
		cols[i].marked = att->attnotnull;
		/* 18: attnotnull also for a NOT VALID constraint, which proves nothing */
		if (cols[i].marked)
		{
			char *invalid = pgsafe_invalid_not_null(relid, att->attnum);

			if (invalid)
			{
				cols[i].marked = false;
				cols[i].hasInvalidNotNull = true;
				namestrcpy(&cols[i].invalidNotNull, invalid);
				pfree(invalid);
			}
		}
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

	/* a table with rows: its TOAST table too, under the same never-wait rule */
	if (out->bytes > 0 && OidIsValid(rel->rd_rel->reltoastrelid))
	{
		Oid toastrelid = rel->rd_rel->reltoastrelid;

		if (!ConditionalLockRelationOid(toastrelid, AccessShareLock))
			out->sizeKnown = false;
		else
		{
			Relation toast = try_relation_open(toastrelid, NoLock);

			if (toast != NULL)
			{
				out->toastBytes = (uint64) RelationGetNumberOfBlocks(toast) * BLCKSZ;
				relation_close(toast, AccessShareLock);
			}
			else
				UnlockRelationOid(toastrelid, AccessShareLock);
		}
	}

	for (int i = 0; i < ncolumns; i++)
	{
		CHECK_FOR_INTERRUPTS();
		/* 18: over a NOT VALID NOT NULL, SET NOT NULL and ADD PRIMARY KEY validate it, or refuse: no proof helps */
		if (cols[i].exists && !cols[i].marked && !cols[i].hasInvalidNotNull)
		{
			AttrNumber attnum = get_attnum(relid, columns[i]);

			if (attnum > 0)
				cols[i].proven = proven_not_null(rel, attnum);
		}
	}

	/* releases our lock at once, unless the transaction held it already */
	relation_close(rel, AccessShareLock);
}

/* The direct inheritance parents of relid (a partition has one). */
OidArray
read_parents(Oid relid)
{
	return scan_catalog_oids(
		InheritsRelationId, InheritsRelidSeqnoIndexId, Anum_pg_inherits_inhrelid, relid, Anum_pg_inherits_inhparent);
}

/* The direct inheritance children or partitions of relid. */
OidArray
read_children(Oid relid)
{
	OidArray result = {NULL, 0};
	List *children;
	ListCell *lc;

	if (!get_rel_relkind(relid))
		return result;
	children = find_inheritance_children(relid, NoLock);
	result.oids = (Oid *) palloc(sizeof(Oid) * Max(list_length(children), 1));
	foreach (lc, children)
		result.oids[result.count++] = lfirst_oid(lc);
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

/* An int2[] column of a pg_constraint row as attribute numbers; false if null or not one-dimensional. */
bool
constraint_attnums(HeapTuple tuple, TupleDesc desc, AttrNumber attribute, int16 **attnums, int *count)
{
	bool isnull;
	Datum value = heap_getattr(tuple, attribute, desc, &isnull);
	ArrayType *array;

	if (isnull)
		return false;
	array = DatumGetArrayTypeP(value);
	if (ARR_NDIM(array) != 1 || ARR_HASNULL(array) || ARR_ELEMTYPE(array) != INT2OID)
		return false;
	*attnums = (int16 *) ARR_DATA_PTR(array);
	*count = ARR_DIMS(array)[0];
	return true;
}

/*
 * The columns of confrelid a foreign key references: the named ones, or its
 * primary key's (what transformFkeyGetPrimaryKey() picks).  The count is 0
 * when they cannot be found: PostgreSQL then refuses the key.
 */
int
referenced_attnums(Oid confrelid, const char *const *names, int nnames, AttrNumber *attnums)
{
	Relation conrel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tuple;
	int count = 0;

	if (nnames > INDEX_MAX_KEYS)
		return 0;
	if (nnames > 0)
	{
		for (int i = 0; i < nnames; i++)
		{
			attnums[i] = get_attnum(confrelid, names[i]);
			if (attnums[i] == InvalidAttrNumber)
				return 0;
		}
		return nnames;
	}

	conrel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(confrelid));
	scan = systable_beginscan(conrel, ConstraintRelidTypidNameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		int16 *conkey;
		int n;

		CHECK_FOR_INTERRUPTS();
		if (((Form_pg_constraint) GETSTRUCT(tuple))->contype != CONSTRAINT_PRIMARY ||
			!constraint_attnums(tuple, RelationGetDescr(conrel), Anum_pg_constraint_conkey, &conkey, &n) ||
			n > INDEX_MAX_KEYS)
			continue;
		for (int i = 0; i < n; i++)
			attnums[i] = conkey[i];
		count = n;
		break;
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);
	return count;
}

/*
 * Does relid hold a foreign key that tryAttachPartitionForeignKey() would
 * adopt for the new one: no parent constraint yet, validated, the same
 * referenced table and columns on both sides (by name: a partition's column
 * numbers may differ from its parent's), the same actions, match type and
 * deferrability.
 */
bool
has_adoptable_fk(Oid relid, Oid confrelid, const char *const *columns, int ncolumns, const AttrNumber *refattnums,
				 int nrefattnums, char upd, char del, char match, bool deferrable, bool deferred)
{
	Relation conrel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tuple;
	bool found = false;
	AttrNumber fkattnums[INDEX_MAX_KEYS];

	if (ncolumns != nrefattnums || ncolumns == 0 || ncolumns > INDEX_MAX_KEYS)
		return false;
	for (int i = 0; i < ncolumns; i++)
		fkattnums[i] = get_attnum(relid, columns[i]);

	conrel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(conrel, ConstraintRelidTypidNameIndexId, true, NULL, 1, &key);
	while (!found && HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tuple);
		int16 *conkey;
		int16 *confkey;
		int nkey;
		int nfkey;

		CHECK_FOR_INTERRUPTS();
		if (con->contype != CONSTRAINT_FOREIGN || con->confrelid != confrelid || !con->convalidated ||
			OidIsValid(con->conparentid) || con->confupdtype != upd || con->confdeltype != del ||
			con->confmatchtype != match || con->condeferrable != deferrable || con->condeferred != deferred)
			continue;
		if (!constraint_attnums(tuple, RelationGetDescr(conrel), Anum_pg_constraint_conkey, &conkey, &nkey) ||
			!constraint_attnums(tuple, RelationGetDescr(conrel), Anum_pg_constraint_confkey, &confkey, &nfkey) ||
			nkey != ncolumns || nfkey != ncolumns)
			continue;
		found = true;
		for (int i = 0; i < ncolumns; i++)
			if (conkey[i] != fkattnums[i] || confkey[i] != refattnums[i])
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

int
combine_volatility(int a, int b)
{
	if (a == RAW_VOLATILE || b == RAW_VOLATILE)
		return RAW_VOLATILE;
	return a == RAW_UNKNOWN || b == RAW_UNKNOWN ? RAW_UNKNOWN : RAW_STABLE;
}

int
name_list_volatility(List *names, int nargs)
{
	FuncCandidateList candidates = FuncnameGetCandidates(names, nargs, NIL, true, true, false, true);
	bool anyVolatile = false;
	bool anyOther = false;

	if (candidates == NULL)
		return RAW_UNKNOWN;
	for (; candidates; candidates = candidates->next)
	{
		if (func_volatile(candidates->oid) == PROVOLATILE_VOLATILE)
			anyVolatile = true;
		else
			anyOther = true;
	}
	return anyVolatile ? (anyOther ? RAW_UNKNOWN : RAW_VOLATILE) : RAW_STABLE;
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

	/* the expression is raw: PostgreSQL's own analysis, with its checks, has not run yet */
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
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
				{
					RegProcedure code = get_opcode(candidates->oid);

					/* a shell operator has no function: PostgreSQL refuses to use it */
					if (!OidIsValid(code) || func_volatile(code) == PROVOLATILE_VOLATILE)
						return false;
				}
				return true;
			}
		default:
			return false;
	}
}

void
read_constraint_state(Oid relid, const char *name, ConstraintState *out)
{
	Oid conoid = get_relation_constraint_oid(relid, name, true);
	HeapTuple tuple;

	memset(out, 0, sizeof(*out));
	if (!OidIsValid(conoid))
		return;
	tuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	if (!HeapTupleIsValid(tuple))
		return;
	out->exists = true;
	out->type = ((Form_pg_constraint) GETSTRUCT(tuple))->contype;
	out->validated = ((Form_pg_constraint) GETSTRUCT(tuple))->convalidated;
	out->noInherit = ((Form_pg_constraint) GETSTRUCT(tuple))->connoinherit;
	out->referenced = ((Form_pg_constraint) GETSTRUCT(tuple))->confrelid;
	ReleaseSysCache(tuple);
}

/*
 * The type a column definition names, looked up the way PostgreSQL will,
 * but quietly: InvalidOid where PostgreSQL would raise an error (a schema
 * the user may not use, another database), and no typmod input function
 * is called.  %TYPE references are not followed.
 */
Oid
lookup_type_quietly(const TypeName *type)
{
	int nnames = type ? list_length(type->names) : 0;
	const char *schema;

	if (type == NULL || type->pct_type || nnames == 0 || nnames > 3)
		return InvalidOid;
	/* database.schema.type: the current database only, as LookupTypeName() allows */
	if (nnames == 3 && strcmp(strVal(linitial(type->names)), get_database_name(MyDatabaseId)) != 0)
		return InvalidOid;
	if (nnames >= 2)
	{
		schema = strVal(list_nth(type->names, nnames - 2));
		/* pg_temp is the session's own temporary schema, which it may always use */
		if (strcmp(schema, "pg_temp") != 0)
		{
			Oid nspid = get_namespace_oid(schema, true);

			if (!OidIsValid(nspid) || pgsafe_namespace_aclcheck(nspid, GetUserId(), ACL_USAGE) != ACLCHECK_OK)
				return InvalidOid;
		}
	}
	return LookupTypeNameOid(NULL, type, true);
}

/* Is type a domain with a DEFAULT (what build_column_default() gives a new column without one)? */
bool
read_domain_default(const TypeName *type, NameData *schema, NameData *name)
{
	Oid typid = lookup_type_quietly(type);
	HeapTuple tuple;
	bool found = false;

	if (!OidIsValid(typid))
		return false;
	tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tuple))
		return false;
	if (((Form_pg_type) GETSTRUCT(tuple))->typtype == TYPTYPE_DOMAIN &&
		(!heap_attisnull(tuple, Anum_pg_type_typdefaultbin, NULL) ||
		 !heap_attisnull(tuple, Anum_pg_type_typdefault, NULL)))
	{
		Oid nspid = ((Form_pg_type) GETSTRUCT(tuple))->typnamespace;
		/* the session's temporary schema goes by pg_temp, whatever its number */
		char *nspname = isTempNamespace(nspid) ? pstrdup("pg_temp") : get_namespace_name(nspid);

		namestrcpy(schema, nspname ? nspname : "");
		namestrcpy(name, NameStr(((Form_pg_type) GETSTRUCT(tuple))->typname));
		found = true;
	}
	ReleaseSysCache(tuple);
	return found;
}

/*
 * What PostgreSQL will find in a raw DEFAULT expression once it is
 * analysed, told apart without analysing it: a call whose every candidate
 * function is volatile makes it volatile (contain_volatile_functions() on
 * the cooked default, as ATExecAddColumn asks); one whose every candidate
 * is not volatile leaves it as its arguments are.  Where the candidates
 * disagree, or a node is not one of these, or constant folding could drop
 * a volatile part (COALESCE, CASE, AND, OR), the answer is unknown.
 */
int
raw_volatility(Node *node)
{
	ListCell *lc;
	int result = RAW_STABLE;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (node == NULL)
		return RAW_STABLE;
	switch (nodeTag(node))
	{
		case T_A_Const:
		case T_SQLValueFunction:
			return RAW_STABLE;
		case T_TypeCast:
			return raw_volatility(((TypeCast *) node)->arg);
		case T_NullTest:
			return raw_volatility((Node *) ((NullTest *) node)->arg);
		case T_A_ArrayExpr:
			foreach (lc, ((A_ArrayExpr *) node)->elements)
				result = combine_volatility(result, raw_volatility((Node *) lfirst(lc)));
			return result;
		case T_RowExpr:
			foreach (lc, ((RowExpr *) node)->args)
				result = combine_volatility(result, raw_volatility((Node *) lfirst(lc)));
			return result;
		case T_FuncCall:
			{
				FuncCall *call = (FuncCall *) node;

				if (call->agg_star || call->agg_order || call->agg_filter || call->over || call->agg_distinct ||
					call->func_variadic)
					return RAW_UNKNOWN;
				foreach (lc, call->args)
				{
					/* a named argument */
					Node *arg = (Node *) lfirst(lc);
					if (IsA(arg, NamedArgExpr))
						return RAW_UNKNOWN;
					result = combine_volatility(result, raw_volatility(arg));
				}
				return combine_volatility(result, name_list_volatility(call->funcname, list_length(call->args)));
			}
		case T_A_Expr:
			{
				A_Expr *expr = (A_Expr *) node;
				FuncCandidateList candidates;
				bool anyVolatile = false;
				bool anyOther = false;

				if (expr->kind != AEXPR_OP)
					return RAW_UNKNOWN;
				result = combine_volatility(raw_volatility(expr->lexpr), raw_volatility(expr->rexpr));
				candidates = OpernameGetCandidates(expr->name, expr->lexpr ? 'b' : 'l', true);
				if (candidates == NULL)
					return RAW_UNKNOWN;
				for (; candidates; candidates = candidates->next)
				{
					RegProcedure code = get_opcode(candidates->oid);

					/* a shell operator has no function: PostgreSQL refuses to use it */
					if (!OidIsValid(code))
						return RAW_UNKNOWN;
					if (func_volatile(code) == PROVOLATILE_VOLATILE)
						anyVolatile = true;
					else
						anyOther = true;
				}
				return combine_volatility(result, anyVolatile ? (anyOther ? RAW_UNKNOWN : RAW_VOLATILE) : RAW_STABLE);
			}
		default:
			return RAW_UNKNOWN;
	}
}

/*
 * Facts about the domain a new column's type names, from the catalog
 * alone: whether it or a domain below it has a constraint (NOT NULL or
 * CHECK; DomainHasConstraints() would plan their expressions, and so fold
 * them), and its DEFAULT, which a column without one gets.
 */
void
read_domain_facts(const TypeName *type, DomainRead *out)
{
	Oid typid = lookup_type_quietly(type);
	bool top = true;

	memset(out, 0, sizeof(*out));
	while (OidIsValid(typid))
	{
		HeapTuple tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
		Form_pg_type form;
		Oid base;

		CHECK_FOR_INTERRUPTS();
		if (!HeapTupleIsValid(tuple))
			return;
		form = (Form_pg_type) GETSTRUCT(tuple);
		if (form->typtype != TYPTYPE_DOMAIN)
		{
			ReleaseSysCache(tuple);
			return;
		}
		out->isDomain = true;
		if (form->typnotnull)
			out->constrained = true;
		if (top)
		{
			bool isnull;
			Datum bin = SysCacheGetAttr(TYPEOID, tuple, Anum_pg_type_typdefaultbin, &isnull);

			if (!isnull)
			{
				Node *expr = (Node *) stringToNode(TextDatumGetCString(bin));

				out->hasDefault = true;
				check_depth_walker(expr, NULL);
				out->defaultVolatile = contain_volatile_functions(expr);
			}
		}
		base = form->typbasetype;
		ReleaseSysCache(tuple);
		if (!out->constrained && scan_catalog_oids(ConstraintRelationId,
												   ConstraintTypidIndexId,
												   Anum_pg_constraint_contypid,
												   typid,
												   Anum_pg_constraint_oid)
										 .count > 0)
			out->constrained = true;
		typid = base;
		top = false;
	}
}

} /* namespace */

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

OidArray
scan_catalog_oids(Oid catalog, Oid index, AttrNumber keyColumn, Oid key, AttrNumber valueColumn)
{
	OidArray result = {NULL, 0};
	int capacity = 8;
	Relation rel = table_open(catalog, AccessShareLock);
	ScanKeyData scankey;
	SysScanDesc scan;
	HeapTuple tuple;

	result.oids = (Oid *) palloc(sizeof(Oid) * capacity);
	ScanKeyInit(&scankey, keyColumn, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(key));
	scan = systable_beginscan(rel, index, true, NULL, 1, &scankey);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool isnull;
		Datum value = heap_getattr(tuple, valueColumn, RelationGetDescr(rel), &isnull);

		CHECK_FOR_INTERRUPTS();
		if (isnull)
			continue;
		if (result.count == capacity)
		{
			capacity *= 2;
			result.oids = (Oid *) repalloc(result.oids, sizeof(Oid) * capacity);
		}
		result.oids[result.count++] = DatumGetObjectId(value);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

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
	return pgCall([rv]() noexcept { return lookup_relation(rv); });
}

bool
currentUserOwns(Oid relid)
{
	return pgCall([relid]() noexcept { return (bool) pgsafe_owns_relation(relid, GetUserId()); });
}

/* DefineIndex() requires CREATE on the schema of the table it indexes. */
bool
currentUserMayCreateIndex(Oid relid)
{
	return pgCall([relid]() noexcept {
		return pgsafe_namespace_aclcheck(get_rel_namespace(relid), GetUserId(), ACL_CREATE) == ACLCHECK_OK;
	});
}

/* PostgreSQL accepts REFERENCES on the table or on the referenced columns. */
bool
currentUserMayReference(Oid relid)
{
	return pgCall([relid]() noexcept {
		return pg_class_aclcheck(relid, GetUserId(), ACL_REFERENCES) == ACLCHECK_OK ||
			   pg_attribute_aclcheck_all(relid, GetUserId(), ACL_REFERENCES, ACLMASK_ANY) == ACLCHECK_OK;
	});
}

bool
currentUserMaySee(Oid relid)
{
	return pgCall([relid]() noexcept {
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
	pgCall([&]() noexcept { read_relation(relid, ncolumns ? namesData : NULL, ncolumns, &read, colsData); });

	if (!read.found)
		return false;
	facts.name = QualifiedName{NameStr(read.schema), NameStr(read.name)};
	facts.kind = toRelationKind(read.relkind);
	facts.isPartition = read.isPartition;
	facts.local = read.local;
	facts.sizeKnown = read.sizeKnown;
	facts.bytes = read.bytes;
	facts.toastBytes = read.toastBytes;
	facts.partitionKey.clear();
	for (int i = 0; i < read.npartkey; i++)
		facts.partitionKey.push_back(NameStr(read.partkey[i]));
	facts.partitionKeyExpression = read.partkeyExpression;
	facts.columns.clear();
	for (std::size_t i = 0; i < columns.size(); i++)
		facts.columns.push_back(ColumnNullability{columns[i],
												  cols[i].exists,
												  cols[i].marked,
												  cols[i].proven,
												  cols[i].hasInvalidNotNull ? NameStr(cols[i].invalidNotNull) : ""});
	return true;
}

bool
isSystemCatalog(Oid relid)
{
	return pgCall([relid]() noexcept {
		HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
		bool system = false;

		if (HeapTupleIsValid(tuple))
		{
			system = IsSystemClass(relid, (Form_pg_class) GETSTRUCT(tuple));
			ReleaseSysCache(tuple);
		}
		return system && !allowSystemTableMods;
	});
}

Oid
indexedTable(Oid index, bool &exclusion)
{
	bool isExclusion = false;
	Oid table = pgCall([index, &isExclusion]() noexcept {
		HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index));
		Oid relid = InvalidOid;

		if (HeapTupleIsValid(tuple))
		{
			Form_pg_index form = (Form_pg_index) GETSTRUCT(tuple);
			relid = form->indrelid;
			isExclusion = form->indisexclusion;
			ReleaseSysCache(tuple);
		}
		return relid;
	});
	exclusion = isExclusion;
	return table;
}

char
relationKind(Oid relid)
{
	return pgCall([relid]() noexcept { return get_rel_relkind(relid); });
}

bool
relationHasChildren(Oid relid)
{
	return pgCall([relid]() noexcept { return has_subclass(relid); });
}

QualifiedName
relationName(Oid relid)
{
	struct Names
	{
		const char *schema;
		const char *name;
	};
	Names names = pgCall([relid]() noexcept {
		Names n;
		n.schema = get_namespace_name(get_rel_namespace(relid));
		n.name = get_rel_name(relid);
		return n;
	});
	return QualifiedName{names.schema ? names.schema : "", names.name ? names.name : ""};
}

/*
 * Breadth first, so parents come before their children.  Multiple
 * inheritance can reach a child twice: it is kept once, where it is first
 * reached, and a set makes that check cost nothing per child.
 */
std::vector<Oid>
childrenOf(Oid relid)
{
	std::vector<Oid> result;
	if (!relationHasChildren(relid))
		return result;
	OidArray children = pgCall([relid]() noexcept { return read_children(relid); });
	result.assign(children.oids, children.oids + children.count);
	return result;
}

std::vector<Oid>
ancestors(Oid relid)
{
	std::vector<Oid> result;
	std::unordered_set<Oid> seen{relid};
	std::vector<Oid> pending{relid};

	for (std::size_t next = 0; next < pending.size(); next++)
	{
		Oid child = pending[next];
		checkForInterrupts();
		OidArray parents = pgCall([child]() noexcept { return read_parents(child); });
		for (int i = 0; i < parents.count; i++)
			if (seen.insert(parents.oids[i]).second)
			{
				result.push_back(parents.oids[i]);
				pending.push_back(parents.oids[i]);
			}
	}
	return result;
}

std::vector<Descendant>
descendants(Oid relid)
{
	std::vector<Descendant> result{Descendant{relid, -1}};
	std::unordered_set<Oid> seen{relid};

	for (std::size_t next = 0; next < result.size(); next++)
	{
		checkForInterrupts();
		for (Oid child : childrenOf(result[next].relid))
			if (seen.insert(child).second)
				result.push_back(Descendant{child, static_cast<int>(next)});
	}
	return result;
}

std::vector<AttrNumber>
referencedKey(Oid referenced, const std::vector<std::string> &columns)
{
	std::vector<const char *> names;
	for (const auto &column : columns)
		names.push_back(column.c_str());
	const char *const *namesData = names.data();
	int nnames = static_cast<int>(names.size());
	std::vector<AttrNumber> attnums(INDEX_MAX_KEYS);
	AttrNumber *out = attnums.data();

	int count = pgCall([referenced, namesData, nnames, out]() noexcept {
		return referenced_attnums(referenced, namesData, nnames, out);
	});
	attnums.resize(static_cast<std::size_t>(count));
	return attnums;
}

bool
hasAdoptableForeignKey(Oid relid, const ForeignKeyShape &shape)
{
	std::vector<const char *> names;
	for (const auto &column : shape.columns)
		names.push_back(column.c_str());
	const char *const *namesData = names.data();
	int ncolumns = static_cast<int>(names.size());
	const AttrNumber *refData = shape.referencedColumns.data();
	int nref = static_cast<int>(shape.referencedColumns.size());

	return pgCall([&]() noexcept {
		return has_adoptable_fk(relid,
								shape.referenced,
								namesData,
								ncolumns,
								refData,
								nref,
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
	NameArray array = pgCall([relid, name]() noexcept { return read_index_key_columns(relid, name); });
	std::vector<std::string> result;

	for (int i = 0; i < array.count; i++)
		result.push_back(array.names[i]);
	return result;
}

bool
columnExists(Oid relid, const std::string &column)
{
	const char *name = column.c_str();
	return pgCall([relid, name]() noexcept { return get_attnum(relid, name) != InvalidAttrNumber; });
}

bool
relationExistsInSchemaOf(Oid relid, const std::string &name)
{
	const char *cname = name.c_str();
	return pgCall([relid, cname]() noexcept { return OidIsValid(get_relname_relid(cname, get_rel_namespace(relid))); });
}

int
serverVersionNum()
{
	static int version = 0;
	if (version == 0)
		version = pgCall([]() noexcept { return atoi(GetConfigOption("server_version_num", false, false)); });
	return version;
}

LockMode
alterTableLockLevel(List *cmds)
{
	return toLockMode(pgCall([cmds]() noexcept { return AlterTableGetLockLevel(cmds); }));
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

ConstraintState
constraintState(Oid relid, const std::string &name)
{
	const char *cname = name.c_str();
	ConstraintState state;
	ConstraintState *out = &state;
	pgCall([relid, cname, out]() noexcept { read_constraint_state(relid, cname, out); });
	return state;
}

std::optional<QualifiedName>
domainWithDefault(const TypeName *type)
{
	struct Names
	{
		bool found;
		NameData schema;
		NameData name;
	};
	Names names;
	Names *out = &names;
	pgCall([type, out]() noexcept { out->found = read_domain_default(type, &out->schema, &out->name); });
	if (!names.found)
		return std::nullopt;
	return QualifiedName{NameStr(names.schema), NameStr(names.name)};
}

bool
defaultIsStable(Node *rawExpr)
{
	return pgCall([rawExpr]() noexcept { return expr_is_stable(rawExpr); });
}

DefaultVolatility
defaultVolatility(Node *rawExpr)
{
	int v = pgCall([rawExpr]() noexcept { return raw_volatility(rawExpr); });
	return v == RAW_VOLATILE ? DefaultVolatility::Volatile
		   : v == RAW_STABLE ? DefaultVolatility::NotVolatile
							 : DefaultVolatility::Unknown;
}

Oid
lookupTypeQuietly(const TypeName *type)
{
	return pgCall([type]() noexcept { return lookup_type_quietly(type); });
}

DomainFacts
domainFacts(const TypeName *type)
{
	DomainRead read;
	DomainRead *out = &read;
	pgCall([type, out]() noexcept { read_domain_facts(type, out); });
	return DomainFacts{read.isDomain, read.constrained, read.hasDefault, read.defaultVolatile};
}

std::string
optionValue(DefElem *option)
{
	if (option->arg == nullptr)
		return "true";
	return pgCall([option]() noexcept { return (const char *) defGetString(option); });
}

std::string
indexColumnName(IndexElem *elem)
{
	if (elem->indexcolname)
		return elem->indexcolname;
	if (elem->name)
		return elem->name;
	/* FigureIndexColname() recurses over the raw expression without a stack check of its own */
	checkRawTreeDepth(elem->expr);
	const char *figured = pgCall([elem]() noexcept { return (const char *) FigureIndexColname(elem->expr); });
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
	return pgCall([nsp, rel]() noexcept {
		Oid nspid = get_namespace_oid(nsp, true);
		return OidIsValid(nspid) && OidIsValid(get_relname_relid(rel, nspid));
	});
}

bool
LiveCatalog::constraintExists(const std::string &schema, const std::string &name) const
{
	const char *nsp = schema.c_str();
	const char *con = name.c_str();
	return pgCall([nsp, con]() noexcept {
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
	return static_cast<std::size_t>(pgCall([ctext, len, lim]() noexcept { return pg_mbcliplen(ctext, len, lim); }));
}

} /* namespace pgsafe */
