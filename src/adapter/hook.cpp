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

#include "adapter/catalog.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/settings.hpp"
#include "adapter/statement.hpp"
#include "core/analysis.hpp"
#include "core/rules.hpp"
#include "report/reporter.hpp"

static ProcessUtility_hook_type prev_ProcessUtility = NULL;

namespace pgsafe {

namespace {

char *
copyString(const std::string &text)
{
	const char *source = text.c_str();
	return pgCall([source] { return pstrdup(source); });
}

/* The C++ part: facts, decision, report.  PostgreSQL is entered only via pgCall. */
PgsafeReport *
inspectStatement(const PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context)
{
	StatementReader reader(pstmt, queryString, context);
	StatementFacts facts;

	if (reader.readCatalog(facts) != CatalogRead::Facts)
		return nullptr;
	/* the rules need no text; read it only when there is something to say */
	if (findDangers(facts).empty())
		return nullptr;
	reader.readText(facts);

	LiveCatalog catalog;
	std::optional<Report> report = analyze(facts, catalog);
	if (!report)
		return nullptr;

	PgsafeReport *result = pgCall([] { return (PgsafeReport *) palloc0(sizeof(PgsafeReport)); });
	result->message = copyString(report->message);
	result->detail = copyString(report->detail);
	result->hint = copyString(report->hint);
	result->rules = copyString(report->rules);
	return result;
}

} /* namespace */

} /* namespace pgsafe */

/*
 * Run the C++ analysis and come back with plain data.  A PostgreSQL error
 * raised inside is re-raised here, after every C++ frame has been unwound;
 * a C++ exception becomes a pgsafe failure report.
 */
static PgsafeReport *
pgsafe_inspect(PlannedStmt *pstmt, const char *queryString, ProcessUtilityContext context)
{
	PgsafeReport *report = NULL;
	pgsafe::BoundaryOutcome outcome =
		pgsafe::atBoundary([&] { report = pgsafe::inspectStatement(pstmt, queryString, context); });

	if (outcome.pgError)
		ReThrowError(outcome.pgError);
	if (outcome.failed)
		pgsafe_report_failure(outcome.failure, pgsafe_mode);
	return report;
}

static void
pgsafe_ProcessUtility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree, ProcessUtilityContext context,
					  ParamListInfo params, QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	/*
	 * Nothing to do when off, for statements that cannot be flagged, or when
	 * PostgreSQL is about to refuse the statement anyway (aborted
	 * transaction, read-only transaction, standby).
	 */
	if (pgsafe_mode != PGSAFE_MODE_OFF && pgsafe::isCandidate(pstmt->utilityStmt) &&
		!IsAbortedTransactionBlockState() && !XactReadOnly && !RecoveryInProgress())
	{
		PgsafeReport *report = pgsafe_inspect(pstmt, queryString, context);

		if (report)
			pgsafe_report(report, pgsafe_mode);
	}

	if (prev_ProcessUtility)
		prev_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
}

void
pgsafe_install_hook(void)
{
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = pgsafe_ProcessUtility;
}
