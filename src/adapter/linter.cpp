/*-------------------------------------------------------------------------
 *
 * linter.cpp
 *		Walk migration scripts statement by statement, as a runner would.
 *
 * IDENTIFICATION
 *	  src/adapter/linter.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/linter.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <optional>

#include "adapter/catalog.hpp"
#include "adapter/inspect.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/statement.hpp"

namespace pgsafe {

namespace {

/*
 * raw_parser() inside a subtransaction: a syntax error is returned in
 * *error instead of aborting the caller's transaction.  The parse tree is
 * allocated in the caller's memory context and outlives the subtransaction.
 */
List *
parse_script(const char *script, ErrorData **error)
{
	MemoryContext callerContext = CurrentMemoryContext;
	ResourceOwner callerOwner = CurrentResourceOwner;
	List *volatile statements = NIL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(callerContext);
	PG_TRY();
	{
		statements = raw_parser(script, RAW_PARSE_DEFAULT);
		ReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(callerContext);
		*error = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		statements = NIL;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(callerContext);
	CurrentResourceOwner = callerOwner;
	return statements;
}

std::string
displayName(const RangeVar *rv)
{
	return rv->schemaname ? std::string(rv->schemaname) + "." + rv->relname : std::string(rv->relname);
}

bool
isTemporary(const RangeVar *rv)
{
	return rv->relpersistence == RELPERSISTENCE_TEMP || (rv->schemaname && strncmp(rv->schemaname, "pg_temp", 7) == 0);
}

/* The table ALTER TABLE ... ATTACH PARTITION attaches, or nullptr. */
const RangeVar *
attachedTable(const Node *node)
{
	if (!IsA(node, AlterTableStmt) || list_length(((const AlterTableStmt *) node)->cmds) != 1)
		return nullptr;
	const AlterTableCmd *cmd = (const AlterTableCmd *) linitial(((const AlterTableStmt *) node)->cmds);
	if (cmd->subtype != AT_AttachPartition || cmd->def == nullptr || !IsA(cmd->def, PartitionCmd))
		return nullptr;
	return ((const PartitionCmd *) cmd->def)->name;
}

/*
 * defGetBoolean() without its error: an option's value as PostgreSQL reads
 * it, false for one it would refuse (it reports that itself, when the
 * statement runs).
 */
bool
quietBoolean(const DefElem *option)
{
	if (option->arg == nullptr)
		return true;
	if (IsA(option->arg, Integer))
		return intVal(option->arg) == 1;
	if (IsA(option->arg, Boolean))
		return boolVal(option->arg);
	if (!IsA(option->arg, String))
		return false;
	const char *value = strVal(option->arg);
	bool result = false;
	bool *out = &result;
	return pgCall([value, out]() noexcept { return parse_bool(value, out); }) && result;
}

/* What a statement is, for "... cannot run inside a transaction block". */
const char *
concurrentOperation(const Node *node)
{
	const ListCell *lc;

	switch (nodeTag(node))
	{
		case T_IndexStmt:
			return ((const IndexStmt *) node)->concurrent ? "CREATE INDEX CONCURRENTLY" : nullptr;
		case T_DropStmt:
			return ((const DropStmt *) node)->concurrent ? "DROP INDEX CONCURRENTLY" : nullptr;
		case T_ReindexStmt:
			foreach (lc, ((const ReindexStmt *) node)->params)
			{
				const DefElem *option = (const DefElem *) lfirst(lc);
				/* a bare CONCURRENTLY, or (CONCURRENTLY) without a value, means true */
				if (strcmp(option->defname, "concurrently") == 0 && quietBoolean(option))
					return "REINDEX CONCURRENTLY";
			}
			return nullptr;
		case T_AlterTableStmt:
			foreach (lc, ((const AlterTableStmt *) node)->cmds)
			{
				const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
				if (cmd->subtype == AT_DetachPartition && cmd->def && ((const PartitionCmd *) cmd->def)->concurrent)
					return "ALTER TABLE ... DETACH CONCURRENTLY";
			}
			return nullptr;
		default:
			return nullptr;
	}
}

/* A relation a script creates, by namespace (InvalidOid for a temporary table) and name. */
using CreatedRelation = std::pair<Oid, std::string>;

/* A statement's text in a finding: enough to recognise it, bounded however long the statement is. */
constexpr std::size_t kStatementTextLimit = 2000;

/* Where a statement is in its script. */
struct StatementPlace
{
	int number;
	std::size_t rawBegin;    /* RawStmt location: after the previous ';' */
	std::size_t first;       /* its first token */
	std::size_t end;         /* before its ';' */
	std::size_t commentFrom; /* where comments that belong to it begin */
};

class ScriptLinter
{
public:
	void lint(const ScriptSource &source, int number, std::vector<LintFinding> &out);

private:
	void lintStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out);
	void transaction(const TransactionStmt *stmt);
	void guarded(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out);
	void guardedStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out);
	void remember(const RangeVar *rv);
	void forget(const DropStmt *stmt);
	void noteLocks(const Node *node);
	void noteConstraints(const Node *node);
	void noteLock(const RangeVar *rv, LockMode mode, bool recurse);
	std::optional<CreatedRelation> created(const RangeVar *rv) const;
	Oid creationNamespace(const RangeVar *rv) const;
	LintFinding finding(const StatementPlace &place) const;
	std::size_t errorWithoutPosition(const ScriptLayout &layout) const;
	StatementPlace syntaxErrorPlace(const ScriptLayout &layout, std::size_t errorOffset, std::size_t from,
									int number) const;

	/* the relations the scripts created, with the transaction that did; a set, so lookups cost no scan */
	std::map<CreatedRelation, int> created_;
	std::map<int, std::vector<CreatedRelation>> createdIn_; /* per transaction, for ROLLBACK */
	int nextTransaction_ = 0;

	/* each statement's parse analysis and catalog reads allocate here, emptied after it: one for all scripts */
	ScratchContext scratch_;

	/* constraints the scripts add NOT VALID, for a later VALIDATE CONSTRAINT of them */
	ScriptConstraints constraints_;

	/* the locks the statements of the script's current transaction took on existing tables */
	std::map<Oid, LockMode> locks_;
	int locksTransaction_ = -1;

	/* the script being checked */
	const std::string *text_ = nullptr;
	std::optional<LinePositions> lines_;
	int script_ = 0;
	bool explicitBlock_ = false;
	std::optional<ScriptTransactions> tx_;
};

