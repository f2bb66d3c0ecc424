/*-------------------------------------------------------------------------
 *
 * alter_type.cpp
 *		Decide what ALTER COLUMN ... TYPE does, as PostgreSQL decides it.
 *
 * ATPrepAlterColumnType() (tablecmds.c) builds a transform: the USING
 * expression, or a Var of the column, coerced to the new type with
 * assignment semantics.  It plans it with expression_planner(), whose
 * eval_const_expressions() lets a function's support function simplify a
 * call (varchar_support() turns a length coercion that cannot shorten
 * anything into a RelabelType), and ATColumnChangeRequiresRewrite() then
 * says whether the table is rewritten: a Var of the column under
 * RelabelTypes, unconstrained domains and, with a UTC TimeZone, the
 * timestamp <-> timestamptz conversions, is not.
 *
 * pgsafe must never execute user code, and eval_const_expressions()
 * executes the IMMUTABLE functions it folds.  So it never plans anything:
 * it builds the same transform from a Var (coerce_to_target_type() only
 * reads the catalog to build nodes), for a USING clause only when it is the
 * column itself under explicit casts and COLLATE clauses, which it builds
 * the way the parser does (any other USING is not the column, and is
 * rewritten -- except that a USING through a user's LANGUAGE sql function
 * that PostgreSQL would inline down to the bare column is flagged, a false
 * alarm accepted rather than parse arbitrary input).  It then simplifies the nodes bottom-up as
 * eval_const_expressions() does, calling a function's support function with
 * SupportRequestSimplify exactly as simplify_function() does -- but only
 * when both the function and its support function are built in (OIDs below
 * FirstGenbkiObjectId): those are PostgreSQL's own C code, such as
 * varchar_support() or numeric_support(), not anything a user wrote; a
 * superuser could attach a support function of their own to any function,
 * and that one is never called.  A function call that PostgreSQL could
 * simplify or inline in a way not modelled here (a support function that is
 * not built in, a LANGUAGE sql function) makes the decision unknown, and
 * pgsafe says nothing rather than raise a false alarm.  Domain constraints
 * are read from pg_constraint, not through the type cache, which plans
 * their expressions.
 *
 * Without a rewrite, PostgreSQL still builds again every index on the
 * column that TryReuseIndex() cannot keep (CheckIndexCompatible(): the same
 * operator classes and collations computed for the new type, no
 * expressions, no predicate, valid), and validates again, reading every
 * row, each validated CHECK constraint on the column.  Both are modelled
 * here.  A foreign key on the column is kept or validated again by rules
 * (ATAddForeignKeyConstraint()'s old_check_ok) that are not modelled: it is
 * never flagged.
 *
 * IDENTIFICATION
 *	  src/adapter/alter_type.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/alter_type.hpp"

#include <cstring>

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

enum Decision
{
	kUnknown,
	kInPlace,
	kRewrite,
	kTimeZone
};

struct TypeRead
{
	int decision;
	Oid oldType;
	int32 oldTypmod;
	Oid oldCollation;
	Oid newType;
	int32 newTypmod;
	Oid newCollation;
	AttrNumber attnum;
	bool notNull;
	char *oldTypeName;
	char *newTypeName;
};

/* the simplification's notes: nodes PostgreSQL might simplify in ways not modelled */
struct Simplify
{
	List *unmodelled;
};

bool
built_in(Oid oid)
{
	return oid < FirstGenbkiObjectId;
}

/*
 * The type a TypeName names, with its typmod: typenameTypeIdAndMod(), but a
 * typmod is computed only by a built-in typmod input function.
 */
bool
resolve_type(const TypeName *name, Oid *type, int32 *typmod)
{
	Type tuple = LookupTypeName(NULL, name, NULL, true);
	Oid typmodin;

	if (tuple == NULL)
		return false;
	typmodin = ((Form_pg_type) GETSTRUCT(tuple))->typmodin;
	ReleaseSysCache(tuple);
	if (name->typmods != NIL && (!OidIsValid(typmodin) || !built_in(typmodin)))
		return false;
	typenameTypeIdAndMod(NULL, name, type, typmod);
	return true;
}

