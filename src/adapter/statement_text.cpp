/*-------------------------------------------------------------------------
 *
 * statement_text.cpp
 *		Read the spans of a statement's text that the advice quotes: its
 *		subcommands, constraints and column definitions.
 *
 * IDENTIFICATION
 *	  src/adapter/statement_text.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/statement.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "adapter/alter_type.hpp"
#include "adapter/catalog.hpp"
#include "adapter/hook.hpp"
#include "adapter/partition_indexes.hpp"
#include "adapter/partition_scan.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/read_domain.hpp"
#include "adapter/read_maintenance.hpp"
#include "adapter/read_set_expression.hpp"
#include "adapter/read_storage.hpp"
#include "adapter/settings.hpp"
#include "adapter/sqltext.hpp"
#include "adapter/statement_detail.hpp"
#include "core/rules/behaviour.hpp"

namespace pgsafe {

TextSpan
StatementReader::spanFrom(const SqlText &sql, int location, const std::vector<std::size_t> &boundaries) const
{
	if (location < 0 || static_cast<std::size_t>(location) < base_)
		return TextSpan{};
	std::size_t begin = relative(location);
	for (std::size_t boundary : boundaries)
		if (boundary > begin)
			return sql.span(begin, boundary);
	return TextSpan{};
}

/*
 * Spans inside ADD COLUMN: each constraint runs from its location to the
 * next constraint, COLLATE clause or the end of the subcommand.
 */
void
StatementReader::readColumnText(const SqlText &sql, const ColumnDef *def, SubcommandFacts &sub)
{
	ColumnFacts &column = sub.column;
	std::vector<std::size_t> boundaries;
	const ListCell *lc;

	if (!sub.span.valid())
		return;
	foreach (lc, def->constraints)
	{
		int location = ((const Constraint *) lfirst(lc))->location;
		if (location >= 0 && static_cast<std::size_t>(location) >= base_)
			boundaries.push_back(relative(location));
	}
	if (def->collClause && def->collClause->location >= 0)
		boundaries.push_back(relative(def->collClause->location));
	boundaries.push_back(sub.span.end);
	std::sort(boundaries.begin(), boundaries.end());

	if (def->typeName && def->compression == nullptr)
		column.typeSpan = spanFrom(sql, def->typeName->location, boundaries);

	std::size_t next = 0;
	const List *constraints = def->constraints;
	for (int i = 0; i < list_length(constraints); i++)
	{
		const Constraint *c = (const Constraint *) list_nth(constraints, i);
		TextSpan span = spanFrom(sql, c->location, boundaries);

		if (isIndexOrForeignKey(c->contype) || c->contype == CONSTR_CHECK)
		{
			/* take the DEFERRABLE ... that follow along */
			for (int j = i + 1; j < list_length(constraints); j++)
			{
				const Constraint *attr = (const Constraint *) list_nth(constraints, j);
				if (!isAttribute(attr->contype))
					break;
				TextSpan attrSpan = spanFrom(sql, attr->location, boundaries);
				span = span.valid() && attrSpan.valid() ? TextSpan::of(span.begin, attrSpan.end) : TextSpan{};
			}
			if (next < column.constraints.size())
			{
				ConstraintFacts &constraint = column.constraints[next++];
				constraint.span = span;
				/* a CHECK's own text, from the CHECK keyword on, to add it as a table constraint */
				if (c->contype == CONSTR_CHECK && span.valid())
					for (int t = sql.tokenAt(span.begin); t >= 0 && sql.start(t) < span.end; t++)
						if (sql.isKeyword(t, "check"))
						{
							constraint.checkBody = sql.span(sql.start(t), span.end);
							break;
						}
			}
		}
		else if (c->contype == CONSTR_NOTNULL)
			column.notNullSpans.push_back(span);
		else if (c->contype == CONSTR_DEFAULT || c->contype == CONSTR_IDENTITY || c->contype == CONSTR_GENERATED)
		{
			/* from the DEFAULT / GENERATED keyword, without a CONSTRAINT name */
			int token = span.valid() ? sql.tokenAt(span.begin) : -1;
			if (token >= 0 && sql.isKeyword(token, "constraint"))
				token += 2;
			if (token < 0 || sql.start(token) >= span.end)
			{
				column.fillSpan = TextSpan{};
				continue;
			}
			column.fillSpan = sql.span(sql.start(token), span.end);
			if (c->contype == CONSTR_DEFAULT && sql.start(token + 1) < span.end)
				column.fillExpression = sql.span(sql.start(token + 1), span.end);
		}
	}
}

