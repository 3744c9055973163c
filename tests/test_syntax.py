"""syntax.node_path: the path found by source positions is the parent map's, or None (never a wrong one)."""

import ast

from async_orm_lint.syntax import NESTED, node_path, parent_map

SOURCE = '''
async def handler(session, items, flag=True):
    @decorated(session.info)
    def inner(x): return x
    async with session.begin() as tx, other() as (a, b):
        for item in [await session.get(i) for i in items if await check(i)]:
            match item:
                case {"k": value} if value > await session.scalar(q): await session.commit()
                case _: pass
    try: x = 1; y = await session.execute(f"{x!r:>{await width()}}")
    except* ValueError: await session.rollback()
    return lambda z=await session.flush(): z
'''


def _path_up(node, root, parents):
    path = []
    parent = parents.get(id(node))
    while parent is not None and parent is not root:
        path.append(parent)
        parent = parents.get(id(parent))
    return [root, *reversed(path)]


def test_node_path_agrees_with_the_parent_map_for_every_node():
    function = ast.parse(SOURCE).body[0]
    parents = parent_map(function)
    checked = 0
    for node in ast.walk(function):
        if node is function or id(node) not in parents or not hasattr(node, "end_lineno"):
            continue
        if any(isinstance(p, NESTED) for p in _path_up(node, function, parents)[1:]):
            continue  # a nested body's own nodes are not in the parent map
        expected = _path_up(node, function, parents)
        found = node_path(function, node)
        if found is None:  # f-strings' parts have no reliable positions before Python 3.12: the caller falls back
            assert any(type(p) is ast.JoinedStr for p in expected), ast.dump(node)
            continue
        assert found == expected, ast.dump(node)
        checked += 1
    assert checked > 60


def test_node_path_is_none_for_a_node_outside_the_root():
    module = ast.parse("def f():\n    a = 1\nb = 2\n")
    assert node_path(module.body[0], module.body[1]) is None