/* DomainHasConstraints(), from pg_type and pg_constraint: NOT NULL or a CHECK at any level. */
bool
domain_has_constraints(Oid type)
{
	for (;;)
	{
		HeapTuple tuple;
		Form_pg_type form;
		Relation conrel;
		ScanKeyData key;
		SysScanDesc scan;
		bool found = false;
		Oid base;

		CHECK_FOR_INTERRUPTS();
		tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(type));
		if (!HeapTupleIsValid(tuple))
			return false;
		form = (Form_pg_type) GETSTRUCT(tuple);
		if (form->typtype != TYPTYPE_DOMAIN)
		{
			ReleaseSysCache(tuple);
			return false;
		}
		found = form->typnotnull;
		base = form->typbasetype;
		ReleaseSysCache(tuple);
		if (found)
			return true;

		conrel = table_open(ConstraintRelationId, AccessShareLock);
		ScanKeyInit(&key, Anum_pg_constraint_contypid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(type));
		scan = systable_beginscan(conrel, ConstraintTypidIndexId, true, NULL, 1, &key);
		while (HeapTupleIsValid(tuple = systable_getnext(scan)))
			if (((Form_pg_constraint) GETSTRUCT(tuple))->contype == CONSTRAINT_CHECK)
				found = true;
		systable_endscan(scan);
		table_close(conrel, AccessShareLock);
		if (found)
			return true;
		type = base;
	}
}

/*
 * The USING expression as transformExpr() would make it, when it is the
 * column under explicit casts and COLLATE clauses; NULL when it is anything
 * else.  *unknown: PostgreSQL refuses it, or a type is not read here.
 */
Node *
build_using(Node *raw, const char *relname, const char *column, Var *var, bool *unknown)
{
	check_stack_depth();
	if (raw == NULL)
		return NULL;
	if (IsA(raw, ColumnRef))
	{
		List *fields = ((ColumnRef *) raw)->fields;
		Node *last = (Node *) llast(fields);

		if (!IsA(last, String) || strcmp(strVal(last), column) != 0)
			return NULL;
		if (list_length(fields) == 1)
			return (Node *) copyObjectImpl(var);
		if (list_length(fields) == 2 && IsA(linitial(fields), String) && strcmp(strVal(linitial(fields)), relname) == 0)
			return (Node *) copyObjectImpl(var);
		return NULL;
	}
	if (IsA(raw, TypeCast))
	{
		TypeCast *cast = (TypeCast *) raw;
		Node *arg = build_using(cast->arg, relname, column, var, unknown);
		Oid type;
		int32 typmod;
		Node *result;

		if (arg == NULL)
			return NULL;
		if (!resolve_type(cast->typeName, &type, &typmod))
		{
			*unknown = true;
			return NULL;
		}
		result =
			coerce_to_target_type(NULL, arg, exprType(arg), type, typmod, COERCION_EXPLICIT, COERCE_EXPLICIT_CAST, -1);
		if (result == NULL)
			*unknown = true;
		return result;
	}
	if (IsA(raw, CollateClause))
	{
		CollateClause *clause = (CollateClause *) raw;
		Node *arg = build_using(clause->arg, relname, column, var, unknown);
		Oid collation;

		if (arg == NULL)
			return NULL;
		if (!type_is_collatable(exprType(arg)))
		{
			*unknown = true;
			return NULL;
		}
		collation = LookupCollation(NULL, clause->collname, -1);
		/* eval_const_expressions() turns a CollateExpr into a RelabelType */
		return (Node *) makeRelabelType((Expr *) arg, exprType(arg), exprTypmod(arg), collation, COERCE_IMPLICIT_CAST);
	}
	return NULL;
}

/*
 * eval_const_expressions() on the nodes a coercion of a Var builds.  No
 * argument is ever a constant, so nothing is folded; what is left is
 * simplify_function()'s call of a support function, and the replacement of
 * an unconstrained domain's CoerceToDomain by a RelabelType.
 */
