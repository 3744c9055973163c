"""Which bindings of a name may reach a read, in the body of one function.

Names are trusted when every binding agrees (:mod:`.bindings`); real code
reuses its names: ``result = await session.execute(select(User))``, then
``result = await session.execute(select(Order))`` a few lines below.  At a
read, only some bindings can be the one in force: the last one before it on
every path (a *dominating* binding, which hides the earlier ones), the ones
after that which may run before the read (in a branch), and, in a loop, the
ones later in the loop's body, which the next iteration reads.  Those are
the bindings that must agree.

A binding that cannot be placed (an import, an unpacking, ``global``)
leaves the question to the flow-insensitive rule.
"""

from __future__ import annotations

import ast

from .scopes import Parameter, Source
from .syntax import block_of, node_path, parent_map

_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_START = (0, 0)


class BodyFlow:
    """The statements and blocks of one function's body, found for each node asked about."""

    __slots__ = ("function", "_parents", "_paths")

    def __init__(self, function: ast.AST) -> None:
        self.function = function
        self._parents: dict[int, ast.AST] | None = None  # built only where positions do not lead
        self._paths: dict[int, list[ast.AST]] = {}

    def _path(self, node: ast.AST) -> list[ast.AST]:
        """The nodes from the function down to ``node``'s parent."""
        path = self._paths.get(id(node))
        if path is None:
            path = node_path(self.function, node)
            if path is None:
                if self._parents is None:
                    self._parents = parent_map(self.function)
                path = []
                parent = self._parents.get(id(node))
                while parent is not None and parent is not self.function:
                    path.append(parent)
                    parent = self._parents.get(id(parent))
                path = [self.function, *reversed(path)]
            self._paths[id(node)] = path
        return path

    def reaching(self, sources: list[Source], read: ast.expr) -> list[int] | None:
        """The indices of the ``sources`` (a name's bindings in this body) that may be in force at ``read``;
        None when one of them cannot be placed."""
        position = (read.lineno, read.col_offset)
        around = self._statements(read)
        loops = self._loops(read)
        before: list[tuple[tuple[int, int], int]] = []
        dominating: list[tuple[tuple[int, int], int]] = []
        later_in_loop: list[int] = []
        for index, source in enumerate(sources):
            if type(source) is Parameter:
                before.append((_START, index))
                dominating.append((_START, index))
                continue
            place = source.place
            if place is None:
                return None
            effect = (place.end_lineno, place.end_col_offset)  # type: ignore[attr-defined]
            if effect <= position:
                before.append((effect, index))
                if self._dominates(place, around):
                    dominating.append((effect, index))
            elif any(self._inside(place, loop) for loop in loops):
                later_in_loop.append(index)
        if dominating:
            last = max(dominating)[0]
            found = [index for effect, index in before if effect >= last]
        else:
            found = [index for _, index in before]
        found += later_in_loop
        return sorted(found) if found else None

    def _statements(self, node: ast.AST) -> list[tuple[ast.AST, list, int]]:
        """The statements around ``node`` in this body, innermost first, each with its block and index."""
        found = []
        path = self._path(node)
        for parent, child in zip(reversed(path), [node, *reversed(path[1:])]):
            if isinstance(child, ast.stmt):
                block = block_of(child, parent)
                if block is not None:
                    found.append((child, block, next(i for i, s in enumerate(block) if s is child)))
        return found

    def _dominates(self, place: ast.AST, around: list[tuple[ast.AST, list, int]]) -> bool:
        """Does the binding at ``place`` run on every path to the read whose statements are ``around``
        (the read is after it: in a later statement of its block, or in the body its statement heads)?"""
        mine = self._statements(place)
        if not mine:
            return False
        statement, block, index = mine[0]
        return any(
            other is statement or (other_block is block and other_index > index)
            for other, other_block, other_index in around
        )

    def _loops(self, node: ast.AST) -> list[ast.AST]:
        return [parent for parent in reversed(self._path(node)[1:]) if isinstance(parent, _LOOPS)]

    def _inside(self, node: ast.AST, ancestor: ast.AST) -> bool:
        return any(parent is ancestor for parent in self._path(node)[1:])