LintFinding
ScriptLinter::finding(const StatementPlace &place) const
{
	LintFinding f;
	f.script = script_;
	f.statement = place.number;
	f.offset = place.first;
	f.position = lines_->at(place.first);
	std::size_t end = place.end;
	while (end > place.first && std::isspace(static_cast<unsigned char>((*text_)[end - 1])))
		end--;
	if (end - place.first <= kStatementTextLimit)
		f.statementText = text_->substr(place.first, end - place.first);
	else
	{
		/* cut at a character boundary of UTF-8 */
		std::size_t cut = place.first + kStatementTextLimit;
		while (cut > place.first && (static_cast<unsigned char>((*text_)[cut]) & 0xC0) == 0x80)
			cut--;
		f.statementText = text_->substr(place.first, cut - place.first) + " ...";
	}
	return f;
}

Oid
ScriptLinter::creationNamespace(const RangeVar *rv) const
{
	if (rv->schemaname)
	{
		const char *schema = rv->schemaname;
		return pgCall([schema]() noexcept { return get_namespace_oid(schema, true); });
	}
	return pgCall([]() noexcept {
		List *path = fetch_search_path(false);
		return path != NIL ? linitial_oid(path) : InvalidOid;
	});
}

void
ScriptLinter::remember(const RangeVar *rv)
{
	const char *name = rv->relname;
	CreatedRelation relation{InvalidOid, name};

	if (!isTemporary(rv))
	{
		relation.first = creationNamespace(rv);
		Oid nspid = relation.first;
		/* CREATE ... IF NOT EXISTS of a table that exists creates nothing */
		if (!OidIsValid(nspid) ||
			OidIsValid(pgCall([name, nspid]() noexcept { return get_relname_relid(name, nspid); })))
			return;
	}
	if (created_.emplace(relation, tx_->current()).second)
		createdIn_[tx_->current()].push_back(relation);
}

void
ScriptLinter::forget(const DropStmt *stmt)
{
	const ListCell *lc;

	if (stmt->removeType != OBJECT_TABLE && stmt->removeType != OBJECT_MATVIEW)
		return;
	foreach (lc, stmt->objects)
	{
		List *names = (List *) lfirst(lc);
		/* more than database.schema.name: PostgreSQL refuses it when it runs */
		if (list_length(names) > 3)
			continue;
		RangeVar *rv = pgCall([names]() noexcept { return makeRangeVarFromNameList(names); });
		if (std::optional<CreatedRelation> relation = created(rv))
			created_.erase(*relation);
	}
}

