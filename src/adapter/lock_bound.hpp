/*-------------------------------------------------------------------------
 *
 * lock_bound.hpp
 *		pgsafe.lock_timeout: the longest a blocking DDL waits in the lock
 *		queue, and who was in the way when it gives up.
 *
 * IDENTIFICATION
 *	  src/adapter/lock_bound.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"

/* How a statement's lock waits are bounded. */
typedef enum PgsafeLockBound
{
	/* its waits block nobody, or are its design (CONCURRENTLY): left alone */
	PGSAFE_LOCK_BOUND_NONE,
	/* runs in the caller's transaction: scoped like a function's SET clause */
	PGSAFE_LOCK_BOUND_STATEMENT,
	/* may commit and start transactions of its own (VACUUM, CLUSTER, REINDEX) */
	PGSAFE_LOCK_BOUND_ACROSS_COMMITS
} PgsafeLockBound;

/* From the node alone: no catalog access. */
extern PgsafeLockBound pgsafe_lock_bound(const Node *parsetree);

/*
 * Each relation the statement locks by name, with the mode (relation may
 * be NULL: REINDEX SCHEMA names none).  May raise an error (a name with
 * too many dots); each must not.
 */
typedef void (*PgsafeLockedRelation)(const RangeVar *relation, LOCKMODE mode, void *arg);
extern void pgsafe_lock_relations(const Node *parsetree, PgsafeLockedRelation each, void *arg);

/*
 * Run run(arg) with lock_timeout at most pgsafe.lock_timeout; a lock
 * timeout is raised again with a DETAIL naming the sessions in the way.
 */
extern void pgsafe_run_lock_bounded(PgsafeLockBound bound, const Node *parsetree, void (*run)(void *arg), void *arg);