Node *
simplify(Node *node, Simplify *context)
{
	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (node == NULL)
		return NULL;
	switch (nodeTag(node))
	{
		case T_RelabelType:
			{
				RelabelType *relabel = (RelabelType *) copyObjectImpl(node);
				Node *arg = simplify((Node *) relabel->arg, context);

				while (arg && IsA(arg, RelabelType))
					arg = (Node *) ((RelabelType *) arg)->arg;
				relabel->arg = (Expr *) arg;
				return (Node *) relabel;
			}
		case T_CoerceToDomain:
			{
				CoerceToDomain *domain = (CoerceToDomain *) copyObjectImpl(node);
				domain->arg = (Expr *) simplify((Node *) domain->arg, context);
				if (!domain_has_constraints(domain->resulttype))
					return (Node *) makeRelabelType(domain->arg,
													domain->resulttype,
													domain->resulttypmod,
													domain->resultcollid,
													domain->coercionformat);
				return (Node *) domain;
			}
		case T_CoerceViaIO:
			{
				CoerceViaIO *io = (CoerceViaIO *) node;
				/* the I/O functions of a type not built in might have support functions */
				if (!built_in(io->resulttype) || !built_in(exprType((Node *) io->arg)))
					context->unmodelled = lappend(context->unmodelled, node);
				return node;
			}
		case T_FuncExpr:
			{
				FuncExpr *func = (FuncExpr *) copyObjectImpl(node);
				List *args = NIL;
				ListCell *lc;
				HeapTuple tuple;
				Oid support;
				Oid language;

				foreach (lc, func->args)
					args = lappend(args, simplify((Node *) lfirst(lc), context));
				func->args = args;

				tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(func->funcid));
				if (!HeapTupleIsValid(tuple))
				{
					context->unmodelled = lappend(context->unmodelled, func);
					return (Node *) func;
				}
				support = ((Form_pg_proc) GETSTRUCT(tuple))->prosupport;
				language = ((Form_pg_proc) GETSTRUCT(tuple))->prolang;
				ReleaseSysCache(tuple);

				if (OidIsValid(support) && built_in(support) && built_in(func->funcid))
				{
					/*
					 * As simplify_function() calls it: PostgreSQL's own C
					 * code (varchar_support(), numeric_support(), ...),
					 * which only looks at the call's nodes.
					 */
					SupportRequestSimplify request;
					FuncExpr call;
					Node *simplified;

					call.xpr.type = T_FuncExpr;
					call.funcid = func->funcid;
					call.funcresulttype = func->funcresulttype;
					call.funcretset = func->funcretset;
					call.funcvariadic = func->funcvariadic;
					call.funcformat = COERCE_EXPLICIT_CALL;
					call.funccollid = func->funccollid;
					call.inputcollid = func->inputcollid;
					call.args = args;
					call.location = -1;
					request.type = T_SupportRequestSimplify;
					request.root = NULL;
					request.fcall = &call;
					simplified = (Node *) DatumGetPointer(OidFunctionCall1(support, PointerGetDatum(&request)));
					if (simplified)
						return simplified;
				}
				else if (OidIsValid(support) || language == SQLlanguageId)
					/* a support function of a user's, or a SQL function PostgreSQL may inline */
					context->unmodelled = lappend(context->unmodelled, func);
				return (Node *) func;
			}
		default:
			/* ArrayCoerceExpr, ConvertRowtypeExpr, ...: kept as they are, the argument not being constant */
			return node;
	}
}

/* ATColumnChangeRequiresRewrite() on the simplified transform. */
int
requires_rewrite(Node *expr, AttrNumber attnum, const Simplify *context)
{
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		if (IsA(expr, Var) && ((Var *) expr)->varattno == attnum)
			return kInPlace;
		if (list_member_ptr(context->unmodelled, expr))
			return kUnknown;
		if (IsA(expr, RelabelType))
			expr = (Node *) ((RelabelType *) expr)->arg;
		else if (IsA(expr, CoerceToDomain))
		{
			CoerceToDomain *domain = (CoerceToDomain *) expr;
			if (domain_has_constraints(domain->resulttype))
				return kRewrite;
			expr = (Node *) domain->arg;
		}
		else if (IsA(expr, FuncExpr) && (((FuncExpr *) expr)->funcid == F_TIMESTAMPTZ_TIMESTAMP ||
										 ((FuncExpr *) expr)->funcid == F_TIMESTAMP_TIMESTAMPTZ))
		{
			if (TimestampTimestampTzRequiresRewrite())
				return kTimeZone;
			expr = (Node *) linitial(((FuncExpr *) expr)->args);
		}
		else
			return kRewrite;
	}
}

