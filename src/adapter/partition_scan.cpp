/*-------------------------------------------------------------------------
 *
 * partition_scan.cpp
 *		Decide, as PostgreSQL does, which relations ATTACH PARTITION and
 *		CREATE TABLE ... PARTITION OF read to check a partition constraint.
 *
 * The constraint is built with PostgreSQL's own functions:
 * transformPartitionBound(), get_qual_from_partbound() plus the parent's
 * own partition constraint (RelationGetPartitionQual()), run through
 * eval_const_expressions() and mapped to the table's column numbers, as
 * ATExecAttachPartition() does; for the DEFAULT partition,
 * get_proposed_default_constraint() of the new bound's constraint.
 * PartConstraintImpliedByRelConstraint() then says whether the relation's
 * validated CHECK constraints and NOT NULL columns prove it; if not, a
 * table is read, and a partitioned table's partitions are asked in turn
 * (QueuePartitionConstraintValidation()), or, for CREATE TABLE's check of
 * the DEFAULT partition, every relation below it on its own
 * (check_default_partition_contents(), which maps the constraint to the
 * DEFAULT partition only, as PostgreSQL does).
 *
 * All of that may run code: the bound's values are coerced to the key's
 * types, the constraints are folded (running the IMMUTABLE functions in a
 * CHECK constraint or a partition key expression), and the proof compares
 * constants with the operators of the key's operator family.  pgsafe runs
 * none of it unless it is built in: every partition key of the parent and
 * of the tables above it must be a plain column of a built-in type with a
 * built-in operator class (OID below FirstNormalObjectId); each bound
 * value must be a literal (or MINVALUE/MAXVALUE) whose coercion to the key
 * type is built in; and every validated CHECK constraint of a relation
 * asked must call only built-in functions and operators and hold no
 * GREATEST/LEAST or domain coercion over a type that is not built in.
 * Otherwise the relation is taken as read, "unprovable".  (A superuser can
 * add operators to a built-in operator family; pgsafe assumes none did.)
 * A partitioned table's keys are checked before its partition descriptor
 * is built, which sorts the bounds with the key's support functions.  Of
 * the errors the work raises, only PostgreSQL's refusal of the bound is
 * absorbed; a cancel or "stack depth limit exceeded" goes on.
 *
 * The static functions are C-style and run inside pgCall(); the relations
 * they open are closed again if PostgreSQL raises an error.  Locks are
 * only ever tried: a relation pgsafe cannot lock at once is taken as read.
 *
 * IDENTIFICATION
 *	  src/adapter/partition_scan.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/partition_scan.hpp"

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"

namespace pgsafe {

namespace {

constexpr int kMaxOpen = 64;

/* One decision, in C: the relations read (partitioned ones with unprovable: all below). */
struct ScanResult
{
	bool checked;
	bool unprovable;
	List *scanned; /* OIDs */
	char *constraint;
};

struct Probe
{
	bool refused;
	ScanResult attached;
	Oid defaultOid;
	ScanResult defaultScan;

	/* the relations open, closed whatever happens */
	Relation open[kMaxOpen];
	int nopen;
};

bool
builtin(Oid oid)
{
	return oid < FirstNormalObjectId;
}

Relation
open_relation(Probe *probe, Oid relid)
{
	Relation rel;

	if (probe->nopen >= kMaxOpen || !ConditionalLockRelationOid(relid, AccessShareLock))
		return NULL;
	rel = try_relation_open(relid, NoLock);
	if (rel == NULL)
	{
		UnlockRelationOid(relid, AccessShareLock);
		return NULL;
	}
	probe->open[probe->nopen++] = rel;
	return rel;
}

/* Close the relation opened last: the walks open and close them as a stack. */
void
close_last(Probe *probe)
{
	if (probe->nopen > 0)
		relation_close(probe->open[--probe->nopen], AccessShareLock);
}

