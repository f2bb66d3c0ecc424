/*-------------------------------------------------------------------------
 *
 * compat.hpp
 *		Every PostgreSQL version difference pgsafe cares about.
 *
 * This is the only file that tests PG_VERSION_NUM.  pgsafe is built and
 * tested against PostgreSQL 15; the blocks below cover the API changes of
 * 16 to 18 that the adapter touches, one block per change, in
 * alphabetical order.
 *
 * IDENTIFICATION
 *	  src/adapter/compat.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

/*
 * The supported majors are written once, in pg-versions.mk; the Makefile and
 * CMakeLists.txt pass them here as PGSAFE_PG_MIN and PGSAFE_PG_MAX.
 */
#if !defined(PGSAFE_PG_MIN) || !defined(PGSAFE_PG_MAX)
#error                                                                                                                 \
	"PGSAFE_PG_MIN and PGSAFE_PG_MAX are not defined: build with the Makefile or CMakeLists.txt, which read pg-versions.mk"
#endif
#if PG_VERSION_NUM < PGSAFE_PG_MIN * 10000 || PG_VERSION_NUM >= (PGSAFE_PG_MAX + 1) * 10000
#error "this PostgreSQL major is outside the range pgsafe supports (PGSAFE_PG_MIN to PGSAFE_PG_MAX, pg-versions.mk)"
#endif

/*
 * Foreign keys: ON DELETE SET NULL (columns) is PostgreSQL 15's; NOT
 * ENFORCED arrived in 18 (is_enforced; an unenforced key is never
 * validated, so adding it is cheap).
 */
#if PG_VERSION_NUM >= 180000
#define PGSAFE_CONSTRAINT_ENFORCED(c) ((c)->is_enforced)
#else
#define PGSAFE_CONSTRAINT_ENFORCED(c) (true)
#endif

/*
 * The running server's version, for facts that depend on the major version
 * (a module is always built for the major it runs on; PG_MODULE_MAGIC
 * checks it).  Behaviour that changed in a minor release is decided from
 * the server's run-time server_version_num instead.
 */
constexpr int kBuiltForVersionNum = PG_VERSION_NUM;

/*
 * What the server can do that the rules and the advice depend on
 * (SessionFacts::capabilities): an exclusion constraint on a partitioned
 * table from 17 (DefineIndex(), "exclusion constraints are not supported
 * on partitioned tables" before); NOT NULL constraints that can be added
 * NOT VALID and validated from 18.
 */
constexpr bool kExclusionOnPartitionedTables = PG_VERSION_NUM >= 170000;
constexpr bool kNotNullConstraintNotValid = PG_VERSION_NUM >= 180000;
/* ADD FOREIGN KEY ... NOT VALID on a partitioned table: 18 (commit b663b9436e); "cannot add NOT VALID foreign key on partitioned table" before */
constexpr bool kForeignKeyNotValidOnPartitioned = PG_VERSION_NUM >= 180000;
/* REINDEX DATABASE rebuilds the system catalogs' indexes too, up to 15 (16: commit 2cbc3c17a5) */
constexpr bool kReindexDatabaseCatalogs = PG_VERSION_NUM < 160000;
/*
 * ALTER DOMAIN ... VALIDATE CONSTRAINT takes ShareLock on every table that
 * uses the domain, as ADD CONSTRAINT does (typecmds.c,
 * validateDomainCheckConstraint() -> get_rels_with_domain(domainoid,
 * ShareLock)): read in 15.18, 17.11 and 18.6, every major pgsafe supports.
 * A major that lowers it to SHARE UPDATE EXCLUSIVE makes this false.
 */
constexpr bool kDomainValidateBlocksWrites = true;

/*
 * CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY could miss rows
 * updated during the build and so corrupt the index on 14.0 to 14.3 (the
 * optimisation of commit c98763bf5, reverted by 042b584c7 in 14.4; release
 * notes 14.4).  A minor release, so decided from the running server's
 * server_version_num; never on the majors built here (pg-versions.mk).
 */
constexpr bool
pgsafeConcurrentBuildsCorrupt(int serverVersionNum)
{
	return PG_VERSION_NUM < 150000 && serverVersionNum >= 140000 && serverVersionNum < 140004;
}

/* 18's not-null constraints in pg_constraint (pg-versions.md); none before */
#if PG_VERSION_NUM >= 180000
#define PGSAFE_IS_NOT_NULL_CONSTRAINT(contype) ((contype) == CONSTRAINT_NOTNULL)
#else
#define PGSAFE_IS_NOT_NULL_CONSTRAINT(contype) false
#endif

