/*-------------------------------------------------------------------------
 *
 * lock_bound.cpp
 *		pgsafe.lock_timeout: the longest a blocking DDL waits in the lock
 *		queue, and who was in the way when it gives up.
 *
 * A DDL statement waiting for a lock that conflicts with reads or writes
 * makes every later query on the table wait behind it, however brief the
 * DDL itself would be.  When pgsafe.lock_timeout is set, the statements
 * that queue that way run with lock_timeout at most that long: the
 * session's own when it is lower (and not 0), pgsafe's otherwise.
 *
 * The bound is scoped like a function's SET clause (fmgr_security_definer):
 * a GUC nest level, set with GUC_ACTION_SAVE, popped when the statement
 * returns; on an error, the abort of the transaction or of the
 * subtransaction that catches it pops it.  The session's lock_timeout is
 * exactly as before either way.  VACUUM, CLUSTER and REINDEX may commit and
 * start transactions of their own, and each commit pops the nest levels
 * open at that time: for them, the variable behind lock_timeout is set
 * directly and put back when the statement returns or fails, which no
 * commit in between touches.
 *
 * Nothing is looked up for a statement that gets its locks: the statement
 * kind is read from the node.  Only when a lock timeout ends the statement
 * does pgsafe read, before the transaction aborts, the lock table and the
 * backend status array (shared memory, as pg_locks and pg_stat_activity
 * do) and resolve the statement's relation names; anything failing there is
 * dropped and the lock timeout raised as it came.
 *
 * IDENTIFICATION
 *	  src/adapter/lock_bound.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/lock_bound.hpp"

#include "adapter/settings.hpp"

/* sessions spelled out in the DETAIL; the rest are counted */
#define PGSAFE_BLOCKERS_SHOWN 10
/* query text shown per session, in bytes */
#define PGSAFE_QUERY_SHOWN    200

/* the untranslated message of a lock timeout (postgres.c: ProcessInterrupts) */
static const char *const lock_timeout_message = "canceling statement due to lock timeout";

/* ---------------------------------------------------------------------
 * Which statements: by node tag, from PostgreSQL's lock levels
 * (utility.c, tablecmds.c: AlterTableGetLockLevel, the commands' own
 * table_open calls).  A lock "blocks reads or writes" when it conflicts
 * with ROW EXCLUSIVE: SHARE and stronger.
 * ---------------------------------------------------------------------
 */

static bool
blocks_reads_or_writes(LOCKMODE mode)
{
	return mode >= ShareLock;
}

/* Is a DefElem option (VACUUM (FULL), REINDEX (CONCURRENTLY)) on? */
static bool
option_on(const List *options, const char *name)
{
	const ListCell *lc;

	foreach (lc, options)
	{
		const DefElem *option = (const DefElem *) lfirst(lc);

		if (strcmp(option->defname, name) != 0)
			continue;
		if (option->arg == NULL)
			return true;
		/* anything but an explicit false is taken as on: at worst a wait is bounded */
		if (IsA(option->arg, Boolean))
			return boolVal(option->arg);
		if (IsA(option->arg, Integer))
			return intVal(option->arg) != 0;
		if (IsA(option->arg, String))
			return pg_strcasecmp(strVal(option->arg), "false") != 0 && pg_strcasecmp(strVal(option->arg), "off") != 0 &&
				   strcmp(strVal(option->arg), "0") != 0;
		return true;
	}
	return false;
}

static bool
has_foreign_key(const List *constraints)
{
	const ListCell *lc;

	foreach (lc, constraints)
		if (IsA(lfirst(lc), Constraint) && ((const Constraint *) lfirst(lc))->contype == CONSTR_FOREIGN)
			return true;
	return false;
}

static bool
is_relation_object(ObjectType type)
{
	switch (type)
	{
		case OBJECT_TABLE:
		case OBJECT_VIEW:
		case OBJECT_MATVIEW:
		case OBJECT_FOREIGN_TABLE:
		case OBJECT_SEQUENCE:
			return true;
		default:
			return false;
	}
}

