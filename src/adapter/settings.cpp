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
 * Loaded after login (session_preload_libraries, LOAD), pgsafe defines its
 * settings after PostgreSQL has applied the stored ALTER ROLE / ALTER
 * DATABASE values and the connection's options to placeholders.  A
 * placeholder keeps one value, the one from the strongest source: an
 * ordinary role's PGOPTIONS "-c pgsafe.mode=off" displaces the stored
 * 'error', is then refused, and the mode would fall back to the default.
 * pgsafe_restore_stored_settings() applies the stored values again once
 * the settings exist, as PostgreSQL does at login.
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

void
pgsafe_restore_stored_settings(void)
{
	bool ownTransaction;
	Relation settings;
	Snapshot snapshot;

	/* parallel workers get the leader's values; a background worker may have no database */
	if (IsParallelWorker() || !OidIsValid(MyDatabaseId) || IsAbortedTransactionBlockState())
		return;

	ownTransaction = !IsTransactionState();
	if (ownTransaction)
		StartTransactionCommand();

	/* the order of process_settings() in postinit.c; weaker sources do not override stronger ones */
	settings = table_open(DbRoleSettingRelationId, AccessShareLock);
	snapshot = RegisterSnapshot(GetCatalogSnapshot(DbRoleSettingRelationId));
	ApplySetting(snapshot, MyDatabaseId, GetSessionUserId(), settings, PGC_S_DATABASE_USER);
	ApplySetting(snapshot, InvalidOid, GetSessionUserId(), settings, PGC_S_USER);
	ApplySetting(snapshot, MyDatabaseId, InvalidOid, settings, PGC_S_DATABASE);
	ApplySetting(snapshot, InvalidOid, InvalidOid, settings, PGC_S_GLOBAL);
	UnregisterSnapshot(snapshot);
	table_close(settings, AccessShareLock);

	if (ownTransaction)
		CommitTransactionCommand();
}