/*
 * Generated columns: 18 added VIRTUAL ones, computed when read, and made
 * them the default (gram.y opt_virtual_or_stored); before, STORED was the
 * only kind and the grammar required it.
 */
#if PG_VERSION_NUM >= 180000
#define PGSAFE_GENERATED_VIRTUAL(c) ((c)->generated_kind == ATTRIBUTE_GENERATED_VIRTUAL)
#else
#define PGSAFE_GENERATED_VIRTUAL(c) (false)
#endif

/*
 * ALTER COLUMN ... SET EXPRESSION AS (...) is PostgreSQL 17's
 * (AT_SetExpression, commit 5d06e99a3c); before, the grammar has no such
 * subcommand.
 */
#if PG_VERSION_NUM >= 170000
#define PGSAFE_IS_SET_EXPRESSION(cmd) ((cmd)->subtype == AT_SetExpression)
#else
#define PGSAFE_IS_SET_EXPRESSION(cmd) (false)
#endif

/*
 * ALTER CONSTRAINT ... ENFORCED is PostgreSQL 18's, and so is its
 * ATAlterConstraint node (before, the subcommand's def is a Constraint and
 * only deferrability can change): the constraint name when cmd makes a
 * constraint ENFORCED, else NULL; *otherChanges (if given) says whether it
 * also changes deferrability or inheritability.  pg_constraint.conenforced
 * is 18's too; every constraint is enforced before.
 */
#if PG_VERSION_NUM >= 180000
static inline const char *
pgsafe_alter_constraint_enforced(const AlterTableCmd *cmd, bool *otherChanges)
{
	const ATAlterConstraint *c;

	if (cmd->subtype != AT_AlterConstraint || cmd->def == NULL || !IsA(cmd->def, ATAlterConstraint))
		return NULL;
	c = (const ATAlterConstraint *) cmd->def;
	if (!c->alterEnforceability || !c->is_enforced || c->conname == NULL)
		return NULL;
	if (otherChanges)
		*otherChanges = c->alterDeferrability || c->alterInheritability;
	return c->conname;
}
#define PGSAFE_CONENFORCED(con) ((con)->conenforced)
#else
static inline const char *
pgsafe_alter_constraint_enforced(const AlterTableCmd *, bool *)
{
	return NULL;
}
#define PGSAFE_CONENFORCED(con) (true)
#endif

/* Column-level NOT ENFORCED (18) arrives as a CONSTR_ATTR_NOT_ENFORCED node after its CHECK or REFERENCES. */
#if PG_VERSION_NUM >= 180000
#define PGSAFE_IS_ATTR_NOT_ENFORCED(c) ((c)->contype == CONSTR_ATTR_NOT_ENFORCED)
#else
#define PGSAFE_IS_ATTR_NOT_ENFORCED(c) (false)
#endif

/*
 * Locks held by this backend: 17 gave LockHeldByMe an "or stronger"
 * argument.
 */
#if PG_VERSION_NUM >= 170000
#define pgsafe_lock_held_by_me(tag, mode) LockHeldByMe((tag), (mode), false)
#else
#define pgsafe_lock_held_by_me(tag, mode) LockHeldByMe((tag), (mode))
#endif

/*
 * NOT NULL constraints: from 18 each is a row of pg_constraint and can be
 * NOT VALID, and pg_attribute.attnotnull then only says that the column has
 * one, "possibly invalid" (catalogs.sgml; access/tupdesc.h
 * attnullability).  pgsafe_invalid_not_null gives the name of attnum's
 * not-null constraint if it is NOT VALID; NULL if it is valid, if there is
 * none, and always before 18, where attnotnull is the constraint.
 */
#if PG_VERSION_NUM >= 180000
static inline char *
pgsafe_invalid_not_null(Oid relid, AttrNumber attnum)
{
	HeapTuple tuple = findNotNullConstraintAttnum(relid, attnum);
	char *name = NULL;

	if (HeapTupleIsValid(tuple))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tuple);

		if (!con->convalidated)
			name = pstrdup(NameStr(con->conname));
		heap_freetuple(tuple);
	}
	return name;
}
#else
static inline char *
pgsafe_invalid_not_null(Oid, AttrNumber)
{
	return NULL;
}
#endif

/*
 * Ownership and ACL checks: 16 replaced the per-class pg_*_ownercheck and
 * pg_namespace_aclcheck with object_ownercheck and object_aclcheck
 * (commit c727f511b).
 */
