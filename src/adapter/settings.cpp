/*-------------------------------------------------------------------------
 *
 * settings.cpp
 *		Define pgsafe.mode, pgsafe.min_table_size, pgsafe.disabled_rules and
 *		pgsafe.lock_timeout.
 *
 * All are PGC_SUSET: the guard is a policy the DBA sets, so an ordinary
 * role cannot lower it with SET, SET LOCAL, set_config(), a function's SET
 * clause, its own ALTER ROLE, or PGOPTIONS at connection time.  Superusers,
 * roles granted SET ON PARAMETER, and settings stored with ALTER ROLE /
 * ALTER DATABASE ... SET (applied at login as PGC_SUSET) can.  The pgsafe.
 * prefix is reserved, so a misspelt pgsafe.* name is an error rather than a
 * silently ignored placeholder.
 *
 * Loaded after login (session_preload_libraries, LOAD), pgsafe defines its
 * settings after PostgreSQL has applied everything to placeholders: the
 * configuration files and ALTER SYSTEM, the server's command line, the
 * stored ALTER ROLE / ALTER DATABASE values and the connection's options.
 * A placeholder keeps one value, the one from the strongest source: an
 * ordinary role's PGOPTIONS "-c pgsafe.mode=off" displaces the 'error' of
 * postgresql.conf or of its ALTER ROLE, is then refused, and the mode would
 * fall back to the built-in default.  pgsafe_restore_stored_settings()
 * applies the pgsafe.* values of every one of those sources again once the
 * settings exist, weakest first and each with its own source, so that the
 * strongest wins as it would have at login.  Only pgsafe's own settings:
 * a session that loads pgsafe on demand must not see its work_mem change.
 *
 * IDENTIFICATION
 *	  src/adapter/settings.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <string>

#include "core/rules/rule.hpp"

#include "adapter/prelude.hpp"

#include "adapter/settings.hpp"

int pgsafe_mode = PGSAFE_MODE_WARN;
int pgsafe_min_table_size_kb = 1024;
char *pgsafe_disabled_rules = NULL;
int pgsafe_lock_timeout_ms = 0;

/*
 * pgsafe.disabled_rules names only rules that exist and may be switched
 * off: a misspelt name would silently leave the rule on.  The check runs
 * inside PostgreSQL's GUC machinery, so nothing may throw out of it.
 */
static bool
pgsafe_check_disabled_rules(char **newval, void **extra, GucSource source)
{
	const char *value = *newval ? *newval : "";
	char unknown[64] = "";
	bool ok = false;

	try
	{
		ok = true;
		for (const std::string &name : pgsafe::ruleList(value))
			if (!pgsafe::isDisablableRule(name))
			{
				strlcpy(unknown, name.c_str(), sizeof(unknown));
				ok = false;
				break;
			}
	}
	catch (...)
	{
		ok = false;
		strlcpy(unknown, "(out of memory)", sizeof(unknown));
	}
	if (!ok)
	{
		if (unknown[0] == '\0')
			GUC_check_errdetail("The list has an empty entry.");
		else
			GUC_check_errdetail("\"%s\" is not a rule pgsafe can leave out.", unknown);
		GUC_check_errhint("SELECT name FROM pgsafe.rules() WHERE suppressible lists the rules.");
	}
	return ok;
}

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
							1024,
							0,
							INT_MAX,
							PGC_SUSET,
							GUC_UNIT_KB,
							NULL,
							NULL,
							NULL);

	DefineCustomStringVariable("pgsafe.disabled_rules",
							   gettext_noop("Rules pgsafe does not apply, by name, separated by commas."),
							   gettext_noop("For statements a team runs on purpose: their findings are neither "
											"reported nor rejected, by the guard and by pgsafe.check() alike. "
											"pgsafe.rules() lists the names."),
							   &pgsafe_disabled_rules,
							   "",
							   PGC_SUSET,
							   GUC_LIST_INPUT,
							   pgsafe_check_disabled_rules,
							   NULL,
							   NULL);

	DefineCustomIntVariable("pgsafe.lock_timeout",
							gettext_noop("The longest DDL that blocks reads or writes waits for a lock."),
							gettext_noop("While such a statement waits for its lock, every query on the table "
										 "queues behind it. The session's lock_timeout applies when it is lower; "
										 "0 bounds nothing. Applies when pgsafe.mode is not off."),
							&pgsafe_lock_timeout_ms,
							0,
							0,
							INT_MAX,
							PGC_SUSET,
							GUC_UNIT_MS,
							NULL,
							NULL,
							NULL);

	MarkGUCPrefixReserved("pgsafe");
}

