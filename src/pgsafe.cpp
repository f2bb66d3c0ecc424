/*-------------------------------------------------------------------------
 *
 * pgsafe.cpp
 *		Module entry points: the magic block, _PG_init and pgsafe.status().
 *
 * pgsafe works from shared_preload_libraries (every backend is guarded) or
 * session_preload_libraries (new sessions are, without a restart).  CREATE
 * EXTENSION alone loads nothing: the library would only be loaded into a
 * session that calls one of its functions, and only that session would be
 * guarded.  pgsafe.status() shows which of these is the case.
 *
 * IDENTIFICATION
 *	  src/pgsafe.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/prelude.hpp"

#include "adapter/hook.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/settings.hpp"
#include "core/interrupts.hpp"

extern "C" {

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(pgsafe_status);
PGDLLEXPORT Datum pgsafe_status(PG_FUNCTION_ARGS);
}

typedef enum PgsafeLoadedBy
{
	LOADED_BY_SHARED_PRELOAD,
	LOADED_AT_SESSION_START,
	LOADED_ON_DEMAND
} PgsafeLoadedBy;

static PgsafeLoadedBy pgsafe_loaded_by = LOADED_ON_DEMAND;

void
_PG_init(void)
{
	/*
	 * session_preload_libraries (and local_preload_libraries) are processed
	 * while the backend still initialises; LOAD and function calls come
	 * later, in normal processing.
	 */
	if (process_shared_preload_libraries_in_progress)
		pgsafe_loaded_by = LOADED_BY_SHARED_PRELOAD;
	else if (!IsNormalProcessingMode())
		pgsafe_loaded_by = LOADED_AT_SESSION_START;
	else
		pgsafe_loaded_by = LOADED_ON_DEMAND;

	pgsafe_define_settings();
	if (pgsafe_loaded_by != LOADED_BY_SHARED_PRELOAD)
		pgsafe_restore_stored_settings();
	/* the decision layer's loops stop on a query cancel or statement_timeout */
	pgsafe::interruptCheck = pgsafe::checkForInterrupts;
	pgsafe_install_hook();
}

/*
 * pgsafe.status(): how the library got into this session and what it does.
 */
Datum
pgsafe_status(PG_FUNCTION_ARGS)
{
	TupleDesc tupdesc;
	Datum values[3];
	bool nulls[3] = {false, false, false};
	const char *loadedBy;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	switch (pgsafe_loaded_by)
	{
		case LOADED_BY_SHARED_PRELOAD:
			loadedBy = "shared_preload_libraries";
			break;
		case LOADED_AT_SESSION_START:
			loadedBy = "session_preload_libraries";
			break;
		default:
			loadedBy = "this session only";
			break;
	}
	values[0] = CStringGetTextDatum(loadedBy);
	values[1] = CStringGetTextDatum(pgsafe_mode_name(pgsafe_mode));
	values[2] = CStringGetTextDatum(GetConfigOptionByName("pgsafe.min_table_size", NULL, false));

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