/* Does rv name a relation the scripts create, the way PostgreSQL would resolve it then? */
std::optional<CreatedRelation>
ScriptLinter::created(const RangeVar *rv) const
{
	auto find = [this](Oid nspid, const char *name) -> std::optional<CreatedRelation> {
		CreatedRelation relation{nspid, name};
		if (created_.count(relation))
			return relation;
		return std::nullopt;
	};

	if (created_.empty())
		return std::nullopt;
	if (rv->schemaname)
		return find(isTemporary(rv) ? InvalidOid : creationNamespace(rv), rv->relname);

	/* unqualified: temporary tables first, then the search path in order */
	if (std::optional<CreatedRelation> temp = find(InvalidOid, rv->relname))
		return temp;
	List *path = pgCall([]() noexcept { return fetch_search_path(false); });
	const ListCell *lc;
	foreach (lc, path)
	{
		Oid nspid = lfirst_oid(lc);
		const char *name = rv->relname;

		if (std::optional<CreatedRelation> relation = find(nspid, name))
			return relation;
		if (OidIsValid(pgCall([name, nspid]() noexcept { return get_relname_relid(name, nspid); })))
			return std::nullopt;
	}
	return std::nullopt;
}

void
ScriptLinter::transaction(const TransactionStmt *stmt)
{
	switch (stmt->kind)
	{
		case TRANS_STMT_BEGIN:
		case TRANS_STMT_START:
			if (!tx_->inBlock())
				explicitBlock_ = true;
			tx_->begin();
			break;
		case TRANS_STMT_ROLLBACK:
			{
				auto undone = createdIn_.find(tx_->current());
				if (undone != createdIn_.end())
				{
					for (const CreatedRelation &relation : undone->second)
					{
						auto entry = created_.find(relation);
						if (entry != created_.end() && entry->second == tx_->current())
							created_.erase(entry);
					}
					createdIn_.erase(undone);
				}
			}
			/* FALLTHROUGH */
		case TRANS_STMT_COMMIT:
		case TRANS_STMT_PREPARE:
			tx_->end();
			explicitBlock_ = false;
			if (stmt->chain)
			{
				tx_->begin();
				explicitBlock_ = true;
			}
			break;
		default:
			break;
	}
}

/*
 * A statement the rules look at, read as the hook reads it, in a
 * subtransaction of its own: a PostgreSQL error while reading it (an
 * expression too deep for the stack, a catalog read refused) becomes a
 * not-checked finding of that statement, and the rest of the script is
 * still checked.
 */
void
ScriptLinter::guarded(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out)
{
	const std::size_t before = out.size();
	ErrorData *failure = contained([&] { guardedStatement(raw, place, out); });

	if (failure == nullptr)
		return;
	out.resize(before);
	LintFinding f = finding(place);
	f.rule = kRuleNotChecked;
	f.severity = Severity::Error;
	f.message = std::string("pgsafe could not check this statement: ") +
				(failure->message ? failure->message : "unknown error");
	f.detail = "pgsafe cannot tell whether it blocks other sessions.";
	out.push_back(std::move(f));
}