/* Is name one of pgsafe's settings?  Setting names are case-insensitive. */
static bool
pgsafe_is_own_setting(const char *name)
{
	return pg_strncasecmp(name, "pgsafe.", strlen("pgsafe.")) == 0;
}

static void
pgsafe_apply(const char *name, const char *value, GucContext context, GucSource source)
{
	if (pgsafe_is_own_setting(name))
		(void) set_config_option(name, value, context, source, GUC_ACTION_SET, true, 0, false);
}

/*
 * postgresql.conf (with its includes) and postgresql.auto.conf, as the
 * server reads them; a file with a syntax error is not applied at all, as
 * on a reload.
 */
static void
pgsafe_apply_file_settings(void)
{
	ConfigVariable *head = NULL;
	ConfigVariable *tail = NULL;
	bool ok;

	if (ConfigFileName == NULL)
		return;
	ok = ParseConfigFile(ConfigFileName, false, NULL, 0, 0, DEBUG2, &head, &tail);
	/* the backend runs in the data directory, where ALTER SYSTEM writes */
	if (ok && DataDir)
		ok = ParseConfigFile(PG_AUTOCONF_FILENAME, false, NULL, 0, 0, DEBUG2, &head, &tail);
	if (ok)
		for (ConfigVariable *item = head; item; item = item->next)
			pgsafe_apply(item->name, item->value, PGC_SIGHUP, PGC_S_FILE);
	FreeConfigVariables(head);
}

/*
 * The server's command line, from postmaster.opts in the data directory,
 * where the postmaster writes it at start: each argument in double quotes.
 * "-c name=value", "-cname=value" and "--name=value" set parameters.
 */
static void
pgsafe_apply_command_line_settings(void)
{
	FILE *file = AllocateFile("postmaster.opts", "r");
	StringInfoData line;
	List *arguments = NIL;
	ListCell *lc;
	bool nextIsSetting = false;

	if (file == NULL)
		return;
	initStringInfo(&line);
	(void) pg_get_line_buf(file, &line);
	FreeFile(file);

	/* the program, then " \"argument\"" for each argument */
	for (char *open = strchr(line.data, '"'); open;)
	{
		char *close = strstr(open + 1, "\" \"");

		if (close == NULL)
			close = strrchr(open + 1, '"');
		if (close == NULL || close <= open)
			break;
		arguments = lappend(arguments, pnstrdup(open + 1, close - open - 1));
		open = strchr(close + 1, '"');
	}

	foreach (lc, arguments)
	{
		char *argument = (char *) lfirst(lc);
		char *setting = NULL;
		char *equals;

		if (nextIsSetting)
			setting = argument;
		else if (strncmp(argument, "--", 2) == 0)
			setting = argument + 2;
		else if (strncmp(argument, "-c", 2) == 0 && argument[2] != '\0')
			setting = argument + 2;
		nextIsSetting = strcmp(argument, "-c") == 0 && setting == NULL;
		if (setting == NULL || (equals = strchr(setting, '=')) == NULL)
			continue;
		*equals = '\0';
		/* like ParseLongOption(): dashes in the name stand for underscores */
		for (char *c = setting; *c; c++)
			if (*c == '-')
				*c = '_';
		pgsafe_apply(setting, equals + 1, PGC_POSTMASTER, PGC_S_ARGV);
	}
}

/* Each "name=value" entry of one pg_db_role_setting row, as ApplySetting() reads them. */
static void
pgsafe_each_stored_setting(Snapshot snapshot, Relation settings, Oid databaseid, Oid roleid,
						   void (*each)(char *name, char *value, void *arg), void *arg)
{
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple tuple;

	ScanKeyInit(
		&keys[0], Anum_pg_db_role_setting_setdatabase, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(databaseid));
	ScanKeyInit(&keys[1], Anum_pg_db_role_setting_setrole, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(roleid));
	scan = systable_beginscan(settings, DbRoleSettingDatidRolidIndexId, true, snapshot, 2, keys);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool isnull;
		Datum datum = heap_getattr(tuple, Anum_pg_db_role_setting_setconfig, RelationGetDescr(settings), &isnull);
		Datum *items;
		bool *nulls;
		int count;

		if (isnull)
			continue;
		deconstruct_array(DatumGetArrayTypeP(datum), TEXTOID, -1, false, TYPALIGN_INT, &items, &nulls, &count);
		for (int i = 0; i < count; i++)
		{
			char *item;
			char *equals;

			CHECK_FOR_INTERRUPTS();
			if (nulls[i])
				continue;
			item = TextDatumGetCString(items[i]);
			equals = strchr(item, '=');
			if (equals == NULL)
				continue;
			*equals = '\0';
			each(item, equals + 1, arg);
		}
	}
	systable_endscan(scan);
}

typedef struct StoredApply
{
	GucSource source;
} StoredApply;