static PgsafeLockBound
alter_table_bound(const AlterTableStmt *stmt)
{
	const ListCell *lc;
	bool attach = false;

	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);

		/* commits between its two transactions; its waits are its design */
		if (cmd->subtype == AT_DetachPartition && cmd->def && ((const PartitionCmd *) cmd->def)->concurrent)
			return PGSAFE_LOCK_BOUND_NONE;
		/* ACCESS EXCLUSIVE on the partition attached, whatever the parent gets */
		if (cmd->subtype == AT_AttachPartition)
			attach = true;
	}
	if (attach || blocks_reads_or_writes(AlterTableGetLockLevel(stmt->cmds)))
		return PGSAFE_LOCK_BOUND_STATEMENT;
	return PGSAFE_LOCK_BOUND_NONE;
}

PgsafeLockBound
pgsafe_lock_bound(const Node *parsetree)
{
	if (parsetree == NULL)
		return PGSAFE_LOCK_BOUND_NONE;

	switch (nodeTag(parsetree))
	{
		case T_AlterTableStmt:
			return alter_table_bound((const AlterTableStmt *) parsetree);
		case T_AlterTableMoveAllStmt: /* ALTER TABLE|INDEX ALL IN TABLESPACE */
		case T_TruncateStmt:
		case T_CreateTrigStmt:
		case T_RuleStmt:
		case T_CreatePolicyStmt:
		case T_AlterPolicyStmt:
		case T_AlterDomainStmt: /* SHARE on the tables using it, to check them */
		case T_AlterSeqStmt:    /* blocks nextval(), so inserts */
			return PGSAFE_LOCK_BOUND_STATEMENT;
		case T_IndexStmt:
			return ((const IndexStmt *) parsetree)->concurrent ? PGSAFE_LOCK_BOUND_NONE : PGSAFE_LOCK_BOUND_STATEMENT;
		case T_DropStmt:
			{
				const DropStmt *stmt = (const DropStmt *) parsetree;

				if (stmt->concurrent)
					return PGSAFE_LOCK_BOUND_NONE;
				switch (stmt->removeType)
				{
					case OBJECT_INDEX:
					case OBJECT_TRIGGER:
					case OBJECT_RULE:
					case OBJECT_POLICY:
					case OBJECT_SCHEMA: /* CASCADE drops the tables in it */
						return PGSAFE_LOCK_BOUND_STATEMENT;
					default:
						return is_relation_object(stmt->removeType) ? PGSAFE_LOCK_BOUND_STATEMENT
																	: PGSAFE_LOCK_BOUND_NONE;
				}
			}
		case T_RenameStmt:
			{
				const RenameStmt *stmt = (const RenameStmt *) parsetree;

				switch (stmt->renameType)
				{
					case OBJECT_COLUMN:
					case OBJECT_TABCONSTRAINT:
					case OBJECT_TRIGGER:
					case OBJECT_RULE:
					case OBJECT_POLICY:
						return PGSAFE_LOCK_BOUND_STATEMENT;
					default:
						/* ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE only */
						return is_relation_object(stmt->renameType) ? PGSAFE_LOCK_BOUND_STATEMENT
																	: PGSAFE_LOCK_BOUND_NONE;
				}
			}
		case T_AlterObjectSchemaStmt:
			return is_relation_object(((const AlterObjectSchemaStmt *) parsetree)->objectType)
					   ? PGSAFE_LOCK_BOUND_STATEMENT
					   : PGSAFE_LOCK_BOUND_NONE;
		case T_CreateStmt:
			{
				/* PARTITION OF: ACCESS EXCLUSIVE on the parent; REFERENCES: SHARE ROW EXCLUSIVE on the referenced table */
				const CreateStmt *stmt = (const CreateStmt *) parsetree;
				const ListCell *lc;

				if (stmt->partbound != NULL || has_foreign_key(stmt->constraints))
					return PGSAFE_LOCK_BOUND_STATEMENT;
				foreach (lc, stmt->tableElts)
					if (IsA(lfirst(lc), ColumnDef) && has_foreign_key(((const ColumnDef *) lfirst(lc))->constraints))
						return PGSAFE_LOCK_BOUND_STATEMENT;
				return PGSAFE_LOCK_BOUND_NONE;
			}
		case T_ViewStmt:
			/* CREATE OR REPLACE VIEW: ACCESS EXCLUSIVE on the existing view */
			return ((const ViewStmt *) parsetree)->replace ? PGSAFE_LOCK_BOUND_STATEMENT : PGSAFE_LOCK_BOUND_NONE;
		case T_RefreshMatViewStmt:
			return ((const RefreshMatViewStmt *) parsetree)->concurrent ? PGSAFE_LOCK_BOUND_NONE
																		: PGSAFE_LOCK_BOUND_STATEMENT;
		case T_LockStmt:
			{
				const LockStmt *stmt = (const LockStmt *) parsetree;

				return !stmt->nowait && blocks_reads_or_writes(stmt->mode) ? PGSAFE_LOCK_BOUND_STATEMENT
																		   : PGSAFE_LOCK_BOUND_NONE;
			}
		case T_VacuumStmt:
			{
				/* vacuum() commits and starts a transaction per table */
				const VacuumStmt *stmt = (const VacuumStmt *) parsetree;

				return stmt->is_vacuumcmd && option_on(stmt->options, "full") ? PGSAFE_LOCK_BOUND_ACROSS_COMMITS
																			  : PGSAFE_LOCK_BOUND_NONE;
			}
		case T_ClusterStmt:
			/* without a table, or of a partitioned table: a transaction per table */
			return PGSAFE_LOCK_BOUND_ACROSS_COMMITS;
		case T_ReindexStmt:
			/* SCHEMA, DATABASE, SYSTEM and partitioned tables: a transaction per index */
			return option_on(((const ReindexStmt *) parsetree)->params, "concurrently")
					   ? PGSAFE_LOCK_BOUND_NONE
					   : PGSAFE_LOCK_BOUND_ACROSS_COMMITS;
		default:
			return PGSAFE_LOCK_BOUND_NONE;
	}
}