#if PG_VERSION_NUM >= 160000
/* NamespaceRelationId (DatabaseRelationId: the prelude); 15's per-class checks needed no class id */
extern "C" {
#include "catalog/pg_namespace.h"
}
#define pgsafe_owns_relation(relid, roleid)            object_ownercheck(RelationRelationId, (relid), (roleid))
#define pgsafe_namespace_aclcheck(nspid, roleid, mode) object_aclcheck(NamespaceRelationId, (nspid), (roleid), (mode))
#define pgsafe_type_aclcheck(typid, roleid, mode)      object_aclcheck(TypeRelationId, (typid), (roleid), (mode))
#define pgsafe_owns_namespace(nspid, roleid)           object_ownercheck(NamespaceRelationId, (nspid), (roleid))
#define pgsafe_owns_database(dbid, roleid)             object_ownercheck(DatabaseRelationId, (dbid), (roleid))
#define pgsafe_owns_type(typid, roleid)                object_ownercheck(TypeRelationId, (typid), (roleid))
#else
#define pgsafe_owns_relation(relid, roleid)            pg_class_ownercheck((relid), (roleid))
#define pgsafe_namespace_aclcheck(nspid, roleid, mode) pg_namespace_aclcheck((nspid), (roleid), (mode))
#define pgsafe_type_aclcheck(typid, roleid, mode)      pg_type_aclcheck((typid), (roleid), (mode))
#define pgsafe_owns_namespace(nspid, roleid)           pg_namespace_ownercheck((nspid), (roleid))
#define pgsafe_owns_database(dbid, roleid)             pg_database_ownercheck((dbid), (roleid))
#define pgsafe_owns_type(typid, roleid)                pg_type_ownercheck((typid), (roleid))
#endif

/*
 * May the role VACUUM or CLUSTER a relation?  17 gave it to the MAINTAIN
 * privilege (commit ecb0fd337); before, the owner alone (VACUUM: the
 * database's owner too, for a relation that is not shared).
 */
#if PG_VERSION_NUM >= 170000
#define pgsafe_may_maintain(relid, roleid) (pg_class_aclcheck((relid), (roleid), ACL_MAINTAIN) == ACLCHECK_OK)
#else
#define pgsafe_may_maintain(relid, roleid) pgsafe_owns_relation((relid), (roleid))
#endif

/*
 * Tree walkers: 16 turned expression_tree_walker() and
 * raw_expression_tree_walker() into macros over *_impl() functions that take
 * a typed callback (commit 1c27d16e6); 15 declares them with an
 * unprototyped function pointer, which C++ can only be given by a cast.
 */
#if PG_VERSION_NUM >= 160000
#define pgsafe_expression_tree_walker(node, walker, context)     expression_tree_walker((node), (walker), (context))
#define pgsafe_raw_expression_tree_walker(node, walker, context) raw_expression_tree_walker((node), (walker), (context))
#else
/* through void (*)(void), the type GCC accepts a cast to any function pointer type from */
#define pgsafe_expression_tree_walker(node, walker, context)                                                           \
	expression_tree_walker((node), (bool (*)())(void (*)())(walker), (context))
#define pgsafe_raw_expression_tree_walker(node, walker, context)                                                       \
	raw_expression_tree_walker((node), (bool (*)())(void (*)())(walker), (context))
#endif

/*
 * A setting's record: 16 exported find_option(), when guc.c's sorted array
 * of settings became a hash table; 15 has only the array, exported for
 * SHOW ALL and searched here by name.
 */
#if PG_VERSION_NUM >= 160000
#define pgsafe_find_setting(name) find_option((name), false, true, ERROR)
#else
static inline struct config_generic *
pgsafe_find_setting(const char *name)
{
	struct config_generic **settings = get_guc_variables();
	int count = GetNumConfigOptions();

	for (int i = 0; i < count; i++)
		if (pg_strcasecmp(settings[i]->name, name) == 0)
			return settings[i];
	return NULL;
}
#endif

/*
 * Set-returning functions in materialize mode: 15's SetSingleFuncCall was
 * renamed InitMaterializedSRF in 16.
 */
#if PG_VERSION_NUM < 160000
#define InitMaterializedSRF(fcinfo, flags) SetSingleFuncCall((fcinfo), (flags))
#endif

/*
 * The backend status snapshot, by position: 17 renamed
 * pgstat_fetch_stat_local_beentry().
 */
#if PG_VERSION_NUM >= 170000
#define pgsafe_local_beentry(index) pgstat_get_local_beentry_by_index(index)
#else
#define pgsafe_local_beentry(index) pgstat_fetch_stat_local_beentry(index)
#endif

/*
 * _PG_init is declared by fmgr.h from 16 on; declaring it again is
 * harmless and keeps 15, whose modules export every symbol, consistent
 * with 16's hidden visibility.
 */
extern "C" {
PGDLLEXPORT void _PG_init(void);
}