static void
pgsafe_apply_stored(char *name, char *value, void *arg)
{
	/* as ApplySetting(): the right to store it was checked when it was stored */
	pgsafe_apply(name, value, PGC_SUSET, ((StoredApply *) arg)->source);
}

/* ApplySetting() for pgsafe's own entries of one pg_db_role_setting row. */
static void
pgsafe_apply_stored_settings(Snapshot snapshot, Relation settings, Oid databaseid, Oid roleid, GucSource source)
{
	StoredApply apply = {source};

	pgsafe_each_stored_setting(snapshot, settings, databaseid, roleid, pgsafe_apply_stored, &apply);
}

typedef struct StoredLookup
{
	const char *name;
	char *value;
} StoredLookup;

static void
pgsafe_find_stored(char *name, char *value, void *arg)
{
	StoredLookup *lookup = (StoredLookup *) arg;

	/* a later entry of one row replaces an earlier one, as it does when applied */
	if (pg_strcasecmp(name, lookup->name) == 0)
		lookup->value = value;
}

char *
pgsafe_stored_setting(const char *name, Oid databaseid, Oid roleid, PgsafeStoredLevel *level)
{
	/* strongest first: the order in which process_settings() lets one override the next */
	const struct
	{
		Oid database;
		Oid role;
		PgsafeStoredLevel level;
	} rows[] = {
		{databaseid, roleid, PGSAFE_STORED_ROLE_IN_DATABASE},
		{InvalidOid, roleid, PGSAFE_STORED_ROLE},
		{databaseid, InvalidOid, PGSAFE_STORED_DATABASE},
		{InvalidOid, InvalidOid, PGSAFE_STORED_ALL_ROLES},
	};
	StoredLookup lookup = {name, NULL};
	Relation settings = table_open(DbRoleSettingRelationId, AccessShareLock);
	Snapshot snapshot = RegisterSnapshot(GetCatalogSnapshot(DbRoleSettingRelationId));

	*level = PGSAFE_STORED_NONE;
	for (size_t i = 0; i < lengthof(rows) && lookup.value == NULL; i++)
	{
		pgsafe_each_stored_setting(snapshot, settings, rows[i].database, rows[i].role, pgsafe_find_stored, &lookup);
		if (lookup.value != NULL)
			*level = rows[i].level;
	}
	UnregisterSnapshot(snapshot);
	table_close(settings, AccessShareLock);
	return lookup.value;
}

const char *
pgsafe_server_setting(const char *name, bool *known)
{
	struct config_generic *setting = pgsafe_find_setting(name);

	*known = true;
	if (setting == NULL)
		return NULL;
	/* the default, the environment, postgresql.conf or the command line */
	if (setting->reset_source <= PGC_S_ARGV)
		return GetConfigOptionResetString(name);

	/*
	 * A stored setting or this session's connection set the reset value,
	 * replacing the server's, which no backend keeps: the boot value is
	 * what is known.
	 */
	*known = false;
	switch (setting->vartype)
	{
		case PGC_BOOL:
			return ((struct config_bool *) setting)->boot_val ? "on" : "off";
		case PGC_INT:
			return psprintf("%d", ((struct config_int *) setting)->boot_val);
		case PGC_REAL:
			return psprintf("%g", ((struct config_real *) setting)->boot_val);
		case PGC_STRING:
			{
				const char *boot = ((struct config_string *) setting)->boot_val;

				return boot ? boot : "";
			}
		case PGC_ENUM:
			{
				struct config_enum *choice = (struct config_enum *) setting;

				return config_enum_lookup_by_value(choice, choice->boot_val);
			}
	}
	return NULL;
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

	/* weakest source first: a stronger one replaces it, a weaker one cannot */
	pgsafe_apply_file_settings();
	pgsafe_apply_command_line_settings();

	/* the order of process_settings() in postinit.c */
	settings = table_open(DbRoleSettingRelationId, AccessShareLock);
	snapshot = RegisterSnapshot(GetCatalogSnapshot(DbRoleSettingRelationId));
	pgsafe_apply_stored_settings(snapshot, settings, MyDatabaseId, GetSessionUserId(), PGC_S_DATABASE_USER);
	pgsafe_apply_stored_settings(snapshot, settings, InvalidOid, GetSessionUserId(), PGC_S_USER);
	pgsafe_apply_stored_settings(snapshot, settings, MyDatabaseId, InvalidOid, PGC_S_DATABASE);
	pgsafe_apply_stored_settings(snapshot, settings, InvalidOid, InvalidOid, PGC_S_GLOBAL);
	UnregisterSnapshot(snapshot);
	table_close(settings, AccessShareLock);

	if (ownTransaction)
		CommitTransactionCommand();
}