/* ---------------------------------------------------------------------
 * Who was in the way: gathered only when a lock timeout ended the
 * statement, before its transaction aborts.
 * ---------------------------------------------------------------------
 */

/* a relation the statement locks, and how strongly */
typedef struct LockTarget
{
	Oid relid;
	LOCKMODE mode;
} LockTarget;

typedef struct LockTargets
{
	int count;
	int size;
	LockTarget *items;
} LockTargets;

static void
add_foreign_keys(const List *constraints, PgsafeLockedRelation each, void *arg)
{
	const ListCell *lc;

	foreach (lc, constraints)
	{
		const Constraint *constraint = (const Constraint *) lfirst(lc);

		if (IsA(constraint, Constraint) && constraint->contype == CONSTR_FOREIGN)
			each(constraint->pktable, ShareRowExclusiveLock, arg);
	}
}

/* a name list whose last element names something on the relation before it (DROP TRIGGER t ON rel) */
static void
add_owner_of_named(const List *names, LOCKMODE mode, PgsafeLockedRelation each, void *arg)
{
	if (list_length(names) >= 2)
		each(makeRangeVarFromNameList(list_truncate(list_copy(names), list_length(names) - 1)), mode, arg);
}

void
pgsafe_lock_relations(const Node *parsetree, PgsafeLockedRelation each, void *arg)
{
	const ListCell *lc;

	switch (nodeTag(parsetree))
	{
		case T_AlterTableStmt:
			{
				const AlterTableStmt *stmt = (const AlterTableStmt *) parsetree;

				each(stmt->relation, AlterTableGetLockLevel(stmt->cmds), arg);
				foreach (lc, stmt->cmds)
				{
					const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);

					if (cmd->def == NULL)
						continue;
					if (cmd->subtype == AT_AddConstraint && IsA(cmd->def, Constraint))
						add_foreign_keys(list_make1(cmd->def), each, arg);
					else if (cmd->subtype == AT_AddColumn && IsA(cmd->def, ColumnDef))
						add_foreign_keys(((const ColumnDef *) cmd->def)->constraints, each, arg);
					else if ((cmd->subtype == AT_AttachPartition || cmd->subtype == AT_DetachPartition) &&
							 IsA(cmd->def, PartitionCmd))
						each(((const PartitionCmd *) cmd->def)->name, AccessExclusiveLock, arg);
				}
				break;
			}
		case T_IndexStmt:
			each(((const IndexStmt *) parsetree)->relation, ShareLock, arg);
			break;
		case T_DropStmt:
			{
				const DropStmt *stmt = (const DropStmt *) parsetree;

				foreach (lc, stmt->objects)
				{
					if (!IsA(lfirst(lc), List))
						continue;
					if (is_relation_object(stmt->removeType) || stmt->removeType == OBJECT_INDEX)
						each(makeRangeVarFromNameList((List *) lfirst(lc)), AccessExclusiveLock, arg);
					else if (stmt->removeType == OBJECT_TRIGGER || stmt->removeType == OBJECT_RULE ||
							 stmt->removeType == OBJECT_POLICY)
						add_owner_of_named((List *) lfirst(lc), AccessExclusiveLock, each, arg);
				}
				break;
			}
		case T_TruncateStmt:
			foreach (lc, ((const TruncateStmt *) parsetree)->relations)
				each((const RangeVar *) lfirst(lc), AccessExclusiveLock, arg);
			break;
		case T_CreateTrigStmt:
			each(((const CreateTrigStmt *) parsetree)->relation, ShareRowExclusiveLock, arg);
			break;
		case T_RuleStmt:
			each(((const RuleStmt *) parsetree)->relation, AccessExclusiveLock, arg);
			break;
		case T_CreatePolicyStmt:
			each(((const CreatePolicyStmt *) parsetree)->table, AccessExclusiveLock, arg);
			break;
		case T_AlterPolicyStmt:
			each(((const AlterPolicyStmt *) parsetree)->table, AccessExclusiveLock, arg);
			break;
		case T_AlterSeqStmt:
			each(((const AlterSeqStmt *) parsetree)->sequence, ShareRowExclusiveLock, arg);
			break;
		case T_RenameStmt:
			each(((const RenameStmt *) parsetree)->relation, AccessExclusiveLock, arg);
			break;
		case T_AlterObjectSchemaStmt:
			each(((const AlterObjectSchemaStmt *) parsetree)->relation, AccessExclusiveLock, arg);
			break;
		case T_CreateStmt:
			{
				const CreateStmt *stmt = (const CreateStmt *) parsetree;

				if (stmt->partbound != NULL)
					foreach (lc, stmt->inhRelations)
						each((const RangeVar *) lfirst(lc), AccessExclusiveLock, arg);
				add_foreign_keys(stmt->constraints, each, arg);
				foreach (lc, stmt->tableElts)
					if (IsA(lfirst(lc), ColumnDef))
						add_foreign_keys(((const ColumnDef *) lfirst(lc))->constraints, each, arg);
				break;
			}
		case T_ViewStmt:
			each(((const ViewStmt *) parsetree)->view, AccessExclusiveLock, arg);
			break;
		case T_RefreshMatViewStmt:
			each(((const RefreshMatViewStmt *) parsetree)->relation, AccessExclusiveLock, arg);
			break;
		case T_LockStmt:
			foreach (lc, ((const LockStmt *) parsetree)->relations)
				each((const RangeVar *) lfirst(lc), ((const LockStmt *) parsetree)->mode, arg);
			break;
		case T_VacuumStmt:
			foreach (lc, ((const VacuumStmt *) parsetree)->rels)
				each(((const VacuumRelation *) lfirst(lc))->relation, AccessExclusiveLock, arg);
			break;
		case T_ClusterStmt:
			each(((const ClusterStmt *) parsetree)->relation, AccessExclusiveLock, arg);
			break;
		case T_ReindexStmt:
			{
				const ReindexStmt *stmt = (const ReindexStmt *) parsetree;

				each(stmt->relation, stmt->kind == REINDEX_OBJECT_INDEX ? AccessExclusiveLock : ShareLock, arg);
				break;
			}
		default:
			break;
	}
}

