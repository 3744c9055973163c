from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, User) -> None:
    if session.get(User, 1):  # expect: ORM101:8 "used here without `await`"
        pass
    while session.scalar(1):  # expect: ORM101:11 "used here without `await`"
        break
    assert session.get_one(User, 1)  # expect: ORM101:12 "used here without `await`"
    if not session.get(User, 2):  # expect: ORM101:12 "used here without `await`"
        pass
    print(session.get(User, 3)[0])  # expect: ORM101:11 "used here without `await`"
    label = "yes" if session.get(User, 4) else "no"  # expect: ORM101:22 "used here without `await`"
    if session.get(User, 5) is None:  # expect: ORM101:8 "used here without `await`"
        pass
    print(f"{session.get(User, 6)}")  # expect: ORM101:14 "used here without `await`"
