/*-------------------------------------------------------------------------
 *
 * model.cpp
 *		Navigation helpers for the statement facts.
 *
 * IDENTIFICATION
 *	  src/core/model.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/model.hpp"

#include "core/pure.hpp"

namespace pgsafe {

const ColumnNullability *
RelationFacts::column(const std::string &columnName) const
{
	for (const auto &c : columns)
		if (c.name == columnName)
			return &c;
	return nullptr;
}

std::vector<int>
RelationTree::childrenOf(int index) const
{
	std::vector<int> children;
	for (int i = 0; i < static_cast<int>(relations.size()); i++)
		if (relations[i].parent == index)
			children.push_back(i);
	return children;
}

/* Leaf relations (those with storage) at or below index, in tree order. */
std::vector<int>
RelationTree::leavesUnder(int index) const
{
	std::vector<int> leaves;
	if (relations[index].kind != RelationKind::PartitionedTable)
	{
		leaves.push_back(index);
		return leaves;
	}
	for (int child : childrenOf(index))
	{
		auto below = leavesUnder(child);
		leaves.insert(leaves.end(), below.begin(), below.end());
	}
	return leaves;
}

/*
 * Partitioned tables at or below index, children before their parents: the
 * order in which ALTER TABLE ONLY ... ADD PRIMARY KEY finds every child's
 * column already NOT NULL.
 */
std::vector<int>
RelationTree::partitionedUnder(int index) const
{
	std::vector<int> result;
	if (relations[index].kind != RelationKind::PartitionedTable)
		return result;
	for (int child : childrenOf(index))
	{
		auto below = partitionedUnder(child);
		result.insert(result.end(), below.begin(), below.end());
	}
	result.push_back(index);
	return result;
}

std::string
StatementFacts::slice(const TextSpan &span) const
{
	if (!span.valid() || span.end > text.size())
		return std::string();
	return text.substr(span.begin, span.end - span.begin);
}

} /* namespace pgsafe */
