/*-------------------------------------------------------------------------
 *
 * writer.cpp
 *		The recipes several rules share, and the advice writer's state.
 *
 * The recipes, all checked end to end against PostgreSQL by the regression
 * tests:
 *
 * UNIQUE / PRIMARY KEY
 *		CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX
 *		under the index's own name, so PostgreSQL does not rename it.
 * key columns not yet NOT NULL (PRIMARY KEY)
 *		ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE (no write lock),
 *		SET NOT NULL (proven by the check: no scan), DROP the check.  From
 *		PostgreSQL 18, ADD NOT NULL col NOT VALID and VALIDATE instead.
 * partitioned tables, where CONCURRENTLY is refused
 *		the constraint or index on each partitioned table ONLY (an invalid,
 *		empty parent index), a concurrent build in each leaf, then ALTER INDEX
 *		... ATTACH PARTITION, which makes the parent valid.
 * FOREIGN KEY
 *		ADD ... NOT VALID, then VALIDATE CONSTRAINT in another transaction.
 *		On a partitioned table, NOT VALID is refused before PostgreSQL 18:
 *		add and validate it in each leaf, then add it to the parent, which
 *		adopts the validated leaf constraints without a scan.
 * new columns
 *		added without the index or foreign key; a default that may be
 *		volatile, a serial or an identity column is filled by UPDATE from a
 *		default instead of by a table rewrite.
 *
 * IDENTIFICATION
 *	  src/core/advice/writer.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

const char *
actionSql(ForeignKeyAction action)
{
	switch (action)
	{
		case ForeignKeyAction::NoAction:
			return "NO ACTION";
		case ForeignKeyAction::Restrict:
			return "RESTRICT";
		case ForeignKeyAction::Cascade:
			return "CASCADE";
		case ForeignKeyAction::SetNull:
			return "SET NULL";
		case ForeignKeyAction::SetDefault:
			return "SET DEFAULT";
	}
	return "NO ACTION";
}

/*
 * The sequence options of an identity clause, "... AS IDENTITY (START WITH
 * 100)", for the helper sequence that fills existing rows, so they get the
 * values the identity would have given them.  SEQUENCE NAME belongs to the
 * identity alone; with it, the options are left out.
 */
std::string
identitySequenceOptions(const std::string &clause)
{
	std::size_t open = clause.find('(');
	std::size_t close = clause.rfind(')');
	if (open == std::string::npos || close == std::string::npos || close < open)
		return "";

	std::string options = clause.substr(open + 1, close - open - 1);
	std::string lower;
	for (char c : options)
		lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	if (lower.find("sequence") != std::string::npos && lower.find("name") != std::string::npos)
		return "";
	return " " + compactSql(options);
}

/* A WITH (...) value: numbers and plain words as they are, anything else quoted. */
std::string
optionValueSql(const std::string &value)
{
	bool plain = !value.empty();
	for (char c : value)
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
			plain = false;
	return plain ? value : quoteLiteral(value);
}

} /* namespace */

void
AdviceWriter::say(const std::string &sentence)
{
	if (std::find(advice_.sentences.begin(), advice_.sentences.end(), sentence) == advice_.sentences.end())
		advice_.sentences.push_back(sentence);
}

/* Names the statement itself gives to new objects are taken for the advice too. */
void
AdviceWriter::reserveStatementNames()
{
	const std::string &schema = rel(0).name.schema;

	if (facts_.kind == StatementKind::CreateIndex)
	{
		if (facts_.createIndex.name)
			names_.reserve(schema, *facts_.createIndex.name);
		return;
	}
	for (const auto &sub : facts_.alterTable.subcommands)
	{
		if (sub.kind == SubcommandKind::AddConstraint && sub.constraint.name)
			names_.reserve(schema, *sub.constraint.name);
		for (const auto &c : sub.column.constraints)
			if (c.name)
				names_.reserve(schema, *c.name);
	}
}