void
ScriptLinter::guardedStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out)
{
	Node *node = raw->stmt;
	const RangeVar *rv = statementRelation(node);
	const RangeVar *attached = attachedTable(node);

	/*
	 * Created by the scripts: new, empty until they fill it, and seen by
	 * nobody before they commit.  For ATTACH PARTITION, what matters is the
	 * table being attached: a partitioned table the script creates is not in
	 * the catalog, and the statement is then an unknown one.
	 */
	if (attached ? created(attached).has_value() : rv && created(rv).has_value())
		return;

	PlannedStmt *pstmt = pgCall([raw]() noexcept {
		PlannedStmt *p = makeNode(PlannedStmt);
		p->commandType = CMD_UTILITY;
		p->canSetTag = true;
		p->utilityStmt = raw->stmt;
		p->stmt_location = raw->stmt_location;
		p->stmt_len = raw->stmt_len;
		return p;
	});
	ReadPolicy policy{true, tx_->inBlock(), locksTransaction_ == tx_->current() ? &locks_ : nullptr, &constraints_};
	Inspection inspection = inspect(pstmt, text_->c_str(), PROCESS_UTILITY_TOPLEVEL, policy, ScriptLength::Whole);

	switch (inspection.read)
	{
		case CatalogRead::Nothing:
			return;
		case CatalogRead::Unknown:
			if (rv == nullptr)
				return;
			{
				LintFinding f = finding(place);
				f.rule = kRuleUnknownRelation;
				f.severity = Severity::Warning;
				f.relation = displayName(rv);
				f.message = "relation \"" + displayName(rv) + "\" does not exist or cannot be seen";
				f.detail = "pgsafe cannot tell whether this statement blocks other sessions without reading the "
						   "relation's size.";
				f.hint = "Check the script against a database that has the relation, as a role with a privilege on it.";
				out.push_back(f);
				return;
			}
		case CatalogRead::Facts:
			break;
	}
	const std::optional<Report> &report = inspection.report;
	if (!report)
		return;
	bool first = true;
	for (const auto &item : report->findings)
	{
		checkForInterrupts();
		LintFinding f = finding(place);
		f.rule = item.rule;
		f.severity = Severity::Error;
		f.relation = item.relation;
		if (item.sizeKnown)
			f.relationBytes = item.bytes;
		f.lock = item.lock;
		f.blocks = item.blocks;
		f.message = item.message;
		if (!item.detail.empty())
			f.detail = item.detail;
		/*
		 * The safe alternative is one for the whole statement: it goes with
		 * the statement's first finding only, so that a statement of a
		 * thousand subcommands does not repeat it a thousand times.
		 */
		if (first)
		{
			if (!report->advice.empty())
				f.hint = report->advice;
			if (!report->script.empty())
				f.safeSql = report->script;
		}
		else
			f.hint = "The safe alternative for the whole statement is given with its first finding.";
		first = false;
		out.push_back(std::move(f));
	}
}

void
ScriptLinter::lintStatement(RawStmt *raw, const StatementPlace &place, std::vector<LintFinding> &out)
{
	Node *node = raw->stmt;

	switch (nodeTag(node))
	{
		case T_TransactionStmt:
			transaction((const TransactionStmt *) node);
			return;
		case T_CreateStmt:
			remember(((const CreateStmt *) node)->relation);
			return;
		case T_CreateTableAsStmt:
			remember(((const CreateTableAsStmt *) node)->into->rel);
			return;
		case T_SelectStmt:
			if (((const SelectStmt *) node)->intoClause)
				remember(((const SelectStmt *) node)->intoClause->rel);
			return;
		case T_DropStmt:
			forget((const DropStmt *) node);
			break;
		default:
			break;
	}

	if (const char *operation = tx_->inBlock() ? concurrentOperation(node) : nullptr)
	{
		LintFinding f = finding(place);
		f.rule = kRuleConcurrentlyInTransaction;
		f.severity = Severity::Error;
		f.message = std::string(operation) + " cannot run inside a transaction block";
		if (explicitBlock_)
		{
			f.detail = "It follows a BEGIN of the script.";
			f.hint = "Move it out of the BEGIN ... COMMIT block.";
		}
		else
		{
			f.detail = "The migration runner runs this script in a transaction.";
			f.hint = "Put it in a migration of its own that the runner does not wrap in a transaction "
					 "(\"-- no-transaction\" in SQLx, \"run_in_transaction = false\" in Diesel's metadata.toml).";
		}
		out.push_back(f);
		return;
	}

	if (isCandidate(node))
		guarded(raw, place, out);
	noteLocks(node);
	noteConstraints(node);
}

void
ScriptLinter::noteConstraints(const Node *node)
{
	if (!IsA(node, AlterTableStmt))
		return;
	const AlterTableStmt *stmt = (const AlterTableStmt *) node;
	const ListCell *lc;

	if (stmt->objtype != OBJECT_TABLE || stmt->relation == nullptr || created(stmt->relation))
		return;
	Oid relid = InvalidOid;
	foreach (lc, stmt->cmds)
	{
		const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
		if (cmd->subtype != AT_AddConstraint || cmd->def == nullptr || !IsA(cmd->def, Constraint))
			continue;
		const Constraint *c = (const Constraint *) cmd->def;
		if (!c->conname || !c->skip_validation || (c->contype != CONSTR_CHECK && c->contype != CONSTR_FOREIGN))
			continue;
		if (!OidIsValid(relid))
			relid = lookupRelation(stmt->relation);
		if (!OidIsValid(relid))
			return;
		constraints_[{relid, c->conname}] =
			ConstraintState{true,
							c->contype == CONSTR_CHECK ? CONSTRAINT_CHECK : CONSTRAINT_FOREIGN,
							false,
							c->is_no_inherit,
							c->contype == CONSTR_FOREIGN ? lookupRelation(c->pktable) : InvalidOid};
	}
}