static void
add_target(const RangeVar *relation, LOCKMODE mode, void *arg)
{
	LockTargets *targets = (LockTargets *) arg;
	Oid relid;

	if (relation == NULL)
		return;
	relid = RangeVarGetRelid(relation, NoLock, true);
	if (!OidIsValid(relid))
		return;
	for (int i = 0; i < targets->count; i++)
		if (targets->items[i].relid == relid)
		{
			targets->items[i].mode = Max(targets->items[i].mode, mode);
			return;
		}
	if (targets->count == targets->size)
	{
		targets->size = targets->size ? targets->size * 2 : 8;
		targets->items = targets->items ? (LockTarget *) repalloc(targets->items, targets->size * sizeof(LockTarget))
										: (LockTarget *) palloc(targets->size * sizeof(LockTarget));
	}
	targets->items[targets->count].relid = relid;
	targets->items[targets->count].mode = mode;
	targets->count++;
}

/* one session in the way */
typedef struct Blocker
{
	int pid;
	Oid relid;
	LOCKMODE held;    /* the strongest conflicting mode it holds, or NoLock */
	LOCKMODE awaited; /* the conflicting mode it waits for, or NoLock */
} Blocker;

static const LocalPgBackendStatus *
find_backend(int pid)
{
	int count = pgstat_fetch_stat_numbackends();

	for (int i = 1; i <= count; i++)
	{
		LocalPgBackendStatus *entry = pgsafe_local_beentry(i);

		if (entry && entry->backendStatus.st_procpid == pid)
			return entry;
	}
	return NULL;
}

