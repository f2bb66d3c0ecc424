/*-------------------------------------------------------------------------
 *
 * reporter.cpp
 *		ereport() a finding at the level pgsafe.mode asks for.
 *
 * warn: a WARNING, which the client sees and the server log records.
 * log:  LOG_SERVER_ONLY, so the client sees nothing even with
 *		 client_min_messages = log; the statement is logged with it.
 * error: an ERROR raised before the statement runs, so it never takes its
 *		 lock; the detail says why it was rejected.
 *
 * These functions are C-style: they are reached only with plain data, so the
 * longjmp of ERROR passes over no C++ object.
 *
 * IDENTIFICATION
 *	  src/report/reporter.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "report/reporter.hpp"

#include "adapter/settings.hpp"

void
pgsafe_report(const PgsafeReport *report, int mode)
{
	switch (mode)
	{
		case PGSAFE_MODE_WARN:
			ereport(WARNING,
					(errcode(ERRCODE_PGSAFE_BLOCKING_DDL),
					 errmsg("%s", report->message),
					 errdetail("%s", report->detail),
					 errhint("%s", report->hint)));
			break;

		case PGSAFE_MODE_LOG:
			ereport(LOG_SERVER_ONLY,
					(errcode(ERRCODE_PGSAFE_BLOCKING_DDL),
					 errmsg("%s", report->message),
					 errdetail("%s Rules: %s.", report->detail, report->rules),
					 errhint("%s", report->hint)));
			break;

		case PGSAFE_MODE_ERROR:
			ereport(ERROR,
					(errcode(ERRCODE_PGSAFE_BLOCKING_DDL),
					 errmsg("%s", report->message),
					 errdetail("%s The statement was rejected because pgsafe.mode is \"error\".", report->detail),
					 errhint("%s", report->hint)));
			break;

		default:
			break;
	}
}

/*
 * An analysis that failed is no reason to block a statement pgsafe was
 * only asked to warn about; in error mode it is, since the guard cannot
 * vouch for what it did not check.
 */
void
pgsafe_report_failure(const char *what, int mode)
{
	if (mode == PGSAFE_MODE_ERROR)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("pgsafe could not check this statement: %s", what),
				 errdetail("The statement was rejected because pgsafe.mode is \"error\", and pgsafe cannot vouch "
						   "for a statement it could not check."),
				 errhint("A role allowed to set pgsafe.mode can run it unchecked with SET LOCAL pgsafe.mode = "
						 "'warn' in its transaction.")));
	else
		ereport(mode == PGSAFE_MODE_LOG ? LOG_SERVER_ONLY : WARNING,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("pgsafe could not check this statement: %s", what),
				 errdetail("The statement runs unchecked, as pgsafe.mode is \"%s\".", pgsafe_mode_name(mode))));
}