/* What the subcommand does to the target relation's rows, as ATPrepAlterColumnType() decides it. */
TypeRead
read_type_change(Oid relid, const AlterTableCmd *cmd)
{
	TypeRead out;
	ColumnDef *def = (ColumnDef *) cmd->def;
	HeapTuple tuple;
	Form_pg_attribute att;
	Oid reloftype;
	Var *var;
	Node *transform;
	bool unknown = false;
	Simplify context = {NIL};
	char *relname = get_rel_name(relid);

	memset(&out, 0, sizeof(out));
	out.decision = kUnknown;
	if (relname == NULL)
		return out;

	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		return out;
	reloftype = ((Form_pg_class) GETSTRUCT(tuple))->reloftype;
	ReleaseSysCache(tuple);
	/* PostgreSQL refuses a typed table's */
	if (OidIsValid(reloftype))
		return out;

	tuple = SearchSysCacheAttName(relid, cmd->name);
	if (!HeapTupleIsValid(tuple))
		return out;
	att = (Form_pg_attribute) GETSTRUCT(tuple);
	out.attnum = att->attnum;
	out.oldType = att->atttypid;
	out.oldTypmod = att->atttypmod;
	out.oldCollation = att->attcollation;
	out.notNull = att->attnotnull;
	/* refused: a system column, an inherited one, USING on a generated one */
	bool refused = att->attnum <= 0 || att->attinhcount > 0 || (att->attgenerated && def->raw_default);
	ReleaseSysCache(tuple);
	if (refused)
		return out;

	if (!resolve_type(def->typeName, &out.newType, &out.newTypmod))
		return out;
	if (pgsafe_type_aclcheck(out.newType, GetUserId(), ACL_USAGE) != ACLCHECK_OK)
		return out;
	out.newCollation = GetColumnDefCollation(NULL, def, out.newType);
	out.oldTypeName = format_type_with_typemod(out.oldType, out.oldTypmod);
	out.newTypeName = format_type_with_typemod(out.newType, out.newTypmod);

	var = makeVar(1, out.attnum, out.oldType, out.oldTypmod, out.oldCollation, 0);
	if (def->raw_default)
	{
		transform = build_using(def->raw_default, relname, cmd->name, var, &unknown);
		if (unknown)
			return out;
		if (transform == NULL)
		{
			/* not the column: PostgreSQL computes every row's value anew */
			out.decision = kRewrite;
			return out;
		}
	}
	else
		transform = (Node *) var;

	transform = coerce_to_target_type(NULL,
									  transform,
									  exprType(transform),
									  out.newType,
									  out.newTypmod,
									  COERCION_ASSIGNMENT,
									  COERCE_IMPLICIT_CAST,
									  -1);
	if (transform == NULL)
		return out; /* PostgreSQL refuses: cannot be cast automatically */
	assign_expr_collations(NULL, transform);
	transform = simplify(transform, &context);
	out.decision = requires_rewrite(transform, out.attnum, &context);
	return out;
}

/* One object depending on the column, as RememberAllDependentForRebuilding() finds it. */
struct DependentRead
{
	char kind; /* 'i' index built again, 'c' check validated again, 'o' other */
	bool constraint;
	char *name;
	char *definition;
};

struct DependentsRead
{
	DependentRead *items;
	int count;
	bool refused; /* PostgreSQL refuses the type change: a view, trigger, policy, ... depends on it */
	bool keyed;   /* a primary key, a foreign key or an identity: the swap recipe does not apply */
	char *ownedSequence;
};

/*
 * Can TryReuseIndex() keep this index?  CheckIndexCompatible() recomputes
 * the operator classes and collations from the definition PostgreSQL
 * prints (pg_get_indexdef(): an operator class only when it is not the
 * default for the column's old type, a collation only when it is not the
 * column's old collation) with the column's new type and collation.
 */