static const char *
state_name(BackendState state)
{
	switch (state)
	{
		case STATE_IDLE:
			return "idle";
		case STATE_RUNNING:
			return "active";
		case STATE_IDLEINTRANSACTION:
			return "idle in transaction";
		case STATE_FASTPATH:
			return "fastpath function call";
		case STATE_IDLEINTRANSACTION_ABORTED:
			return "idle in transaction (aborted)";
		case STATE_DISABLED:
			return "disabled";
		default:
			return NULL;
	}
}

static void
append_duration(StringInfo out, TimestampTz since, TimestampTz now)
{
	long ms = since == 0 ? 0 : TimestampDifferenceMilliseconds(since, now);

	appendStringInfo(out, "%ld.%ld s", ms / 1000, (ms % 1000) / 100);
}

static void
append_client(StringInfo out, const PgBackendStatus *status)
{
	const SockAddr *client = &status->st_clientaddr;
	SockAddr zero;

	memset(&zero, 0, sizeof(zero));
	if (memcmp(client, &zero, sizeof(zero)) == 0)
		return;
	if (client->addr.ss_family == AF_INET || client->addr.ss_family == AF_INET6)
	{
		char host[NI_MAXHOST];

		host[0] = '\0';
		if (pg_getnameinfo_all(&client->addr, client->salen, host, sizeof(host), NULL, 0, NI_NUMERICHOST) == 0)
		{
			clean_ipv6_addr(client->addr.ss_family, host);
			appendStringInfo(out, ", client %s", host);
		}
	}
	else
		appendStringInfoString(out, ", client local");
}

