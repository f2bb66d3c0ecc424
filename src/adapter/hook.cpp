/*-------------------------------------------------------------------------
 *
 * hook.cpp
 *		The ProcessUtility hook: inspect, report, then run the statement.
 *
 * Every utility statement passes through here, from every source: the
 * simple and extended protocols, DO blocks, PL/pgSQL (static and EXECUTE),
 * SQL functions, procedures and extension scripts.  The hook looks at all
 * contexts; the statements PostgreSQL issues internally for CREATE TABLE
 * target a relation created in the same transaction and drop out as local.
 *
 * The hook itself is C-style and holds no C++ object.  All C++ work happens
 * inside pgsafe_inspect(), behind a try/catch that lets no exception reach
 * PostgreSQL, and it is over before the report is raised (an ERROR in error
 * mode longjmps out of here) and before the next hook or
 * standard_ProcessUtility runs, whose errors longjmp past this frame too.
 *
 * The inspection runs in an internal subtransaction (contained()).
 * Whatever goes wrong in it -- a PostgreSQL error raised by a catalog read,
 * a table dropped under it, a bug of pgsafe's -- is rolled back with the
 * subtransaction and never becomes the statement's error in warn or log
 * mode: pgsafe says it could not check the statement, and the statement
 * runs as PostgreSQL decides.  Only a query cancel or timeout, which was
 * meant for the statement, and "stack depth limit exceeded", which
 * PostgreSQL would raise itself, are raised as they came.  In error mode
 * pgsafe cannot vouch for what it did not check, and rejects the statement.
 *
 * The hook chains to the previous one, so pg_stat_statements, pgaudit and
 * others keep working in either preload order.  In error mode the
 * statement is rejected before it is passed on: inner hooks never see it,
 * as with any statement that fails before execution.
 *
 * IDENTIFICATION
 *	  src/adapter/hook.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/hook.hpp"

#include <cstring>
#include <optional>

#include "adapter/inspect.hpp"
#include "adapter/lock_bound.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/settings.hpp"
#include "adapter/statement.hpp"
#include "report/reporter.hpp"

static ProcessUtility_hook_type prev_ProcessUtility = NULL;

const char *pgsafe_extension_command = NULL;

namespace pgsafe {

namespace {

char *
copyString(const std::string &text)
{
	const char *source = text.c_str();
	return pgCall([source]() noexcept { return pstrdup(source); });
}

/* The C++ part: facts, decision, report.  PostgreSQL is entered only via pgCall. */
PgsafeReport *
inspectStatement(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context,
				 const ReadPolicy &policy)
{
	std::optional<Report> report = inspect(pstmt, queryString, context, policy, ScriptLength::Bounded).report;
	if (!report)
		return nullptr;

	PgsafeReport *result = pgCall([]() noexcept { return (PgsafeReport *) palloc0(sizeof(PgsafeReport)); });
	result->message = copyString(report->message);
	result->detail = copyString(report->detail);
	result->hint = copyString(report->hint);
	result->rules = copyString(report->rules);
	return result;
}

} /* namespace */

} /* namespace pgsafe */

/*
 * Run the C++ analysis in a subtransaction and come back with plain data.
 * A cancel or timeout raised inside is raised again once the subtransaction
 * is gone; any other failure is reported per pgsafe.mode.
 */
static PgsafeReport *
pgsafe_inspect(PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context)
{
	PgsafeReport *report = NULL;
	ErrorData *failure = NULL;
	pgsafe::ReadPolicy policy;
	pgsafe::BoundaryOutcome outcome;

	/* the transaction's state, read before the subtransaction changes it */
	policy.inTransactionBlock = IsTransactionBlock();

	outcome = pgsafe::atBoundary([&] {
		failure = pgsafe::contained([&] { report = pgsafe::inspectStatement(pstmt, queryString, context, policy); });
	});

	if (outcome.pgError)
		ReThrowError(outcome.pgError);
	/*
	 * An expression too deep for pgsafe's stack-checked walks is one
	 * PostgreSQL's own analysis refuses with the same error (its frames are
	 * larger) -- or, for the name of an index column, one it would crash on
	 * (FigureIndexColname() has no stack check): the statement's error in
	 * every mode, raised before PostgreSQL gets there.
	 */
	if (failure && failure->sqlerrcode == ERRCODE_STATEMENT_TOO_COMPLEX)
		ReThrowError(failure);
	if (failure || outcome.failed)
	{
		pgsafe_report_failure(failure ? (failure->message ? failure->message : "unknown error") : outcome.failure,
							  pgsafe_mode);
		return NULL;
	}
	return report;
}

