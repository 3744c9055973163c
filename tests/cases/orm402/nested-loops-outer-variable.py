from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

async def report(session: AsyncSession, teams: list, days: list) -> dict:
    totals = {}
    for team in teams:
        for day in days:
            totals[team.id, day] = await session.scalar(  # expect: ORM402:42
                select(func.count(Order.id)).where(Order.team_id == team.id)
            )
    return totals