/* the query, on one line and bounded */
static void
append_query(StringInfo out, const PgBackendStatus *status, const char *label)
{
	char *query = pgstat_clip_activity(status->st_activity_raw);
	int length;

	if (query == NULL || query[0] == '\0')
		return;
	for (char *c = query; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	length = (int) strlen(query);
	if (length > PGSAFE_QUERY_SHOWN)
	{
		length = pg_mbcliplen(query, length, PGSAFE_QUERY_SHOWN);
		appendStringInfo(out, " %s: %.*s...", label, length, query);
	}
	else
		appendStringInfo(out, " %s: %s", label, query);
}

static const char *
relation_name(Oid relid)
{
	char *name = get_rel_name(relid);
	char *schema = get_namespace_name(get_rel_namespace(relid));

	if (name == NULL)
		return "(dropped)";
	return schema ? psprintf("%s.%s", schema, name) : name;
}

/*
 * One line of the DETAIL; returns whether the session is idle in a
 * transaction the caller may see (the hint then offers to end it).
 */
static bool
append_blocker(StringInfo out, const Blocker *blocker, TimestampTz now)
{
	const LocalPgBackendStatus *local = find_backend(blocker->pid);
	const PgBackendStatus *status = local ? &local->backendStatus : NULL;
	bool visible;
	bool idle = false;
	const char *state;

	appendStringInfo(out, "\nProcess %d ", blocker->pid);
	if (blocker->held != NoLock)
		appendStringInfo(out, "holds %s", GetLockmodeName(DEFAULT_LOCKMETHOD, blocker->held));
	else
		appendStringInfo(out, "waits for %s", GetLockmodeName(DEFAULT_LOCKMETHOD, blocker->awaited));
	appendStringInfo(out, " on relation \"%s\"", relation_name(blocker->relid));
	if (status == NULL)
	{
		appendStringInfoString(out, ".");
		return false;
	}

	if (status->st_backendType != B_BACKEND)
		appendStringInfo(out, ": %s", GetBackendTypeDesc(status->st_backendType));
	else
	{
		char *role = OidIsValid(status->st_userid) ? GetUserNameFromId(status->st_userid, true) : NULL;

		appendStringInfo(out, ": role \"%s\"", role ? role : "(unknown)");
	}
	if (status->st_appname && status->st_appname[0])
		appendStringInfo(out, ", application \"%s\"", status->st_appname);

	/* the columns pg_stat_activity shows only to those allowed (HAS_PGSTAT_PERMISSIONS) */
	visible =
		has_privs_of_role(GetUserId(), ROLE_PG_READ_ALL_STATS) || has_privs_of_role(GetUserId(), status->st_userid);
	if (!visible)
	{
		appendStringInfoString(out, "; its state and query are not visible to you in pg_stat_activity.");
		return false;
	}

	append_client(out, status);
	state = state_name(status->st_state);
	if (state)
	{
		appendStringInfo(out, ", %s for ", state);
		append_duration(out, status->st_state_start_timestamp, now);
		idle = status->st_state == STATE_IDLEINTRANSACTION || status->st_state == STATE_IDLEINTRANSACTION_ABORTED;
	}
	if (status->st_xact_start_timestamp != 0)
	{
		appendStringInfoString(out, ", in a transaction for ");
		append_duration(out, status->st_xact_start_timestamp, now);
	}
	appendStringInfoChar(out, '.');
	append_query(out, status, status->st_state == STATE_RUNNING ? "Its query" : "Its last query");
	return idle;
}

/* the sessions holding or awaiting a lock that conflicts with a target */
static Blocker *
find_blockers(const LockTargets *targets, int *count)
{
	LockData *locks = GetLockStatusData();
	Blocker *blockers = (Blocker *) palloc0(sizeof(Blocker) * Max(locks->nelements, 1));
	int found = 0;

	for (int i = 0; i < locks->nelements; i++)
	{
		const LockInstanceData *lock = &locks->locks[i];
		int pid = lock->leaderPid ? lock->leaderPid : lock->pid;
		LOCKMODE held = NoLock;
		LOCKMODE awaited = NoLock;
		const LockTarget *target = NULL;
		int j;

		if (lock->locktag.locktag_type != LOCKTAG_RELATION || lock->pid == MyProcPid || pid == MyProcPid)
			continue;
		if (lock->locktag.locktag_field1 != MyDatabaseId && lock->locktag.locktag_field1 != InvalidOid)
			continue;
		for (j = 0; j < targets->count; j++)
			if (targets->items[j].relid == lock->locktag.locktag_field2)
				target = &targets->items[j];
		if (target == NULL)
			continue;
		for (LOCKMODE mode = MaxLockMode; mode > NoLock; mode--)
			if ((lock->holdMask & LOCKBIT_ON(mode)) && DoLockModesConflict(mode, target->mode))
			{
				held = mode;
				break;
			}
		if (lock->waitLockMode != NoLock && DoLockModesConflict(lock->waitLockMode, target->mode))
			awaited = lock->waitLockMode;
		if (held == NoLock && awaited == NoLock)
			continue;

		/* one entry per session (a parallel worker counts as its leader), a held lock first */
		for (j = 0; j < found; j++)
			if (blockers[j].pid == pid)
				break;
		if (j == found)
		{
			blockers[found].pid = pid;
			blockers[found].relid = target->relid;
			found++;
		}
		if (held != NoLock && blockers[j].held == NoLock)
		{
			blockers[j].held = held;
			blockers[j].relid = target->relid;
		}
		if (blockers[j].held == NoLock && awaited != NoLock)
			blockers[j].awaited = awaited;
	}
	*count = found;
	return blockers;
}

static void
describe_blockers(ErrorData *edata, const Node *parsetree, int timeout_ms, bool ours)
{
	LockTargets targets = {0, 0, NULL};
	StringInfoData detail;
	StringInfoData idle;
	Blocker *blockers;
	int count;
	int shown = 0;
	TimestampTz now = GetCurrentTimestamp();

	pgsafe_lock_relations(parsetree, add_target, &targets);
	blockers = targets.count > 0 ? find_blockers(&targets, &count) : NULL;
	if (blockers == NULL)
		count = 0;

	initStringInfo(&detail);
	initStringInfo(&idle);
	appendStringInfo(&detail,
					 "The statement waited %d ms for a lock, the bound set by %s.",
					 timeout_ms,
					 ours ? "pgsafe.lock_timeout" : "lock_timeout");
	if (count == 0)
		appendStringInfoString(&detail,
							   targets.count > 0
								   ? " No other session holds or awaits a conflicting lock on the relations it names "
									 "now: the wait was for another object it locks, or the session in the way is "
									 "gone."
								   : " pgsafe does not know which relations it waited for.");
	/* holders first, then the sessions queued ahead */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < count; i++)
		{
			if ((pass == 0) != (blockers[i].held != NoLock))
				continue;
			if (shown == PGSAFE_BLOCKERS_SHOWN)
				continue;
			if (append_blocker(&detail, &blockers[i], now))
				appendStringInfo(&idle, "%sSELECT pg_terminate_backend(%d);", idle.len ? " " : "", blockers[i].pid);
			shown++;
		}
	if (count > shown)
		appendStringInfo(&detail, "\nand %d more sessions.", count - shown);

	edata->detail = detail.data;
	if (idle.len > 0)
		edata->hint =
			psprintf("Retry the statement. A session idle in transaction holds its locks until it ends; if ending it "
					 "is acceptable: %s",
					 idle.data);
	else
		edata->hint = pstrdup("Retry the statement once the sessions in the way are done.");
}