void
StatementReader::readRelationStatementText(StatementFacts &facts)
{
	const Node *node = pstmt_->utilityStmt;

	if (facts.kind == StatementKind::AttachPartition)
	{
		for (std::size_t i = 0; i < facts.attachPartition.missingIndexes.size() && i < indexOids_.size(); i++)
			facts.attachPartition.missingIndexes[i].definition = indexDefinition(indexOids_[i]);
		facts.text = SqlText(facts.text).statement();
		return;
	}

	SqlText sql(facts.text);

	if (IsA(node, IndexStmt))
	{
		const IndexStmt *stmt = (const IndexStmt *) node;
		int location = stmt->relation->location;
		int token = location >= 0 && static_cast<std::size_t>(location) >= base_ ? sql.tokenAt(relative(location)) : -1;

		if (token >= 0)
		{
			int next = sql.skipQualifiedName(token);
			if (sql.start(next) < sql.end())
				facts.createIndex.definition = sql.span(sql.start(next), sql.end());
		}
		return;
	}

	const AlterTableStmt *stmt = (const AlterTableStmt *) node;
	int location = stmt->relation->location;
	if (location < 0 || static_cast<std::size_t>(location) < base_)
		return;

	std::vector<TextSpan> spans = sql.subcommandSpans(relative(location), facts.alterTable.subcommands.size());
	for (std::size_t i = 0; i < spans.size(); i++)
	{
		SubcommandFacts &sub = facts.alterTable.subcommands[i];
		sub.span = spans[i];
		if (sub.kind == SubcommandKind::AddColumn)
			readColumnText(sql, (const ColumnDef *) ((const AlterTableCmd *) list_nth(stmt->cmds, i))->def, sub);
		else if (sub.kind == SubcommandKind::AlterColumnType && sub.span.valid())
		{
			/* "varchar(10) [COLLATE c] [USING expr]", and the expression after USING */
			const ColumnDef *def = (const ColumnDef *) ((const AlterTableCmd *) list_nth(stmt->cmds, i))->def;
			sub.alterType.typeClause = spanFrom(sql, def->typeName->location, {sub.span.end});
			if (def->raw_default && sub.alterType.typeClause.valid())
				for (int t = sql.tokenAt(sub.alterType.typeClause.begin); t >= 0 && sql.start(t) < sub.span.end; t++)
					if (sql.isKeyword(t, "using") && sql.start(t + 1) < sub.span.end)
					{
						sub.alterType.usingExpression = sql.span(sql.start(t + 1), sub.span.end);
						break;
					}
		}
		else if (sub.kind == SubcommandKind::SetExpression)
			readSetExpressionText(sql, sub);
		else if (sub.kind == SubcommandKind::AddConstraint && sub.constraint.kind == ConstraintKind::Check &&
				 sub.span.valid())
		{
			/* from the CHECK keyword on: "CHECK (...) [NO INHERIT]", without ADD [CONSTRAINT name] */
			for (int t = sql.tokenAt(sub.span.begin); t >= 0 && sql.start(t) < sub.span.end; t++)
				if (sql.isKeyword(t, "check"))
				{
					sub.constraint.checkBody = sql.span(sql.start(t), sub.span.end);
					break;
				}
		}
	}
}

} /* namespace pgsafe */
