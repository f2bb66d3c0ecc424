/*-------------------------------------------------------------------------
 *
 * settings.cpp
 *		Define pgsafe.mode and pgsafe.min_table_size.
 *
 * Both are PGC_SUSET: the guard is a policy the DBA sets, so an ordinary
 * role cannot lower it with SET, SET LOCAL, set_config(), a function's SET
 * clause, its own ALTER ROLE, or PGOPTIONS at connection time.  Superusers,
 * roles granted SET ON PARAMETER, and settings stored with ALTER ROLE /
 * ALTER DATABASE ... SET (applied at login as PGC_SUSET) can.  The pgsafe.
 * prefix is reserved, so a misspelt pgsafe.* name is an error rather than a
 * silently ignored placeholder.
 *
 * IDENTIFICATION
 *	  src/adapter/settings.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/prelude.hpp"

#include "adapter/settings.hpp"

int pgsafe_mode = PGSAFE_MODE_WARN;
int pgsafe_min_table_size_kb = 0;

static const struct config_enum_entry pgsafe_mode_options[] = {{"off", PGSAFE_MODE_OFF, false},
															   {"warn", PGSAFE_MODE_WARN, false},
															   {"log", PGSAFE_MODE_LOG, false},
															   {"error", PGSAFE_MODE_ERROR, false},
															   {NULL, 0, false}};

const char *
pgsafe_mode_name(int mode)
{
	for (const struct config_enum_entry *entry = pgsafe_mode_options; entry->name; entry++)
		if (entry->val == mode)
			return entry->name;
	return "unknown";
}

void
pgsafe_define_settings(void)
{
	DefineCustomEnumVariable(
		"pgsafe.mode",
		gettext_noop("What pgsafe does with DDL that would block other sessions on a non-empty table."),
		gettext_noop("off inspects nothing; warn sends a WARNING and runs the statement; "
					 "log writes the finding to the server log only and runs the statement; "
					 "error rejects the statement before it takes its lock."),
		&pgsafe_mode,
		PGSAFE_MODE_WARN,
		pgsafe_mode_options,
		PGC_SUSET,
		0,
		NULL,
		NULL,
		NULL);

	DefineCustomIntVariable("pgsafe.min_table_size",
							gettext_noop("Tables smaller than this are not flagged."),
							gettext_noop("The size counted is what the statement would read: the table, or the "
										 "partitions it recurses into. 0 flags every non-empty table."),
							&pgsafe_min_table_size_kb,
							0,
							0,
							INT_MAX,
							PGC_SUSET,
							GUC_UNIT_KB,
							NULL,
							NULL,
							NULL);

	MarkGUCPrefixReserved("pgsafe");
}