/*
 * The locks a statement will take, as far as a later VALIDATE CONSTRAINT in
 * the same transaction block cares: those on the tables it alters or
 * indexes, and SHARE ROW EXCLUSIVE on the table a foreign key references.
 */
void
ScriptLinter::noteLocks(const Node *node)
{
	if (!tx_->inBlock())
		return;

	if (IsA(node, AlterTableStmt))
	{
		const AlterTableStmt *stmt = (const AlterTableStmt *) node;
		const ListCell *lc;

		if (stmt->objtype != OBJECT_TABLE || stmt->relation == nullptr)
			return;
		noteLock(stmt->relation, alterTableLockLevel(stmt->cmds), stmt->relation->inh);
		foreach (lc, stmt->cmds)
		{
			const AlterTableCmd *cmd = (const AlterTableCmd *) lfirst(lc);
			if (cmd->subtype == AT_AddConstraint && cmd->def && IsA(cmd->def, Constraint) &&
				((const Constraint *) cmd->def)->contype == CONSTR_FOREIGN)
				noteLock(((const Constraint *) cmd->def)->pktable, LockMode::ShareRowExclusive, false);
		}
	}
	else if (IsA(node, IndexStmt) && !((const IndexStmt *) node)->concurrent)
		noteLock(((const IndexStmt *) node)->relation, LockMode::Share, ((const IndexStmt *) node)->relation->inh);
	else if (IsA(node, LockStmt))
	{
		const LockStmt *stmt = (const LockStmt *) node;
		const ListCell *lc;
		foreach (lc, stmt->relations)
			noteLock((const RangeVar *) lfirst(lc), toLockMode(stmt->mode), ((const RangeVar *) lfirst(lc))->inh);
	}
}

/*
 * A lock the statement takes on rv and, when it recurses (no ONLY), on every
 * partition or inheritance child below it, as ALTER TABLE, LOCK TABLE and
 * CREATE INDEX on a partitioned table do.
 */
void
ScriptLinter::noteLock(const RangeVar *rv, LockMode mode, bool recurse)
{
	if (rv == nullptr || created(rv))
		return;
	Oid relid = lookupRelation(rv);
	if (!OidIsValid(relid))
		return;
	/* a transaction's locks end with it */
	if (locksTransaction_ != tx_->current())
	{
		locks_.clear();
		locksTransaction_ = tx_->current();
	}
	std::vector<Oid> locked{relid};
	if (recurse)
		for (const Descendant &d : descendants(relid))
			if (d.parent >= 0)
				locked.push_back(d.relid);
	for (Oid oid : locked)
	{
		LockMode &held = locks_[oid];
		held = std::max(held, mode);
	}
}

/* The statement a syntax error is in: from the last ';' before it to the next one. */
StatementPlace
ScriptLinter::syntaxErrorPlace(const ScriptLayout &layout, std::size_t errorOffset, std::size_t from, int number) const
{
	StatementPlace place{number, from, 0, text_->size(), from};
	for (std::size_t semicolon : layout.semicolons)
		if (semicolon >= errorOffset && semicolon >= from)
		{
			place.end = semicolon;
			break;
		}
	place.first = skipBlanksAndComments(*text_, from, place.end);
	if (place.first > errorOffset)
		place.first = errorOffset;
	return place;
}

/*
 * Where an error the grammar raised without a position is: some are checks
 * in its actions, not syntax errors ("UNIQUE constraints cannot be marked
 * NOT VALID").  The first statement that fails to parse on its own holds it;
 * the statements before it are still checked.
 */
std::size_t
ScriptLinter::errorWithoutPosition(const ScriptLayout &layout) const
{
	const std::string &text = *text_;
	std::size_t begin = 0;
	std::vector<std::size_t> ends = layout.semicolons;
	ends.push_back(text.size());

	for (std::size_t end : ends)
	{
		std::string statement = text.substr(begin, end - begin);
		const char *sql = statement.c_str();
		ErrorData *error = nullptr;
		pgCall([sql, &error]() noexcept { return parse_script(sql, &error); });
		if (error)
			return skipBlanksAndComments(text, begin, end);
		begin = end + 1;
	}
	return 0;
}

