/*-------------------------------------------------------------------------
 *
 * rules.cpp
 *		SQL function pgsafe.rules(): the rule catalogue, as a table.
 *
 * One row per rule of src/core/rules/catalogue.cpp: its name, whether the
 * hook applies it to every statement or only a script check does, what it
 * is about and looks at, and whether a pgsafe:ignore comment may name it.
 *
 * IDENTIFICATION
 *	  src/rules.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/prelude.hpp"

#include "core/rules/rule.hpp"

extern "C" {
PG_FUNCTION_INFO_V1(pgsafe_rules);
PGDLLEXPORT Datum pgsafe_rules(PG_FUNCTION_ARGS);
}

Datum
pgsafe_rules(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	/* the catalogue is static data: nothing C++ is alive if a call below raises an error */
	for (const pgsafe::RuleSpec &spec : pgsafe::ruleCatalogue())
	{
		Datum values[5];
		bool nulls[5] = {};

		values[0] = CStringGetTextDatum(spec.name);
		values[1] = CStringGetTextDatum(spec.scope == pgsafe::RuleScope::Statement ? "statement" : "script");
		values[2] = CStringGetTextDatum(spec.summary);
		values[3] = CStringGetTextDatum(spec.looksAt);
		values[4] = BoolGetDatum(spec.suppressible);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
