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

#if PG_VERSION_NUM < 150000 || PG_VERSION_NUM >= 190000
#error "pgsafe supports PostgreSQL 15 to 18"
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
/* REINDEX DATABASE rebuilds the system catalogs' indexes too, up to 15 (16: commit 2cbc3c17a5) */
constexpr bool kReindexDatabaseCatalogs = PG_VERSION_NUM < 160000;

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
 * Ownership and ACL checks: 16 replaced the per-class pg_*_ownercheck and
 * pg_namespace_aclcheck with object_ownercheck and object_aclcheck
 * (commit c727f511b).
 */
#if PG_VERSION_NUM >= 160000
#define pgsafe_owns_relation(relid, roleid)            object_ownercheck(RelationRelationId, (relid), (roleid))
#define pgsafe_namespace_aclcheck(nspid, roleid, mode) object_aclcheck(NamespaceRelationId, (nspid), (roleid), (mode))
#define pgsafe_owns_namespace(nspid, roleid)           object_ownercheck(NamespaceRelationId, (nspid), (roleid))
#define pgsafe_owns_database(dbid, roleid)             object_ownercheck(DatabaseRelationId, (dbid), (roleid))
#else
#define pgsafe_owns_relation(relid, roleid)            pg_class_ownercheck((relid), (roleid))
#define pgsafe_namespace_aclcheck(nspid, roleid, mode) pg_namespace_aclcheck((nspid), (roleid), (mode))
#define pgsafe_owns_namespace(nspid, roleid)           pg_namespace_ownercheck((nspid), (roleid))
#define pgsafe_owns_database(dbid, roleid)             pg_database_ownercheck((dbid), (roleid))
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
 * Set-returning functions in materialize mode: 15's SetSingleFuncCall was
 * renamed InitMaterializedSRF in 16.
 */
#if PG_VERSION_NUM < 160000
#define InitMaterializedSRF(fcinfo, flags) SetSingleFuncCall((fcinfo), (flags))
#endif

/*
 * _PG_init is declared by fmgr.h from 16 on; declaring it again is
 * harmless and keeps 15, whose modules export every symbol, consistent
 * with 16's hidden visibility.
 */
extern "C" {
PGDLLEXPORT void _PG_init(void);
}