void
ScriptLinter::lint(const ScriptSource &source, int number, std::vector<LintFinding> &out)
{
	const std::string &text = source.text;
	const std::size_t firstOfScript = out.size();
	const ScriptLayout layout = scanScript(text);
	std::vector<Suppression> suppressions = findSuppressions(layout);

	text_ = &text;
	lines_.emplace(text);
	script_ = number;
	explicitBlock_ = false;
	tx_.emplace(source.inTransaction, nextTransaction_);

	ErrorData *error = nullptr;
	const char *script = text.c_str();
	List *statements = pgCall([script, &error]() noexcept { return parse_script(script, &error); });
	std::size_t errorOffset = 0;
	std::string prefix;

	if (error)
	{
		/* check what comes before the statement with the error */
		errorOffset = error->cursorpos > 0 ? offsetOfCharacter(text, error->cursorpos) : errorWithoutPosition(layout);
		std::size_t cut = 0;
		for (std::size_t semicolon : layout.semicolons)
			if (semicolon < errorOffset)
				cut = semicolon + 1;
		if (cut > 0)
		{
			ErrorData *again = nullptr;
			prefix = text.substr(0, cut);
			const char *head = prefix.c_str();
			statements = pgCall([head, &again]() noexcept { return parse_script(head, &again); });
		}
	}

	/* where each statement is, and which comments belong to it */
	std::vector<StatementPlace> places;
	std::vector<RawStmt *> raws;
	const ListCell *lc;
	foreach (lc, statements)
	{
		RawStmt *raw = (RawStmt *) lfirst(lc);
		StatementPlace place;

		place.number = static_cast<int>(places.size()) + 1;
		place.rawBegin = static_cast<std::size_t>(raw->stmt_location);
		place.end = raw->stmt_len > 0 ? place.rawBegin + static_cast<std::size_t>(raw->stmt_len) : text.size();
		place.first = skipBlanksAndComments(text, place.rawBegin, place.end);
		/* a comment on the line of the previous statement's ';' belongs to that statement */
		place.commentFrom = place.rawBegin;
		std::size_t newline = text.find('\n', place.rawBegin);
		if (place.number > 1 && newline != std::string::npos && newline < place.first &&
			skipBlanksAndComments(text, place.rawBegin, newline) == newline)
			place.commentFrom = newline;
		places.push_back(place);
		raws.push_back(raw);
	}
	if (error)
		places.push_back(syntaxErrorPlace(
			layout, errorOffset, places.empty() ? 0 : places.back().end + 1, static_cast<int>(places.size()) + 1));

	for (std::size_t i = 0; i < raws.size(); i++)
	{
		std::size_t firstFinding = out.size();
		std::size_t commentTo = i + 1 < places.size() ? places[i + 1].commentFrom : text.size();

		checkForInterrupts();
		scratch_.enter();
		lintStatement(raws[i], places[i], out);
		scratch_.leave();
		applySuppressions(suppressions, places[i].commentFrom, commentTo, out, firstFinding);
		tx_->statementDone();
	}

	if (error)
	{
		LintFinding f = finding(places.back());
		f.offset = errorOffset;
		f.position = lines_->at(errorOffset);
		f.rule = kRuleSyntaxError;
		f.severity = Severity::Error;
		f.message = error->message ? error->message : "syntax error";
		if (error->detail)
			f.detail = std::string(error->detail);
		if (error->hint)
			f.hint = std::string(error->hint);
		out.push_back(f);
	}

	for (LintFinding &f : suppressionFindings(suppressions, *lines_, number))
	{
		/* the last statement whose comments begin at or before the suppression */
		auto after =
			std::upper_bound(places.begin(), places.end(), f.offset, [](std::size_t offset, const StatementPlace &p) {
				return offset < p.commentFrom;
			});
		if (after != places.begin())
			f.statement = std::prev(after)->number;
		out.push_back(std::move(f));
	}
	std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(firstOfScript),
					 out.end(),
					 [](const LintFinding &a, const LintFinding &b) { return a.offset < b.offset; });

	/* the runner commits the script's transaction; the next script starts a new one */
	nextTransaction_ = tx_->next() + 1;
}

} /* namespace */

std::vector<LintFinding>
lintScripts(const std::vector<ScriptSource> &scripts)
{
	ScriptLinter linter;
	std::vector<LintFinding> findings;
	ScratchContext scriptMemory; /* a script's parse tree, emptied before the next script */

	for (std::size_t i = 0; i < scripts.size(); i++)
	{
		checkForInterrupts();
		scriptMemory.enter();
		linter.lint(scripts[i], static_cast<int>(i) + 1, findings);
		scriptMemory.leave();
	}
	return findings;
}

} /* namespace pgsafe */
