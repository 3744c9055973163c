"""What every service call needs."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass
class Ctx:
    """The request's session and who is asking."""

    session: AsyncSession
    customer_id: int
    request_id: str = ""
