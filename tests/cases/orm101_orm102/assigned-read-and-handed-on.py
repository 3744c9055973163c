from sqlalchemy.ext.asyncio import AsyncSession

async def read_user(db: AsyncSession, user_id: int):
    user = db.get(User, user_id)  # expect: ORM101:12 "which is read without `await`"
    if user is None:
        raise LookupError(user_id)
    return user

async def total(db: AsyncSession, stmt) -> dict:
    result = db.execute(stmt)  # expect: ORM101:14 "which is read without `await`"
    return {"rows": result, "ok": bool(result)}