void
close_relations(Probe *probe)
{
	while (probe->nopen > 0)
		relation_close(probe->open[--probe->nopen], AccessShareLock);
}

/* Is every partition key of rel a plain column with a built-in type and operator class? */
bool
key_is_builtin(Relation rel)
{
	PartitionKey key = RelationGetPartitionKey(rel);

	if (key == NULL)
		return false;
	for (int i = 0; i < key->partnatts; i++)
		if (key->partattrs[i] == 0 || !builtin(key->parttypid[i]) || !builtin(key->partopfamily[i]) ||
			!builtin(key->partopcintype[i]))
			return false;
	return true;
}

/*
 * ... of rel and of every partitioned table above it, whose bounds make up
 * its partition constraint.  The ancestors stay open, locked, until the
 * probe ends: RelationGetPartitionQual() opens them again with a plain
 * AccessShareLock (generate_partition_qual()), which then never waits.
 */
bool
keys_are_builtin(Probe *probe, Relation rel)
{
	ListCell *lc;

	if (!key_is_builtin(rel))
		return false;
	foreach (lc, get_partition_ancestors(RelationGetRelid(rel)))
	{
		Relation arel;

		CHECK_FOR_INTERRUPTS();
		arel = open_relation(probe, lfirst_oid(lc));
		if (arel == NULL || !key_is_builtin(arel))
			return false;
	}
	return true;
}

bool
user_function(Oid funcid, void *context)
{
	return !builtin(funcid);
}

/* Does the expression hold anything eval_const_expressions() could run that is not built in? */
bool
user_code_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	CHECK_FOR_INTERRUPTS();
	check_stack_depth();
	if (check_functions_in_node(node, user_function, NULL))
		return true;
	if (IsA(node, MinMaxExpr) && !builtin(((MinMaxExpr *) node)->minmaxtype))
		return true;
	if (IsA(node, CoerceToDomain) || IsA(node, SubLink) || IsA(node, SubPlan))
		return true;
	return pgsafe_expression_tree_walker(node, user_code_walker, context);
}

/* Are rel's validated CHECK constraints, which the proof folds, free of user code? */
bool
checks_are_builtin(Relation rel)
{
	TupleConstr *constr = RelationGetDescr(rel)->constr;

	if (constr == NULL)
		return true;
	for (int i = 0; i < constr->num_check; i++)
	{
		if (!constr->check[i].ccvalid)
			continue;
		if (user_code_walker((Node *) stringToNode(constr->check[i].ccbin), NULL))
			return false;
	}
	return true;
}

/* Is the coercion of a literal of type source to the key type built in? */
bool
builtin_coercion(Oid target, Oid source)
{
	Oid funcid = InvalidOid;

	if (source == target || source == UNKNOWNOID)
		return true; /* the key type's own input function */
	if (find_coercion_pathway(target, source, COERCION_ASSIGNMENT, &funcid) == COERCION_PATH_NONE)
		return true; /* PostgreSQL refuses it */
	return !OidIsValid(funcid) || builtin(funcid);
}

/* Is a raw bound value one transformPartitionBound() only coerces, with built-in code? */
bool
literal_is_safe(Node *value, Oid keytype, bool range)
{
	if (range && IsA(value, ColumnRef))
		return true; /* MINVALUE, MAXVALUE; anything else PostgreSQL refuses */
	if (!IsA(value, A_Const))
		return false;
	A_Const *c = (A_Const *) value;
	if (c->isnull)
		return true;
	switch (nodeTag(&c->val))
	{
		case T_Integer:
			return builtin_coercion(keytype, INT4OID);
		case T_Float:
			return builtin_coercion(keytype, INT8OID) && builtin_coercion(keytype, NUMERICOID);
		case T_Boolean:
			return builtin_coercion(keytype, BOOLOID);
		case T_String:
			return true;
		default:
			return builtin_coercion(keytype, BITOID);
	}
}

