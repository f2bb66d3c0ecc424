/*-------------------------------------------------------------------------
 *
 * facts_builder.hpp
 *		Helpers that build StatementFacts for the unit tests the way the
 *		adapter fills them from a parse tree: relations, subcommands, and
 *		text spans located in the statement's own text.
 *
 * A span is found by searching the statement text for the piece of text it
 * covers, so a test reads like the SQL it stands for.  A piece that is not
 * in the text throws, which GoogleTest reports as a failure of the test.
 *
 * IDENTIFICATION
 *	  test/unit/facts_builder.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/model.hpp"

namespace pgsafe::testing {

inline RelationFacts
relation(const std::string &name, std::uint64_t bytes, RelationKind kind = RelationKind::Table, int parent = -1,
		 const std::string &schema = "public")
{
	RelationFacts r;
	r.name = QualifiedName{schema, name};
	r.kind = kind;
	r.bytes = bytes;
	r.parent = parent;
	r.isPartition = parent >= 0;
	return r;
}

/* An inheritance child: a child that is not a partition. */
inline RelationFacts
inheritanceChild(const std::string &name, std::uint64_t bytes, int parent)
{
	RelationFacts r = relation(name, bytes, RelationKind::Table, parent);
	r.isPartition = false;
	return r;
}

/* A column as pg_attribute describes it. */
inline ColumnNullability
column(const std::string &name, bool markedNotNull, bool provenNotNull)
{
	ColumnNullability c;
	c.name = name;
	c.exists = true;
	c.markedNotNull = markedNotNull;
	c.provenNotNull = provenNotNull || markedNotNull;
	return c;
}

inline ColumnNullability
nullableColumn(const std::string &name)
{
	return column(name, false, false);
}

inline ColumnNullability
notNullColumn(const std::string &name)
{
	return column(name, true, true);
}

/* The span of the first occurrence of part in text at or after from. */
inline TextSpan
spanOf(const std::string &text, const std::string &part, std::size_t from = 0)
{
	std::size_t at = text.find(part, from);
	if (at == std::string::npos)
		throw std::logic_error("\"" + part + "\" is not in \"" + text + "\"");
	return TextSpan::of(at, at + part.size());
}

inline StatementFacts
alterTable(const std::string &text, std::vector<RelationFacts> relations, LockMode lock = LockMode::AccessExclusive)
{
	StatementFacts facts;
	facts.kind = StatementKind::AlterTable;
	facts.text = text;
	facts.table.relations = std::move(relations);
	facts.alterTable.lock = lock;
	return facts;
}

/* CREATE INDEX; the definition runs from definitionStart (USING or '(') to the end of the text. */
inline StatementFacts
createIndex(const std::string &text, std::vector<RelationFacts> relations, std::vector<std::string> columnNames,
			const std::string &definitionStart = "(")
{
	StatementFacts facts;
	facts.kind = StatementKind::CreateIndex;
	facts.text = text;
	facts.table.relations = std::move(relations);
	facts.createIndex.columnNames = std::move(columnNames);
	TextSpan start = spanOf(text, definitionStart);
	facts.createIndex.definition = TextSpan::of(start.begin, text.size());
	return facts;
}

/* Append sub with the span of subText in the statement; an empty subText leaves the span unknown. */
inline SubcommandFacts &
addSubcommand(StatementFacts &facts, SubcommandFacts sub, const std::string &subText)
{
	if (!subText.empty())
		sub.span = spanOf(facts.text, subText);
	facts.alterTable.subcommands.push_back(std::move(sub));
	return facts.alterTable.subcommands.back();
}

/* ADD [CONSTRAINT name] UNIQUE / PRIMARY KEY / EXCLUDE ... */
inline SubcommandFacts
constraint(ConstraintKind kind, std::vector<std::string> keys, std::optional<std::string> name = std::nullopt)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddConstraint;
	sub.phase = SubcommandPhase::AddConstraint;
	sub.constraint.kind = kind;
	sub.constraint.keys = std::move(keys);
	sub.constraint.name = std::move(name);
	return sub;
}

inline ConstraintFacts
foreignKeyConstraint(std::vector<std::string> columns, const QualifiedName &referenced,
					 std::optional<std::string> name = std::nullopt)
{
	ConstraintFacts c;
	c.kind = ConstraintKind::ForeignKey;
	c.name = std::move(name);
	c.foreignKey.referenced = referenced;
	c.foreignKey.referencedFound = true;
	c.foreignKey.columns = std::move(columns);
	return c;
}

/* ADD [CONSTRAINT name] FOREIGN KEY (columns) REFERENCES referenced */
inline SubcommandFacts
foreignKey(std::vector<std::string> columns, const QualifiedName &referenced,
		   std::optional<std::string> name = std::nullopt)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddConstraint;
	sub.phase = SubcommandPhase::AddConstraint;
	sub.constraint = foreignKeyConstraint(std::move(columns), referenced, std::move(name));
	return sub;
}

/* A subcommand no rule looks at: ALTER COLUMN ..., SET ..., ADD CHECK ... */
inline SubcommandFacts
otherSubcommand(SubcommandPhase phase = SubcommandPhase::Other)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::Other;
	sub.phase = phase;
	return sub;
}

/* ADD COLUMN name ...; spans are set by the test with columnSpan(). */
inline SubcommandFacts
addColumn(const std::string &name, ColumnFill fill = ColumnFill::None)
{
	SubcommandFacts sub;
	sub.kind = SubcommandKind::AddColumn;
	sub.phase = SubcommandPhase::AddColumn;
	sub.column.name = name;
	sub.column.fill = fill;
	sub.column.notNull = fill == ColumnFill::Serial || fill == ColumnFill::Identity;
	sub.column.rewrite = fill == ColumnFill::Serial              ? ColumnRewrite::Serial
						 : fill == ColumnFill::Identity          ? ColumnRewrite::Identity
						 : fill == ColumnFill::Generated         ? ColumnRewrite::Generated
						 : fill == ColumnFill::ExpressionDefault ? ColumnRewrite::VolatileDefault
																 : ColumnRewrite::None;
	return sub;
}

/* The span of part inside the subcommand whose text starts at sub.span.begin. */
inline TextSpan
columnSpan(const StatementFacts &facts, const SubcommandFacts &sub, const std::string &part)
{
	return spanOf(facts.text, part, sub.span.begin);
}

/* A column constraint (UNIQUE, PRIMARY KEY, REFERENCES) whose text is part. */
inline ConstraintFacts &
addColumnConstraint(const StatementFacts &facts, SubcommandFacts &sub, ConstraintFacts c, const std::string &part)
{
	c.span = columnSpan(facts, sub, part);
	sub.column.constraints.push_back(std::move(c));
	return sub.column.constraints.back();
}

inline ConstraintFacts
columnConstraint(ConstraintKind kind)
{
	ConstraintFacts c;
	c.kind = kind;
	return c;
}

} /* namespace pgsafe::testing */
