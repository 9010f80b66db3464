"""Static analysis of a GraphQL document before it runs: depth, aliases and cost.

One walk per operation, in time linear in the document: a fragment is
measured once (per page size it is spread under) and its measure reused at
every spread, so chains and fan-outs of fragments cost no more to analyse
than they are long. The same fragment spread twice in one selection set
counts once, as execution merges it.

Cost: each field that reads Neo4j has a price (``PRICES``, else 1 for a field
with an async resolver, else 0), and what a list field selects counts once
per item it can hold: ``first`` (or ``limit``) where the field takes it, the
connection's ``first`` for its ``edges``, ``LIST_SIZES`` or the default page
size otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.types.base import StrawberryObjectDefinition

# Fields dearer than one Neo4j read: path searches, traversals, the matcher,
# whole case files.
PRICES: dict[str, int] = {
    "Query.search": 2,
    "Query.paths": 10,
    "Query.exposure": 10,
    "Query.match": 10,
    "Query.caseFile": 10,
    "Query.owners": 5,
    "Query.holdings": 5,
    "Query.gaps": 5,
    "Query.suppliers": 3,
    "Query.participants": 3,
}

# Lists whose length is bounded by what they are, not by a page size.
LIST_SIZES: dict[str, int] = {
    "Path.hops": 6,
    "Path.entities": 7,
    "OwnershipChain.entities": 7,
    "Query.exposure": 100,
}

_SIZE_ARGUMENTS = ("first", "limit")
_Selected = tuple[int, int, "Counter[str]"]  # depth, cost, response names
_CAP = 10**12  # costs beyond any limit stay small numbers


@dataclass(slots=True)
class Measure:
    """An operation's depth (as strawberry's depth limiter counted it) and cost."""

    depth: int = 0
    cost: int = 0
    sized_by_variables: bool = False  # a variable set a list size: the cost is per request
    # Pairs of fields of one response name in one selection set: graphql-core's
    # check that such fields can merge compares each pair, so its time grows
    # with their square.
    pairs: int = 0


@dataclass(slots=True)
class _Walk:
    schema: GraphQLSchema
    prices: Mapping[str, int]
    default_page: int
    fragments: dict[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    defaults: dict[str, Any]
    memo: dict[tuple[str, int], _Selected] = field(default_factory=dict)
    open: set[str] = field(default_factory=set)
    sized_by_variables: bool = False
    pairs: int = 0

    def selection_set(
        self, node: SelectionSetNode, parent: GraphQLNamedType | None, page: int
    ) -> _Selected:
        depth = cost = 0
        names: Counter[str] = Counter()  # response names, as the merge check collects them
        spread: set[str] = set()
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                d, c = self.field(sel, parent, page)
                names[(sel.alias or sel.name).value] += 1
            elif isinstance(sel, InlineFragmentNode):
                cond = sel.type_condition
                target = self.schema.get_type(cond.name.value) if cond else parent
                d, c, inner = self.selection_set(sel.selection_set, target, page)
                names.update(inner)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                if name in spread:  # execution merges a repeated spread
                    continue
                spread.add(name)
                d, c, inner = self.fragment(name, page)
                names.update(inner)
            else:  # pragma: no cover - graphql-core has no other selection
                continue
            depth = max(depth, d)
            cost = min(cost + c, _CAP)
        self.pairs += sum(k * (k - 1) // 2 for k in names.values())
        return depth, cost, names

    def fragment(self, name: str, page: int) -> _Selected:
        known = self.memo.get((name, page))
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.open:  # unknown or cyclic: validation says so
            return 0, 0, Counter()
        self.open.add(name)
        target = self.schema.get_type(definition.type_condition.name.value)
        measured = self.selection_set(definition.selection_set, target, page)
        self.open.discard(name)
        self.memo[(name, page)] = measured
        return measured

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, page: int) -> tuple[int, int]:
        name = node.name.value
        if name.startswith("__") or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return 0, 0
        definition = parent.fields.get(name)
        if definition is None:  # validation reports the unknown field
            return 0, 0
        key = f"{parent.name}.{name}"
        price = self.prices.get(key, 0)
        if node.selection_set is None:
            return 0, price
        size = self.size_argument(node, definition.args)
        returned: GraphQLOutputType = definition.type
        if isinstance(returned, GraphQLNonNull):
            returned = returned.of_type
        is_list = isinstance(returned, GraphQLList)
        while isinstance(returned, GraphQLList | GraphQLNonNull):
            returned = returned.of_type
        assert isinstance(returned, GraphQLNamedType)
        if is_list:
            items = size if size is not None else LIST_SIZES.get(key)
            if items is None:
                items = page if name == "edges" else self.default_page
            child_page = self.default_page
        else:
            items = 1
            child_page = size if size is not None else self.default_page
        depth, cost, _names = self.selection_set(node.selection_set, returned, child_page)
        return 1 + depth, min(price + max(items, 0) * cost, _CAP)

    def size_argument(self, node: FieldNode, args: Mapping[str, Any]) -> int | None:
        """The list size a field is asked for: its ``first`` or ``limit``, given
        as a literal, a variable or the argument's default."""
        for arg_name in _SIZE_ARGUMENTS:
            if arg_name not in args:
                continue
            for arg in node.arguments or ():
                if arg.name.value != arg_name:
                    continue
                if isinstance(arg.value, IntValueNode):
                    return int(arg.value.value)
                if isinstance(arg.value, VariableNode):
                    self.sized_by_variables = True
                    var = arg.value.name.value
                    value = self.variables.get(var, self.defaults.get(var))
                    if isinstance(value, int) and not isinstance(value, bool):
                        return value
                break
            default = args[arg_name].default_value
            if isinstance(default, int) and not isinstance(default, bool):
                return default
            return None
        return None


class CostModel:
    """Prices per ``Type.field``, derived once from the strawberry schema."""

    def __init__(self, schema: strawberry.Schema, default_page: int) -> None:
        # graphql-core's schema (for validation) is only a private field: strawberry is pinned
        self.graphql_schema = schema._schema
        self.default_page = default_page
        self.prices: dict[str, int] = {}
        for type_name in self.graphql_schema.type_map:
            definition = schema.get_type_by_name(type_name)
            if not isinstance(definition, StrawberryObjectDefinition):
                continue
            for strawberry_field in definition.fields:
                name = schema.config.name_converter.get_graphql_name(strawberry_field)
                reads = strawberry_field.base_resolver is not None and strawberry_field.is_async
                self.prices[f"{type_name}.{name}"] = 1 if reads else 0
        self.prices.update(PRICES)

    def measure(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any] | None,
    ) -> Measure:
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        defaults: dict[str, Any] = {}
        for var in operation.variable_definitions or ():
            if isinstance(var.default_value, IntValueNode):
                defaults[var.variable.name.value] = int(var.default_value.value)
        root = self.graphql_schema.get_root_type(operation.operation)
        walk = _Walk(
            self.graphql_schema,
            self.prices,
            self.default_page,
            fragments,
            variables or {},
            defaults,
        )
        depth, cost, _names = walk.selection_set(operation.selection_set, root, self.default_page)
        return Measure(depth, cost, walk.sized_by_variables, walk.pairs)


def count_aliases(document: DocumentNode) -> int:
    """Aliases written in the document (each fragment once, as written)."""
    count = 0
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        for sel in stack.pop().selections:
            if isinstance(sel, FieldNode) and sel.alias is not None:
                count += 1
            selection_set = getattr(sel, "selection_set", None)
            if selection_set is not None:
                stack.append(selection_set)
    return count
