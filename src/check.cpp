/*-------------------------------------------------------------------------
 *
 * check.cpp
 *		SQL functions pgsafe.check(script) and pgsafe.check_migrations().
 *
 * Both return one row per finding, computed by the linter without running
 * any statement of the scripts.  They need no privilege beyond seeing the
 * tables the scripts touch.
 *
 * As in the hook, the C++ work happens behind a try/catch that lets no
 * exception reach PostgreSQL, and a PostgreSQL error raised inside is
 * re-raised only once every C++ frame has been unwound.
 *
 * IDENTIFICATION
 *	  src/check.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/prelude.hpp"

#include <string>
#include <vector>

#include "adapter/linter.hpp"
#include "adapter/pg_call.hpp"

extern "C" {
PG_FUNCTION_INFO_V1(pgsafe_check);
PGDLLEXPORT Datum pgsafe_check(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(pgsafe_check_migrations);
PGDLLEXPORT Datum pgsafe_check_migrations(PG_FUNCTION_ARGS);
}

namespace pgsafe {

namespace {

/* The columns after pgsafe.check_migrations()'s leading "script". */
constexpr int kFindingColumns = 15;

Datum
textOrNull(const std::optional<std::string> &value, bool &isNull)
{
	isNull = !value.has_value();
	if (isNull)
		return (Datum) 0;
	const char *text = value->c_str();
	std::size_t length = value->size();
	return pgCall([text, length]() noexcept { return PointerGetDatum(cstring_to_text_with_len(text, (int) length)); });
}

void
emit(ReturnSetInfo *rsinfo, const LintFinding &f, bool withScript)
{
	Datum values[kFindingColumns + 1];
	bool nulls[kFindingColumns + 1] = {};
	int i = 0;
	auto put = [&](const std::optional<std::string> &value) {
		values[i] = textOrNull(value, nulls[i]);
		i++;
	};

	if (withScript)
		values[i++] = Int32GetDatum(f.script);
	values[i++] = Int32GetDatum(f.statement);
	values[i++] = Int32GetDatum(f.position.line);
	values[i++] = Int32GetDatum(f.position.column);
	put(f.statementText);
	put(f.rule);
	put(std::string(severityName(f.severity)));
	put(f.relation);
	nulls[i] = !f.relationBytes.has_value();
	values[i++] = f.relationBytes ? Int64GetDatum(static_cast<int64>(*f.relationBytes)) : (Datum) 0;
	put(f.lock);
	put(f.blocks);
	put(f.message);
	put(f.detail);
	put(f.hint);
	put(f.safeSql);
	put(f.suppressed);

	pgCall([rsinfo, &values, &nulls]() noexcept {
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	});
}

void
checkInto(ReturnSetInfo *rsinfo, const std::vector<ScriptSource> &scripts, bool withScript)
{
	for (const LintFinding &f : lintScripts(scripts))
	{
		checkForInterrupts();
		emit(rsinfo, f, withScript);
	}
}

} /* namespace */

} /* namespace pgsafe */

/*
 * Run the linter over n scripts into the function's tuplestore.  Plain C
 * data in, nothing C++ alive when an error is re-raised.
 */
static void
pgsafe_check_into(FunctionCallInfo fcinfo, char **scripts, const bool *inTransaction, int n, bool withScript)
{
	pgsafe::BoundaryOutcome outcome = pgsafe::atBoundary([&] {
		std::vector<pgsafe::ScriptSource> sources;
		for (int i = 0; i < n; i++)
			sources.push_back(pgsafe::ScriptSource{scripts[i], inTransaction[i]});
		pgsafe::checkInto((ReturnSetInfo *) fcinfo->resultinfo, sources, withScript);
	});

	if (outcome.pgError)
		ReThrowError(outcome.pgError);
	if (outcome.failed)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR), errmsg("pgsafe could not check the script: %s", outcome.failure)));
}

/*
 * pgsafe.check(script text, in_transaction boolean DEFAULT true)
 */
Datum
pgsafe_check(PG_FUNCTION_ARGS)
{
	char *script = text_to_cstring(PG_GETARG_TEXT_PP(0));
	bool inTransaction = PG_GETARG_BOOL(1);

	InitMaterializedSRF(fcinfo, 0);
	pgsafe_check_into(fcinfo, &script, &inTransaction, 1, false);
	return (Datum) 0;
}

/*
 * pgsafe.check_migrations(scripts text[], in_transaction boolean[]):
 * scripts run one after another, as a migration tool runs pending files.
 */
Datum
pgsafe_check_migrations(PG_FUNCTION_ARGS)
{
	ArrayType *scriptArray = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType *modeArray = PG_GETARG_ARRAYTYPE_P(1);
	Datum *scriptDatums;
	Datum *modeDatums;
	bool *scriptNulls;
	bool *modeNulls;
	int nscripts;
	int nmodes;
	char **scripts;
	bool *modes;

	deconstruct_array(scriptArray, TEXTOID, -1, false, TYPALIGN_INT, &scriptDatums, &scriptNulls, &nscripts);
	deconstruct_array(modeArray, BOOLOID, 1, true, TYPALIGN_CHAR, &modeDatums, &modeNulls, &nmodes);
	if (nscripts != nmodes)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("scripts and in_transaction must have the same number of elements")));

	scripts = (char **) palloc(sizeof(char *) * Max(nscripts, 1));
	modes = (bool *) palloc(sizeof(bool) * Max(nscripts, 1));
	for (int i = 0; i < nscripts; i++)
	{
		if (scriptNulls[i] || modeNulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("scripts and in_transaction must not contain null elements")));
		scripts[i] = TextDatumGetCString(scriptDatums[i]);
		modes[i] = DatumGetBool(modeDatums[i]);
	}

	InitMaterializedSRF(fcinfo, 0);
	pgsafe_check_into(fcinfo, scripts, modes, nscripts, true);
	return (Datum) 0;
}