static void
pgsafe_run_next(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree, ProcessUtilityContext context,
				ParamListInfo params, QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	if (prev_ProcessUtility)
		prev_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
}

/*
 * Run CREATE EXTENSION or ALTER EXTENSION, remembering its text for the
 * statements of the script it runs.
 */
static void
pgsafe_run_extension_command(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
							 ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *queryEnv,
							 DestReceiver *dest, QueryCompletion *qc)
{
	const char *outer = pgsafe_extension_command;
	int location = pstmt->stmt_location > 0 ? pstmt->stmt_location : 0;
	int length = pstmt->stmt_len > 0 ? pstmt->stmt_len : (int) strlen(queryString + location);

	pgsafe_extension_command = pnstrdup(queryString + location, length);
	PG_TRY();
	{
		pgsafe_run_next(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	}
	PG_FINALLY();
	{
		pgsafe_extension_command = outer;
	}
	PG_END_TRY();
}

/* the arguments of pgsafe_run_next(), for pgsafe_run_lock_bounded() */
typedef struct PgsafeNextCall
{
	PlannedStmt *pstmt;
	const char *queryString;
	bool readOnlyTree;
	ProcessUtilityContext context;
	ParamListInfo params;
	QueryEnvironment *queryEnv;
	DestReceiver *dest;
	QueryCompletion *qc;
} PgsafeNextCall;

static void
pgsafe_run_next_call(void *arg)
{
	PgsafeNextCall *call = (PgsafeNextCall *) arg;

	pgsafe_run_next(call->pstmt,
					call->queryString,
					call->readOnlyTree,
					call->context,
					call->params,
					call->queryEnv,
					call->dest,
					call->qc);
}

static void
pgsafe_ProcessUtility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree, ProcessUtilityContext context,
					  ParamListInfo params, QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	Node *node = pstmt->utilityStmt;

	/*
	 * Nothing to do when off, for statements that cannot be flagged, or when
	 * PostgreSQL is about to refuse the statement anyway (aborted
	 * transaction, read-only transaction, standby).
	 */
	if (pgsafe_mode != PGSAFE_MODE_OFF && pgsafe::isCandidate(node) && !IsAbortedTransactionBlockState() &&
		!XactReadOnly && !RecoveryInProgress())
	{
		PgsafeReport *report = pgsafe_inspect(pstmt, queryString, context);

		if (report)
			pgsafe_report(report, pgsafe_mode);
	}

	/*
	 * pgsafe.lock_timeout: in every mode but off, the one thing pgsafe does
	 * that can make a statement fail in warn or log mode -- the DBA's bound
	 * on how long DDL may stall a table in the lock queue.  A look at the
	 * node tag; nothing for the statements it does not cover.
	 */
	if (pgsafe_mode != PGSAFE_MODE_OFF && pgsafe_lock_timeout_ms > 0 && !IsInParallelMode())
	{
		PgsafeLockBound bound = pgsafe_lock_bound(node);

		if (bound != PGSAFE_LOCK_BOUND_NONE)
		{
			PgsafeNextCall call = {pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc};

			pgsafe_run_lock_bounded(bound, node, pgsafe_run_next_call, &call);
			return;
		}
	}

	if (queryString && (IsA(node, CreateExtensionStmt) || IsA(node, AlterExtensionStmt)))
		pgsafe_run_extension_command(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		pgsafe_run_next(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
}

void
pgsafe_install_hook(void)
{
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = pgsafe_ProcessUtility;
}