/*
 * Add the DETAIL and HINT to a lock timeout; anything that fails while
 * gathering them leaves the error as it came.
 */
static void
annotate_lock_timeout(ErrorData *edata, const Node *parsetree, int timeout_ms, bool ours)
{
	MemoryContext context = CurrentMemoryContext;
	char *detail = edata->detail;
	char *hint = edata->hint;

	PG_TRY();
	{
		describe_blockers(edata, parsetree, timeout_ms, ours);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(context);
		FlushErrorState();
		edata->detail = detail;
		edata->hint = hint;
	}
	PG_END_TRY();
}

static bool
is_lock_timeout(const ErrorData *edata)
{
	/* NOWAIT raises 55P03 too, with messages of its own; a DETAIL means it was annotated already */
	return edata->sqlerrcode == ERRCODE_LOCK_NOT_AVAILABLE && edata->message_id &&
		   strcmp(edata->message_id, lock_timeout_message) == 0 && edata->detail == NULL;
}

void
pgsafe_run_lock_bounded(PgsafeLockBound bound, const Node *parsetree, void (*run)(void *arg), void *arg)
{
	MemoryContext context = CurrentMemoryContext;
	int session = LockTimeout;
	/* the session's own lock_timeout when it is lower and not 0 */
	bool ours = session == 0 || session > pgsafe_lock_timeout_ms;
	int timeout_ms = ours ? pgsafe_lock_timeout_ms : session;
	/* volatile: read after PG_TRY (set before it, never changed inside) */
	volatile int nestlevel = -1;

	if (ours && bound == PGSAFE_LOCK_BOUND_STATEMENT)
	{
		char value[32];

		snprintf(value, sizeof(value), "%d", pgsafe_lock_timeout_ms);
		nestlevel = NewGUCNestLevel();
		(void) set_config_option("lock_timeout", value, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	}
	else if (ours)
		LockTimeout = pgsafe_lock_timeout_ms;

	PG_TRY();
	{
		run(arg);
	}
	PG_CATCH();
	{
		ErrorData *edata;

		/* the nest level is the abort's to pop; the variable is ours to put back */
		if (ours && bound == PGSAFE_LOCK_BOUND_ACROSS_COMMITS)
			LockTimeout = session;

		MemoryContextSwitchTo(context);
		edata = CopyErrorData();
		if (!is_lock_timeout(edata))
			PG_RE_THROW();
		FlushErrorState();
		annotate_lock_timeout(edata, parsetree, timeout_ms, ours);
		ReThrowError(edata);
	}
	PG_END_TRY();

	if (nestlevel >= 0)
		AtEOXact_GUC(true, nestlevel);
	else if (ours)
		LockTimeout = session;
}
