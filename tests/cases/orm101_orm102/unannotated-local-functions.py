from sqlalchemy.ext.asyncio import AsyncSession

def get_session():
    ...

async def make():
    ...

async def f() -> None:
    a = get_session()
    a.commit()
    b = await make()
    b.commit()