bool
index_reusable(Oid indexOid, AttrNumber attnum, const TypeRead *type, bool *unknown)
{
	HeapTuple tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexOid));
	Form_pg_index index;
	bool isnull;
	oidvector *classes;
	oidvector *collations;
	bool reusable = true;
	Oid am;

	if (!HeapTupleIsValid(tuple))
	{
		*unknown = true;
		return true;
	}
	index = (Form_pg_index) GETSTRUCT(tuple);
	if (!heap_attisnull(tuple, Anum_pg_index_indexprs, NULL) || !heap_attisnull(tuple, Anum_pg_index_indpred, NULL) ||
		!index->indisvalid)
	{
		ReleaseSysCache(tuple);
		return false;
	}
	/* exclusion operators are looked up again by name: not modelled, never flagged */
	if (index->indisexclusion)
	{
		ReleaseSysCache(tuple);
		return true;
	}
	classes = (oidvector *) DatumGetPointer(SysCacheGetAttr(INDEXRELID, tuple, Anum_pg_index_indclass, &isnull));
	collations = (oidvector *) DatumGetPointer(SysCacheGetAttr(INDEXRELID, tuple, Anum_pg_index_indcollation, &isnull));
	{
		HeapTuple classTuple = SearchSysCache1(RELOID, ObjectIdGetDatum(indexOid));
		if (!HeapTupleIsValid(classTuple))
		{
			ReleaseSysCache(tuple);
			*unknown = true;
			return true;
		}
		am = ((Form_pg_class) GETSTRUCT(classTuple))->relam;
		ReleaseSysCache(classTuple);
	}
	for (int i = 0; i < index->indnkeyatts && reusable; i++)
	{
		Oid oldClass = classes->values[i];
		Oid oldCollation = collations->values[i];
		Oid newClass;
		Oid newCollation;

		if (index->indkey.values[i] != attnum)
			continue;
		newClass = GetDefaultOpClass(type->oldType, am) == oldClass ? GetDefaultOpClass(type->newType, am) : oldClass;
		if (!OidIsValid(newClass))
		{
			*unknown = true; /* PostgreSQL refuses: no default operator class */
			break;
		}
		if (OidIsValid(oldCollation) && oldCollation != type->oldCollation)
			newCollation = oldCollation;
		else
			newCollation = type_is_collatable(type->newType) ? type->newCollation : InvalidOid;
		reusable = newClass == oldClass && newCollation == oldCollation;
		if (reusable && IsPolymorphicType(get_opclass_input_type(newClass)) && type->oldType != type->newType)
			reusable = false;
	}
	ReleaseSysCache(tuple);
	return reusable;
}

char *
text_result(PGFunction function, Oid oid)
{
	return text_to_cstring(DatumGetTextPP(DirectFunctionCall1(function, ObjectIdGetDatum(oid))));
}