/* ChooseIndexName(): label "pkey" ignores the columns. */
std::string
AdviceWriter::defaultIndexName(int relIndex, const std::vector<std::string> &columns, const std::string &label,
							   bool isConstraint)
{
	std::optional<std::string> addition;
	if (label != "pkey")
		addition = nameAddition(chooseIndexColumnNames(columns, oracle_));
	return names_.relationName(rel(relIndex).name.schema, rel(relIndex).name.name, addition, label, isConstraint);
}

/* INCLUDE, NULLS NOT DISTINCT, WITH and TABLESPACE, in CREATE INDEX order. */
/* " WITH (name = value, ...)" of an index's storage parameters, or nothing. */
std::string
AdviceWriter::storageParameters(const ConstraintFacts &c) const
{
	std::string sql;

	if (c.options.empty())
		return sql;
	sql += " WITH (";
	for (std::size_t i = 0; i < c.options.size(); i++)
		sql += (i ? ", " : "") + c.options[i].name + " = " + optionValueSql(c.options[i].value);
	return sql + ")";
}

std::string
AdviceWriter::indexSuffix(const ConstraintFacts &c) const
{
	std::string sql;

	if (!c.including.empty())
		sql += " INCLUDE (" + quoteIdentifierList(c.including, oracle_) + ")";
	if (c.nullsNotDistinct)
		sql += " NULLS NOT DISTINCT";
	sql += storageParameters(c);
	if (c.indexTablespace)
		sql += " TABLESPACE " + ident(*c.indexTablespace);
	return sql;
}

/* The same options in ADD CONSTRAINT ... UNIQUE (...) order. */
std::string
AdviceWriter::constraintSuffix(const ConstraintFacts &c) const
{
	std::string sql;

	if (!c.including.empty())
		sql += " INCLUDE (" + quoteIdentifierList(c.including, oracle_) + ")";
	sql += storageParameters(c);
	if (c.indexTablespace)
		sql += " USING INDEX TABLESPACE " + ident(*c.indexTablespace);
	return sql;
}