bool
bound_is_safe(Relation parent, const PartitionBoundSpec *bound)
{
	PartitionKey key = RelationGetPartitionKey(parent);
	ListCell *lc;
	int i;

	if (bound->is_default)
		return true;
	foreach (lc, bound->listdatums)
		if (key->partnatts < 1 || !literal_is_safe((Node *) lfirst(lc), key->parttypid[0], false))
			return false;
	i = 0;
	foreach (lc, bound->lowerdatums)
		if (i >= key->partnatts || !literal_is_safe((Node *) lfirst(lc), key->parttypid[i++], true))
			return false;
	i = 0;
	foreach (lc, bound->upperdatums)
		if (i >= key->partnatts || !literal_is_safe((Node *) lfirst(lc), key->parttypid[i++], true))
			return false;
	return true;
}

/*
 * The constraint as SQL, its constants written as pg_dump writes them
 * (DateStyle ISO, IntervalStyle postgres, floats exact), so that the
 * advice means the same in a session with other settings.
 */
char *
deparse(List *constraint, Relation rel)
{
	char *sql;
	int nestLevel;

	if (constraint == NIL)
		return NULL;
	nestLevel = NewGUCNestLevel();
	(void) set_config_option("datestyle", "ISO, YMD", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("intervalstyle", "postgres", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("extra_float_digits", "3", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	sql = deparse_expression((Node *) make_ands_explicit(constraint),
							 deparse_context_for(RelationGetRelationName(rel), RelationGetRelid(rel)),
							 false,
							 false);
	AtEOXact_GUC(true, nestLevel);
	return sql;
}

/* QueuePartitionConstraintValidation(): what checking constraint on scanrel reads. */
void
queue_validation(Probe *probe, Relation scanrel, List *constraint, ScanResult *out)
{
	CHECK_FOR_INTERRUPTS();
	check_stack_depth();

	if (!checks_are_builtin(scanrel))
	{
		out->unprovable = true;
		out->scanned = lappend_oid(out->scanned, RelationGetRelid(scanrel));
		return;
	}
	if (PartConstraintImpliedByRelConstraint(scanrel, constraint))
		return;
	if (scanrel->rd_rel->relkind == RELKIND_RELATION)
		out->scanned = lappend_oid(out->scanned, RelationGetRelid(scanrel));
	else if (scanrel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
	{
		PartitionDesc partdesc;

		/* building its partition descriptor sorts the bounds with the key's support functions */
		if (!key_is_builtin(scanrel))
		{
			out->unprovable = true;
			out->scanned = lappend_oid(out->scanned, RelationGetRelid(scanrel));
			return;
		}
		partdesc = RelationGetPartitionDesc(scanrel, true);

		for (int i = 0; i < partdesc->nparts; i++)
		{
			Relation part = open_relation(probe, partdesc->oids[i]);

			if (part == NULL)
			{
				out->unprovable = true;
				out->scanned = lappend_oid(out->scanned, partdesc->oids[i]);
				continue;
			}
			queue_validation(probe, part, map_partition_varattnos(constraint, 1, part, scanrel), out);
			close_last(probe);
		}
	}
}

/* check_default_partition_contents(): what CREATE TABLE ... PARTITION OF reads of the DEFAULT partition. */
void
default_contents(Probe *probe, Relation defaultRel, List *constraint, ScanResult *out)
{
	List *all;
	ListCell *lc;

	if (!checks_are_builtin(defaultRel))
	{
		out->unprovable = true;
		out->scanned = lappend_oid(out->scanned, RelationGetRelid(defaultRel));
		return;
	}
	if (PartConstraintImpliedByRelConstraint(defaultRel, constraint))
		return;
	if (defaultRel->rd_rel->relkind != RELKIND_PARTITIONED_TABLE)
	{
		if (defaultRel->rd_rel->relkind == RELKIND_RELATION)
			out->scanned = lappend_oid(out->scanned, RelationGetRelid(defaultRel));
		return;
	}
	all = find_all_inheritors(RelationGetRelid(defaultRel), NoLock, NULL);
	foreach (lc, all)
	{
		Oid relid = lfirst_oid(lc);
		Relation part;

		CHECK_FOR_INTERRUPTS();
		if (relid == RelationGetRelid(defaultRel))
			continue;
		if (get_rel_relkind(relid) != RELKIND_RELATION)
			continue; /* only leaves are read: a partitioned table's proof spares nothing below it */
		part = open_relation(probe, relid);
		if (part == NULL)
		{
			out->unprovable = true;
			out->scanned = lappend_oid(out->scanned, relid);
			continue;
		}
		if (!checks_are_builtin(part))
		{
			out->unprovable = true;
			out->scanned = lappend_oid(out->scanned, relid);
		}
		/* the constraint as mapped to the DEFAULT partition, as PostgreSQL passes it */
		else if (!PartConstraintImpliedByRelConstraint(part, constraint))
			out->scanned = lappend_oid(out->scanned, relid);
		close_last(probe);
	}
}

void
probe_scans(Oid parentId, Oid attachedId, PartitionBoundSpec *raw, Probe *probe)
{
	Relation parent = open_relation(probe, parentId);
	Relation attached = OidIsValid(attachedId) ? open_relation(probe, attachedId) : NULL;
	PartitionBoundSpec *bound;
	List *boundConstraint;
	List *constraint;
	ParseState *pstate;
	bool safe;

	if (parent == NULL || parent->rd_rel->relkind != RELKIND_PARTITIONED_TABLE)
	{
		probe->refused = true;
		return;
	}
	if (OidIsValid(attachedId) && attached == NULL)
	{
		probe->attached.checked = probe->attached.unprovable = true;
		probe->attached.scanned = list_make1_oid(attachedId);
	}

	/*
	 * The keys first: building the parent's partition descriptor sorts its
	 * bounds with the key's support functions (partition_bounds_create()),
	 * which for an operator class that is not built in are user code.
	 * Without it, the DEFAULT partition is the one pg_partitioned_table
	 * names.
	 */
	safe = keys_are_builtin(probe, parent) && bound_is_safe(parent, raw);
	probe->defaultOid = safe ? get_default_oid_from_partdesc(RelationGetPartitionDesc(parent, true))
							 : get_default_partition_oid(parentId);
	if (!safe)
	{
		/* pgsafe does not build the constraint: each relation PostgreSQL checks is taken as read */
		if (attached)
		{
			probe->attached.checked = probe->attached.unprovable = true;
			probe->attached.scanned = list_make1_oid(attachedId);
		}
		if (OidIsValid(probe->defaultOid) && probe->defaultOid != attachedId && !raw->is_default)
		{
			probe->defaultScan.checked = probe->defaultScan.unprovable = true;
			probe->defaultScan.scanned = list_make1_oid(probe->defaultOid);
		}
		return;
	}

	pstate = make_parsestate(NULL);
	bound = transformPartitionBound(pstate, parent, raw);
	check_new_partition_bound(attached ? RelationGetRelationName(attached) : (char *) "", parent, bound, pstate);

	boundConstraint = get_qual_from_partbound(parent, bound);

	if (attached)
	{
		constraint = list_concat(list_copy(boundConstraint), RelationGetPartitionQual(parent));
		if (constraint != NIL)
		{
			constraint = (List *) eval_const_expressions(NULL, (Node *) constraint);
			constraint = list_make1(make_ands_explicit(constraint));
			constraint = map_partition_varattnos(constraint, 1, attached, parent);
			probe->attached.checked = true;
			probe->attached.constraint = deparse(constraint, attached);
			queue_validation(probe, attached, constraint, &probe->attached);
		}
	}

	if (OidIsValid(probe->defaultOid) && !bound->is_default)
	{
		Relation defaultRel = open_relation(probe, probe->defaultOid);
		ScanResult *out = &probe->defaultScan;

		out->checked = true;
		if (defaultRel == NULL)
		{
			out->unprovable = true;
			out->scanned = list_make1_oid(probe->defaultOid);
			return;
		}
		constraint = get_proposed_default_constraint(boundConstraint);
		constraint = map_partition_varattnos(constraint, 1, defaultRel, parent);
		out->constraint = deparse(constraint, defaultRel);
		if (attached)
			queue_validation(probe, defaultRel, constraint, out);
		else
			default_contents(probe, defaultRel, constraint, out);
	}
}

Probe *
run_probe(Oid parent, Oid attached, PartitionBoundSpec *raw)
{
	MemoryContext callerContext = CurrentMemoryContext;
	ResourceOwner callerOwner = CurrentResourceOwner;
	Probe *probe = (Probe *) palloc0(sizeof(Probe));

	/*
	 * In a subtransaction of its own: when PostgreSQL refuses the bound,
	 * its error leaves behind what the failed call held (a syscache
	 * reference, a buffer pin), which only an abort releases; the caller
	 * absorbs that error, so nothing else would.  The result is allocated
	 * in the caller's context and outlives the subtransaction.
	 */
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(callerContext);
	PG_TRY();
	{
		probe_scans(parent, attached, raw, probe);
		close_relations(probe);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		ErrorData *error;

		MemoryContextSwitchTo(callerContext);
		error = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(callerContext);
		CurrentResourceOwner = callerOwner;
		ReThrowError(error);
	}
	PG_END_TRY();
	MemoryContextSwitchTo(callerContext);
	CurrentResourceOwner = callerOwner;
	return probe;
}

/* The errors with which PostgreSQL refuses a partition bound (errcodes.txt classes 22 and 42, and 0A000). */
bool
isBoundRefusal(const ErrorData *error)
{
	const int errorClass = ERRCODE_TO_CATEGORY(error->sqlerrcode);
	return errorClass == ERRCODE_DATA_EXCEPTION || errorClass == ERRCODE_SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION ||
		   error->sqlerrcode == ERRCODE_FEATURE_NOT_SUPPORTED;
}

ScanDecision
toDecision(const ScanResult &result)
{
	ScanDecision decision;
	const ListCell *lc;

	decision.checked = result.checked;
	decision.unprovable = result.unprovable;
	foreach (lc, result.scanned)
		decision.scanned.push_back(lfirst_oid(lc));
	if (result.constraint)
		decision.constraint = result.constraint;
	return decision;
}

} /* namespace */

PartitionScans
partitionScans(Oid parent, Oid attached, const PartitionBoundSpec *bound)
{
	PartitionScans scans;
	PartitionBoundSpec *raw = pgCall([bound]() noexcept { return (PartitionBoundSpec *) copyObjectImpl(bound); });
	Probe *probe;

	try
	{
		probe = pgCall([parent, attached, raw]() noexcept { return run_probe(parent, attached, raw); });
	}
	catch (const PgError &error)
	{
		/*
		 * A bound PostgreSQL refuses, or overlapping another partition: its
		 * own error comes.  Only those errors (data exceptions, and class 42
		 * and "not supported" from transformPartitionBound() and
		 * check_new_partition_bound()); anything else, and "stack depth limit
		 * exceeded" (54001) or a cancel, is not pgsafe's to absorb.
		 */
		if (!isBoundRefusal(error.data()))
			throw;
		scans.refused = true;
		return scans;
	}
	scans.refused = probe->refused;
	scans.attached = toDecision(probe->attached);
	scans.defaultPartition = probe->defaultOid;
	scans.defaultScan = toDecision(probe->defaultScan);
	return scans;
}

Oid
defaultPartitionOf(Oid relid)
{
	return pgCall([relid]() noexcept { return get_default_partition_oid(relid); });
}

} /* namespace pgsafe */