/* What depends on column name of relid, and what of it the type change builds or validates again. */
DependentsRead
read_dependents(Oid relid, const char *column, const TypeRead *type, bool inPlace)
{
	DependentsRead out = {NULL, 0, false, false, NULL};
	AttrNumber attnum = get_attnum(relid, column);
	Relation depend;
	ScanKeyData keys[3];
	SysScanDesc scan;
	HeapTuple tuple;
	int capacity = 8;
	List *indexes = NIL;
	List *constraints = NIL;
	ListCell *lc;

	out.items = (DependentRead *) palloc0(sizeof(DependentRead) * capacity);
	if (attnum <= 0)
	{
		out.refused = true;
		return out;
	}

	depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyInit(
		&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(RelationRelationId));
	ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	ScanKeyInit(&keys[2], Anum_pg_depend_refobjsubid, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum((int32) attnum));
	scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 3, keys);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tuple);

		CHECK_FOR_INTERRUPTS();
		if (dep->classid == RelationRelationId)
		{
			char relkind = get_rel_relkind(dep->objid);
			if (relkind == RELKIND_INDEX || relkind == RELKIND_PARTITIONED_INDEX)
			{
				Oid constraint = get_index_constraint(dep->objid);
				if (OidIsValid(constraint))
					constraints = list_append_unique_oid(constraints, constraint);
				else
					indexes = list_append_unique_oid(indexes, dep->objid);
			}
			else if (relkind == RELKIND_SEQUENCE)
			{
				if (dep->deptype == DEPENDENCY_INTERNAL)
					out.keyed = true; /* an identity column's sequence */
				else
					out.ownedSequence = get_rel_name(dep->objid);
			}
		}
		else if (dep->classid == ConstraintRelationId)
			constraints = list_append_unique_oid(constraints, dep->objid);
		else if (dep->classid == RewriteRelationId || dep->classid == TriggerRelationId ||
				 dep->classid == PolicyRelationId || dep->classid == ProcedureRelationId ||
				 dep->classid == PublicationRelRelationId)
			out.refused = true;
		else if (dep->classid == AttrDefaultRelationId)
		{
			ObjectAddress owner = GetAttrDefaultColumnAddress(dep->objid);
			if (owner.objectId != relid || owner.objectSubId != attnum)
				out.refused = true; /* a generated column's expression */
		}
	}
	systable_endscan(scan);
	table_close(depend, AccessShareLock);
	if (out.refused)
		return out;

	auto add = [&out, &capacity](char kind, bool constraint, char *name, char *definition) {
		if (out.count == capacity)
		{
			capacity *= 2;
			out.items = (DependentRead *) repalloc(out.items, sizeof(DependentRead) * capacity);
		}
		out.items[out.count++] = DependentRead{kind, constraint, name, definition};
	};

	foreach (lc, indexes)
	{
		Oid index = lfirst_oid(lc);
		bool unknown = false;
		bool rebuilt = inPlace && !index_reusable(index, attnum, type, &unknown);

		if (unknown)
		{
			out.refused = true;
			return out;
		}
		add(rebuilt ? 'i' : 'o', false, get_rel_name(index), rebuilt ? text_result(pg_get_indexdef, index) : NULL);
	}
	foreach (lc, constraints)
	{
		Oid constraint = lfirst_oid(lc);
		HeapTuple contuple = SearchSysCache1(CONSTROID, ObjectIdGetDatum(constraint));
		Form_pg_constraint con;
		char kind = 'o';
		char *definition = NULL;

		CHECK_FOR_INTERRUPTS();
		if (!HeapTupleIsValid(contuple))
			continue;
		con = (Form_pg_constraint) GETSTRUCT(contuple);
		/* the column's NOT NULL (a constraint from 18): the recipe's own steps give the new column one */
		if (PGSAFE_IS_NOT_NULL_CONSTRAINT(con->contype))
		{
			ReleaseSysCache(contuple);
			continue;
		}
		if (con->contype == CONSTRAINT_PRIMARY || con->contype == CONSTRAINT_FOREIGN)
			out.keyed = true;
		if (inPlace && con->contype == CONSTRAINT_CHECK && con->convalidated && con->conrelid == relid)
		{
			kind = 'c';
			definition = text_result(pg_get_constraintdef, constraint);
		}
		else if (inPlace && OidIsValid(con->conindid) &&
				 (con->contype == CONSTRAINT_PRIMARY || con->contype == CONSTRAINT_UNIQUE ||
				  con->contype == CONSTRAINT_EXCLUSION) &&
				 con->conrelid == relid)
		{
			bool unknown = false;
			if (!index_reusable(con->conindid, attnum, type, &unknown))
			{
				kind = 'i';
				definition = text_result(pg_get_indexdef, con->conindid);
			}
			if (unknown)
			{
				ReleaseSysCache(contuple);
				out.refused = true;
				return out;
			}
		}
		char *name = pstrdup(NameStr(con->conname));
		if (kind == 'i')
			name = get_rel_name(con->conindid);
		ReleaseSysCache(contuple);
		add(kind, true, name, definition);
	}
	return out;
}

/* Does a partitioned table's key use the column (a key expression may: say nothing)? */
bool
in_partition_key(const RelationFacts &rel, const std::string &column)
{
	if (rel.kind != RelationKind::PartitionedTable)
		return false;
	if (rel.partitionKeyExpression)
		return true;
	for (const auto &key : rel.partitionKey)
		if (key == column)
			return true;
	return false;
}

/* varchar(n), varchar or text, to varchar(m) with m smaller: the length a CHECK could limit instead */
int
narrowed_length(const TypeRead &type, const ColumnDef *def)
{
	if (def->raw_default || type.newType != VARCHAROID || type.newTypmod < (int32) VARHDRSZ ||
		(type.oldType != VARCHAROID && type.oldType != TEXTOID) || type.oldCollation != type.newCollation)
		return -1;
	return type.newTypmod - (int32) VARHDRSZ;
}

/* The column's DEFAULT as pg_get_expr() shows it; NULL without one. */
const char *
column_default(Oid relid, AttrNumber attnum)
{
	Relation attrdef = table_open(AttrDefaultRelationId, AccessShareLock);
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple tuple;
	const char *result = NULL;

	ScanKeyInit(&keys[0], Anum_pg_attrdef_adrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	ScanKeyInit(&keys[1], Anum_pg_attrdef_adnum, BTEqualStrategyNumber, F_INT2EQ, Int16GetDatum(attnum));
	scan = systable_beginscan(attrdef, AttrDefaultIndexId, true, NULL, 2, keys);
	if (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool isnull;
		Datum adbin = heap_getattr(tuple, Anum_pg_attrdef_adbin, RelationGetDescr(attrdef), &isnull);
		if (!isnull)
		{
			Node *expr = (Node *) stringToNode(TextDatumGetCString(adbin));
			result = deparse_expression(expr, deparse_context_for(get_rel_name(relid), relid), false, false);
		}
	}
	systable_endscan(scan);
	table_close(attrdef, AccessShareLock);
	return result;
}

} /* namespace */