std::string
AdviceWriter::attributes(const ConstraintFacts &c) const
{
	if (!c.deferrable)
		return "";
	return c.initiallyDeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string
AdviceWriter::foreignKeyClause(const ConstraintFacts &c, const std::vector<std::string> &columns) const
{
	const ForeignKeyFacts &fk = c.foreignKey;
	std::string sql = "FOREIGN KEY (" + quoteIdentifierList(columns, oracle_) + ") REFERENCES " +
					  quoteQualified(fk.referenced, oracle_);

	if (!fk.referencedColumns.empty())
		sql += " (" + quoteIdentifierList(fk.referencedColumns, oracle_) + ")";
	if (fk.match == ForeignKeyMatch::Full)
		sql += " MATCH FULL";
	else if (fk.match == ForeignKeyMatch::Partial)
		sql += " MATCH PARTIAL";
	if (fk.onUpdate != ForeignKeyAction::NoAction)
		sql += std::string(" ON UPDATE ") + actionSql(fk.onUpdate);
	if (fk.onDelete != ForeignKeyAction::NoAction)
	{
		sql += std::string(" ON DELETE ") + actionSql(fk.onDelete);
		if (!fk.onDeleteColumns.empty())
			sql += " (" + quoteIdentifierList(fk.onDeleteColumns, oracle_) + ")";
	}
	return sql + attributes(c);
}

/*
 * The leaves a script spells out: all of them in a whole script; in a
 * bounded one, past the cap, a comment counts the partitions left.
 */
std::vector<int>
AdviceWriter::spelledLeaves(const std::vector<int> &leaves)
{
	if (length_ == ScriptLength::Whole || static_cast<int>(leaves.size()) <= kMaxPartitionsSpelledOut)
		return leaves;
	advice_.shortened = true;
	return std::vector<int>(leaves.begin(), leaves.begin() + kMaxPartitionsSpelledOut);
}

/*
 * An unflagged subcommand's text, as the statement had it -- but a CHECK
 * constraint is added NOT VALID, to be validated apart (validates gets its
 * name), since adding it as written reads every row under the statement's
 * lock.  Empty if the text is not known.
 */
std::string
AdviceWriter::otherSubcommandText(int index, std::vector<std::string> &validates)
{
	const SubcommandFacts &sub = facts_.alterTable.subcommands[index];
	const ConstraintFacts &c = sub.constraint;

	if (!sub.span.valid())
		return "";
	if (sub.kind != SubcommandKind::AddConstraint || c.kind != ConstraintKind::Check || c.notValid)
		return compactSql(facts_.slice(sub.span));
	if (!c.checkBody.valid())
		return "";

	/* ChooseConstraintName(): table_col_check for a check on one column, else table_check */
	std::optional<std::string> column;
	if (c.checkColumns.size() == 1)
		column = c.checkColumns.front();
	std::string name = c.name ? *c.name : names_.constraintName(rel(0).name.schema, rel(0).name.name, column, "check");
	validates.push_back(name);
	return "ADD CONSTRAINT " + ident(name) + " " + compactSql(facts_.slice(c.checkBody)) + " NOT VALID";
}

/* Unflagged subcommands keep their text and order, in one ALTER TABLE. */
void
AdviceWriter::otherSubcommands(const std::vector<int> &indexes)
{
	if (indexes.empty())
		return;

	std::string list;
	std::vector<std::string> validates;
	for (int i : indexes)
	{
		std::string text = otherSubcommandText(i, validates);
		if (text.empty())
		{
			advice_.partial = true;
			say("Run the statement's other subcommands on their own.");
			return;
		}
		list += (list.empty() ? "" : ", ") + text;
	}
	add(StepKind::Brief, alterTarget() + " " + list + ";");

	if (validates.empty())
		return;
	std::string validateList;
	for (const auto &name : validates)
		validateList += (validateList.empty() ? "" : ", ") + std::string("VALIDATE CONSTRAINT ") + ident(name);
	add(StepKind::Validate, alterTarget() + " " + validateList + ";");
	say("Add the statement's CHECK constraints NOT VALID and validate them apart; validation blocks neither reads "
		"nor writes.");
	advice_.separateTransactions = true;
}

/* Does adding the column as written rewrite the table (a value computed per row)? */
bool
AdviceWriter::rewritesOnAdd(const ColumnFacts &column) const
{
	return column.fill == ColumnFill::Serial || column.fill == ColumnFill::Identity ||
		   column.fill == ColumnFill::ExpressionDefault || column.fill == ColumnFill::Generated;
}

/* An existing column of the table that neither its NOT NULL mark nor a validated check proves NOT NULL. */
bool
AdviceWriter::nullableColumn(const std::string &name) const
{
	const ColumnNullability *column = rel(0).column(name);
	return column && column->exists && !column->markedNotNull && !column->provenNotNull;
}

/*
 * Make key columns NOT NULL without holding a strong lock while rows are
 * read.  The check (or, from PostgreSQL 18, the NOT NULL constraint) is
 * added NOT VALID and validated under SHARE UPDATE EXCLUSIVE; SET NOT NULL
 * then finds the check and skips its own scan, and 18's constraint needs
 * no SET NOT NULL at all.  Partitions and inheritance children get it too,
 * unless the statement said ONLY and the route is the check.
 */
void
AdviceWriter::notNullSteps(const std::vector<std::string> &columns)
{
	if (columns.empty())
		return;

	const std::string target = table(0);
	const bool nativeNotNull = facts_.session.capabilities.notNullConstraintNotValid;
	std::vector<std::string> names;
	std::string addList, validateList, setList, dropList;

	/*
	 * PostgreSQL 18: a column whose NOT NULL constraint is NOT VALID already
	 * has its constraint, and only VALIDATE makes it valid without a strong
	 * lock (SET NOT NULL would validate it under ACCESS EXCLUSIVE).
	 */
	for (const auto &column : columns)
	{
		const ColumnNullability *known = rel(0).column(column);
		if (nativeNotNull && known && !known->invalidNotNull.empty())
			names.push_back(known->invalidNotNull);
		else
			names.push_back(names_.constraintName(rel(0).name.schema, rel(0).name.name, column, "not_null"));
	}

	/*
	 * The CHECK route: ALTER TABLE ONLY leaves inheritance children alone,
	 * so must the proof, or VALIDATE would fail on a child the statement
	 * never touches.  (A partitioned table refuses NO INHERIT, and its
	 * partitions must follow.)  The native route of PostgreSQL 18 needs the
	 * children too: a primary key added to ONLY the parent requires a valid
	 * NOT NULL constraint on every child, and one marked NO INHERIT on the
	 * parent is refused as incompatible with the key.
	 */
	const std::string inherit = !nativeNotNull && facts_.alterTable.only && !partitioned() ? " NO INHERIT" : "";
	for (std::size_t i = 0; i < columns.size(); i++)
	{
		std::string sep = i ? ", " : "";
		const ColumnNullability *known = rel(0).column(columns[i]);
		const bool hasConstraint = nativeNotNull && known && !known->invalidNotNull.empty();
		const std::string proof = nativeNotNull ? " NOT NULL " + ident(columns[i])
												: " CHECK (" + ident(columns[i]) + " IS NOT NULL)" + inherit;
		if (!hasConstraint)
			addList +=
				std::string(addList.empty() ? "" : ", ") + "ADD CONSTRAINT " + ident(names[i]) + proof + " NOT VALID";
		validateList += sep + "VALIDATE CONSTRAINT " + ident(names[i]);
		setList += sep + "ALTER COLUMN " + ident(columns[i]) + " SET NOT NULL";
		dropList += sep + "DROP CONSTRAINT " + ident(names[i]);
	}

	if (!addList.empty())
		add(StepKind::Brief, "ALTER TABLE " + target + " " + addList + ";");
	add(StepKind::Validate, "ALTER TABLE " + target + " " + validateList + ";");
	if (!nativeNotNull)
	{
		/* SET NOT NULL follows ONLY as the statement had it; a check cannot be ONLY */
		add(StepKind::Brief, alterTarget() + " " + setList + ";");
		add(StepKind::Brief, "ALTER TABLE " + target + " " + dropList + ";");
	}
	advice_.separateTransactions = true;
}

void
AdviceWriter::indexConstraint(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary)
{
	if (partitioned())
	{
		indexConstraintOnPartitions(c, keys, primary);
		return;
	}

	std::vector<std::string> columns = keys;
	columns.insert(columns.end(), c.including.begin(), c.including.end());
	std::string name = c.name ? *c.name : defaultIndexName(0, columns, primary ? "pkey" : "key", true);
	std::string qualifiedIndex = inSchemaOf(0, name);

	add(StepKind::Concurrent,
		"CREATE UNIQUE INDEX CONCURRENTLY " + ident(name) + " ON " + table(0) + " (" +
			quoteIdentifierList(keys, oracle_) + ")" + indexSuffix(c) + ";");
	/* ONLY as the statement had it: a primary key's implied SET NOT NULL would recurse */
	add(StepKind::Brief,
		alterTarget() + " ADD CONSTRAINT " + ident(name) + (primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " +
			ident(name) + attributes(c) + ";");
	advice_.concurrentIndexes.push_back(qualifiedIndex);
	say(primary ? "Build the unique index concurrently, then add the primary key using it."
				: "Build the unique index concurrently, then add the constraint using it.");
}

void
AdviceWriter::indexConstraintOnPartitions(const ConstraintFacts &c, const std::vector<std::string> &keys, bool primary)
{
	std::vector<std::string> columns = keys;
	columns.insert(columns.end(), c.including.begin(), c.including.end());
	const std::string label = primary ? "pkey" : "key";
	const std::string kind = primary ? " PRIMARY KEY" : " UNIQUE";
	std::map<int, std::string> indexNames;

	indexNames[0] = c.name ? *c.name : defaultIndexName(0, columns, label, true);

	std::vector<int> leaves;
	for (int leaf : tree_.leavesUnder(0))
		if (hasStorage(rel(leaf)))
			leaves.push_back(leaf);
	std::vector<int> spelled = spelledLeaves(leaves);

	for (int p : tree_.partitionedUnder(0))
	{
		if (!indexNames.count(p))
			indexNames[p] = defaultIndexName(p, columns, label, true);
		add(StepKind::Brief,
			"ALTER TABLE ONLY " + table(p) + " ADD CONSTRAINT " + ident(indexNames[p]) + kind +
				(c.nullsNotDistinct ? " NULLS NOT DISTINCT" : "") + " (" + quoteIdentifierList(keys, oracle_) + ")" +
				constraintSuffix(c) + attributes(c) + ";");
	}
	for (int leaf : spelled)
	{
		indexNames[leaf] = defaultIndexName(leaf, columns, label, true);
		add(StepKind::Concurrent,
			"CREATE UNIQUE INDEX CONCURRENTLY " + ident(indexNames[leaf]) + " ON " + table(leaf) + " (" +
				quoteIdentifierList(keys, oracle_) + ")" + indexSuffix(c) + ";");
		add(StepKind::Brief,
			"ALTER TABLE " + table(leaf) + " ADD CONSTRAINT " + ident(indexNames[leaf]) + kind + " USING INDEX " +
				ident(indexNames[leaf]) + attributes(c) + ";");
		advice_.concurrentIndexes.push_back(inSchemaOf(leaf, indexNames[leaf]));
	}
	if (spelled.size() < leaves.size())
		add(StepKind::Comment,
			"... and the same two statements for each of the other " + std::to_string(leaves.size() - spelled.size()) +
				" partitions, then attach their indexes as below");
	for (int i = 1; i < static_cast<int>(tree_.relations.size()); i++)
	{
		if (!indexNames.count(i))
			continue;
		int parent = rel(i).parent;
		add(StepKind::Brief,
			"ALTER INDEX " + inSchemaOf(parent, indexNames[parent]) + " ATTACH PARTITION " +
				inSchemaOf(i, indexNames[i]) + ";");
	}
	say(primary ? "Add the primary key to each partitioned table alone, build each partition's index "
				  "concurrently and add its primary key using it, then attach the indexes."
				: "Add the constraint to each partitioned table alone, build each partition's index "
				  "concurrently and add its constraint using it, then attach the indexes.");
}

void
AdviceWriter::foreignKey(const ConstraintFacts &c, const std::vector<std::string> &columns)
{
	const std::string name =
		c.name ? *c.name : names_.constraintName(rel(0).name.schema, rel(0).name.name, nameAddition(columns), "fkey");
	const std::string clause = foreignKeyClause(c, columns);

	/* before 18 a partitioned table refuses a NOT VALID foreign key: each partition gets its own first */
	if (partitioned() && !facts_.session.capabilities.foreignKeyNotValidOnPartitioned)
	{
		/* partitions that hold a validated equivalent key already are adopted as they are */
		std::vector<int> leaves = referencingRelations(tree_, c.foreignKey);
		std::vector<int> spelled = spelledLeaves(leaves);

		for (int leaf : spelled)
		{
			add(StepKind::Brief,
				"ALTER TABLE " + table(leaf) + " ADD CONSTRAINT " + ident(name) + " " + clause + " NOT VALID;");
			add(StepKind::Validate, "ALTER TABLE " + table(leaf) + " VALIDATE CONSTRAINT " + ident(name) + ";");
		}
		if (spelled.size() < leaves.size())
			add(StepKind::Comment,
				"... and the same two statements for each of the other " +
					std::to_string(leaves.size() - spelled.size()) + " partitions, then:");
		add(StepKind::Brief, "ALTER TABLE " + table(0) + " ADD CONSTRAINT " + ident(name) + " " + clause + ";");
		say("Add the foreign key NOT VALID to each partition and validate it there; the partitioned table "
			"then adopts the validated constraints without reading any rows.");
	}
	else
	{
		add(StepKind::Brief,
			"ALTER TABLE " + table(0) + " ADD CONSTRAINT " + ident(name) + " " + clause + " NOT VALID;");
		add(StepKind::Validate, "ALTER TABLE " + table(0) + " VALIDATE CONSTRAINT " + ident(name) + ";");
		say(partitioned() ? "Add the foreign key NOT VALID, then validate it; validation reads each partition "
							"without blocking reads or writes."
						  : "Add the foreign key NOT VALID, then validate it; validation does not block reads or "
							"writes.");
	}
	advice_.separateTransactions = true;
}

/*
 * Fill a new column's existing rows from its default, in batches of 1000
 * blocks by ctid range, each committed on its own: one pass over the table
 * (a TID range scan per batch), row locks held for one batch only, and
 * rows moved by the update itself are not visited again.  In each table
 * with rows that the column was added to: a partition or child is updated
 * ONLY, with its own default.
 */
void
AdviceWriter::backfill(const std::string &column)
{
	const std::string col = ident(column);
	std::vector<int> tables;
	const int count = facts_.alterTable.only ? 1 : static_cast<int>(tree_.relations.size());
	for (int i = 0; i < count; i++)
		if (rel(i).kind == RelationKind::Table)
			tables.push_back(i);
	std::vector<int> spelled = spelledLeaves(tables);

	for (int i : spelled)
	{
		const std::string name = table(i);
		/* a dollar quote the names cannot end */
		std::string tag = "$backfill$";
		for (int n = 1; name.find(tag) != std::string::npos || col.find(tag) != std::string::npos; n++)
			tag = "$backfill" + std::to_string(n) + "$";
		add(StepKind::Backfill,
			"DO " + tag + "DECLARE last bigint := pg_relation_size(" + quoteLiteral(name) +
				") / current_setting('block_size')::bigint; BEGIN FOR b IN 0..last BY 1000 LOOP UPDATE ONLY " + name +
				" SET " + col +
				" = DEFAULT WHERE ctid >= format('(%s,0)', b)::tid AND ctid < format('(%s,0)', b + "
				"1000)::tid AND " +
				col + " IS NULL; COMMIT; END LOOP; END " + tag + ";");
	}
	if (spelled.size() < tables.size())
		add(StepKind::Comment,
			"... and the same for each of the other " + std::to_string(tables.size() - spelled.size()) + " tables");
	needsSeparateTransactions();
}

/*
 * ADD COLUMN with flagged constraints: add the column on its own, in a way
 * that neither rewrites nor scans the table, then apply each constraint's
 * recipe to it.
 */
void
AdviceWriter::addColumn(int index, const std::vector<const Finding *> &findings)
{
	const SubcommandFacts &sub = facts_.alterTable.subcommands[index];
	const ColumnFacts &column = sub.column;
	const std::string &schema = rel(0).name.schema;
	const std::string target = table(0);
	const std::string col = ident(column.name);
	/* a primary key of the same statement, inline or as a table constraint, needs it NOT NULL */
	bool hasPrimaryKey = primaryKeyColumns_.count(column.name) > 0;
	std::vector<TextSpan> remove;

	/*
	 * A domain with constraints is checked row by row whatever the column
	 * gets, and a domain's volatile DEFAULT is computed row by row: the
	 * column cannot be added without a rewrite.
	 */
	if (column.rewrite == ColumnRewrite::DomainConstraints || column.rewrite == ColumnRewrite::VolatileDomainDefault)
	{
		if (!sub.span.valid())
		{
			advice_.partial = true;
			say("Add the column in a maintenance window.");
			return;
		}
		add(StepKind::Comment, "no online alternative: adding a column of this domain rewrites the table");
		add(StepKind::Blocking, "ALTER TABLE " + target + " " + compactSql(facts_.slice(sub.span)) + ";");
		say(column.rewrite == ColumnRewrite::DomainConstraints
				? "PostgreSQL checks a domain's constraints for every row as it adds the column, even for a null, "
				  "by rewriting the table; it has no online way to do it."
				: "The domain's volatile DEFAULT is computed for every row as PostgreSQL rewrites the table; add the "
				  "column in a maintenance window.");
		return;
	}

	/*
	 * DEFAULT NULL changes no row, but it makes PostgreSQL validate a
	 * REFERENCES on the new column: without it the key stays inline and is
	 * marked valid at no cost.
	 */
	const bool dropNullDefault = column.fill == ColumnFill::NullDefault;
	std::vector<const Finding *> moved;
	for (const Finding *f : findings)
	{
		/* the column's own finding (add-column-rewrite): this recipe is its advice */
		if (f->columnConstraint < 0)
			continue;
		const ConstraintFacts &c = column.constraints[f->columnConstraint];
		if (dropNullDefault && c.kind == ConstraintKind::ForeignKey)
			continue;
		moved.push_back(f);
		remove.push_back(c.span);
		if (c.kind == ConstraintKind::PrimaryKey)
			hasPrimaryKey = true;
	}
	if (dropNullDefault)
		say("DEFAULT NULL changes no row but makes PostgreSQL validate the foreign key: leave it out.");

	/* What of the column definition to drop, and whether it then needs filling. */
	if (column.fill == ColumnFill::ExpressionDefault || column.fill == ColumnFill::Identity || dropNullDefault)
		remove.push_back(column.fillSpan);

	/*
	 * A constant default or a generation expression fills every row as the
	 * column is added, so NOT NULL can stay on the column (and a primary key
	 * column gets it there, where PostgreSQL checks it without a scan).
	 * Otherwise the column starts out null and is made NOT NULL after it is
	 * filled.
	 */
	const bool filledOnAdd = column.fill == ColumnFill::ConstantDefault || column.fill == ColumnFill::Generated ||
							 column.fill == ColumnFill::Virtual || column.fill == ColumnFill::DomainDefault;
	const bool addNotNull = filledOnAdd && hasPrimaryKey && !column.notNull;
	if (!filledOnAdd)
		remove.insert(remove.end(), column.notNullSpans.begin(), column.notNullSpans.end());
	const bool needsNotNull = !filledOnAdd && (column.notNull || hasPrimaryKey);

	/* the subcommand text without the removed clauses */
	bool textOk = sub.span.valid();
	std::string definition;
	if (textOk)
	{
		std::vector<TextSpan> cuts = remove;
		if (column.fill == ColumnFill::Serial)
			cuts.push_back(column.typeSpan);
		std::sort(cuts.begin(), cuts.end(), [](const TextSpan &a, const TextSpan &b) { return a.begin < b.begin; });
		std::size_t pos = sub.span.begin;
		for (const auto &cut : cuts)
		{
			if (!cut.valid() || cut.begin < pos || cut.end > sub.span.end)
			{
				textOk = false;
				break;
			}
			definition += facts_.text.substr(pos, cut.begin - pos);
			if (column.fill == ColumnFill::Serial && cut.begin == column.typeSpan.begin)
				definition += column.serialBaseType;
			definition += ' ';
			pos = cut.end;
		}
		if (textOk)
			definition += facts_.text.substr(pos, sub.span.end - pos);
		/* compacted first: a trailing comment would swallow the NOT NULL */
		if (addNotNull)
			definition = compactSql(definition) + " NOT NULL";
	}
	if (!textOk || (column.fill == ColumnFill::Identity && !column.typeSpan.valid()) ||
		(column.fill == ColumnFill::ExpressionDefault && !column.fillExpression.valid()))
	{
		advice_.partial = true;
		say("Add the column on its own first, without the constraint.");
		return;
	}

	std::string sequence;
	if (column.fill == ColumnFill::Serial || column.fill == ColumnFill::Identity)
	{
		/*
		 * The sequence that fills existing rows.  For an identity column it
		 * is a helper, dropped once the column becomes an identity with a
		 * sequence of its own.
		 */
		std::string type =
			column.fill == ColumnFill::Serial ? column.serialBaseType : compactSql(facts_.slice(column.typeSpan));
		sequence = names_.relationName(
			schema, rel(0).name.name, column.name, column.fill == ColumnFill::Serial ? "seq" : "backfill_seq", false);
		add(StepKind::Brief,
			"CREATE SEQUENCE " + inSchemaOf(0, sequence) + " AS " + type +
				(column.fill == ColumnFill::Identity
					 ? identitySequenceOptions(compactSql(facts_.slice(column.fillSpan)))
					 : "") +
				";");
	}

	if (column.fill == ColumnFill::Generated)
	{
		add(StepKind::Comment, "no online alternative: adding a stored generated column rewrites the table");
		add(StepKind::Blocking, "ALTER TABLE " + target + " " + compactSql(definition) + ";");
		say("Adding a stored generated column rewrites the table under its lock; PostgreSQL has no online way "
			"to do it.");
	}
	else
		add(StepKind::Brief, "ALTER TABLE " + target + " " + compactSql(definition) + ";");

	switch (column.fill)
	{
		case ColumnFill::ExpressionDefault:
			add(StepKind::Brief,
				"ALTER TABLE " + target + " ALTER COLUMN " + col + " SET DEFAULT " +
					compactSql(facts_.slice(column.fillExpression)) + ";");
			break;
		case ColumnFill::Serial:
		case ColumnFill::Identity:
			add(StepKind::Brief,
				"ALTER TABLE " + target + " ALTER COLUMN " + col + " SET DEFAULT nextval(" +
					quoteLiteral(inSchemaOf(0, sequence)) + "::regclass);");
			if (column.fill == ColumnFill::Serial)
				add(StepKind::Brief,
					"ALTER SEQUENCE " + inSchemaOf(0, sequence) + " OWNED BY " + target + "." + col + ";");
			break;
		default:
			break;
	}
	if (column.fill == ColumnFill::ExpressionDefault || column.fill == ColumnFill::Serial ||
		column.fill == ColumnFill::Identity)
	{
		backfill(column.name);
		say("Add the column without a default that fills existing rows, set the default for new rows, and "
			"fill existing rows in batches, each committed on its own, so that no row stays locked for long.");
	}
	else if (needsNotNull)
	{
		add(StepKind::Comment, "fill " + col + " in every existing row, then:");
		say("The new column is null in every existing row: fill it before it can be NOT NULL.");
	}

	if (needsNotNull)
		notNullSteps({column.name});
	if (needsNotNull || addNotNull || (filledOnAdd && column.notNull))
		notNullOnAdd_.insert(column.name);

	/* each constraint's own recipe, now that the column is there */
	for (const Finding *f : moved)
		if (const auto advise = behaviourOf(f->rule).adviseColumn)
			advise(*this, column, column.constraints[f->columnConstraint]);

	if (column.fill == ColumnFill::Identity)
	{
		const std::string identity = compactSql(facts_.slice(column.fillSpan));
		add(StepKind::Brief, "BEGIN;");
		add(StepKind::Brief,
			"ALTER TABLE " + target + " ALTER COLUMN " + col + " DROP DEFAULT, ALTER COLUMN " + col + " ADD " +
				identity + ";");
		/* the helper sequence gave every value: its last_value, not a scan of the table under the lock */
		add(StepKind::Brief,
			"SELECT setval(pg_get_serial_sequence(" + quoteLiteral(target) + ", " + quoteLiteral(column.name) +
				"), last_value) FROM " + inSchemaOf(0, sequence) + ";");
		add(StepKind::Brief, "COMMIT;");
		add(StepKind::Brief, "DROP SEQUENCE " + inSchemaOf(0, sequence) + ";");
		say("Then make it an identity column that continues after the highest value.");
	}
}

} /* namespace pgsafe */