void
readAlterType(Oid relid, const AlterTableStmt *stmt, const AlterTableCmd *cmd, const std::vector<Oid> &relids,
			  const RelationTree &tree, SubcommandFacts &sub)
{
	AlterTypeFacts &facts = sub.alterType;
	const std::string column = cmd->name;

	facts.change = TypeChange::Unknown;
	if (relids.empty() || tree.relations.size() != relids.size())
		return;
	for (const RelationFacts &rel : tree.relations)
		if (in_partition_key(rel, column))
			return; /* PostgreSQL refuses to alter a partition key column */
	/* ONLY on a table with children: "type of inherited column must be changed in child tables too" */
	if (!stmt->relation->inh && relationHasChildren(relid))
		return;

	TypeRead type;
	try
	{
		type = pgCall([relid, cmd]() noexcept { return read_type_change(relid, cmd); });
	}
	catch (const PgError &error)
	{
		/* a type or collation PostgreSQL will not find: its own error comes */
		if (isInterrupt(error.data()))
			throw;
		return;
	}
	if (type.decision == kUnknown)
		return;

	const bool inPlace = type.decision == kInPlace;
	for (std::size_t r = 0; r < relids.size(); r++)
	{
		checkForInterrupts();
		Oid child = relids[r];
		const char *name = column.c_str();
		DependentsRead deps =
			pgCall([child, name, &type, inPlace]() noexcept { return read_dependents(child, name, &type, inPlace); });
		if (deps.refused)
			return;
		for (int i = 0; i < deps.count; i++)
		{
			const DependentRead &d = deps.items[i];
			if (d.kind == 'i')
				facts.indexes.push_back(RebuiltIndex{static_cast<int>(r), d.name, d.definition, d.constraint});
			else if (d.kind == 'c')
				facts.checks.push_back(RevalidatedCheck{static_cast<int>(r), d.name, d.definition});
			if (r == 0)
				facts.dependents.push_back(std::string(d.constraint ? "constraint \"" : "index \"") + d.name + "\"");
		}
		if (r == 0)
		{
			facts.primaryKey = deps.keyed;
			if (deps.ownedSequence)
				facts.ownedSequence = deps.ownedSequence;
		}
	}

	facts.change = type.decision == kInPlace    ? TypeChange::InPlace
				   : type.decision == kTimeZone ? TypeChange::TimeZone
												: TypeChange::Rewrite;
	facts.oldType = type.oldTypeName ? type.oldTypeName : "";
	facts.newType = type.newTypeName ? type.newTypeName : "";
	const ColumnDef *def = (const ColumnDef *) cmd->def;
	if (OidIsValid(type.newCollation) && type.newCollation != type.oldCollation)
	{
		Oid collation = type.newCollation;
		const char *name = pgCall([collation]() noexcept { return (const char *) generate_collation_name(collation); });
		facts.newType += std::string(" COLLATE ") + name;
	}
	facts.notNull = type.notNull;
	facts.hasUsing = def->raw_default != nullptr;
	facts.narrowedLength = narrowed_length(type, def);
	AttrNumber attnum = type.attnum;
	const char *defaultText = pgCall([relid, attnum]() noexcept { return column_default(relid, attnum); });
	if (defaultText)
		facts.defaultExpression = defaultText;
}

ColumnDependents
readColumnDependents(Oid relid, const std::string &column)
{
	ColumnDependents result;
	const char *name = column.c_str();
	TypeRead type;

	memset(&type, 0, sizeof(type));
	/* not in place: nothing is asked about the indexes' operator classes */
	DependentsRead deps =
		pgCall([relid, name, &type]() noexcept { return read_dependents(relid, name, &type, false); });
	result.refused = deps.refused;
	result.keyed = deps.keyed;
	for (int i = 0; i < deps.count && !deps.refused; i++)
		result.names.push_back(std::string(deps.items[i].constraint ? "constraint \"" : "index \"") +
							   deps.items[i].name + "\"");
	return result;
}

} /* namespace pgsafe */
