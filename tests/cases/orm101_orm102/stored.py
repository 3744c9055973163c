from sqlalchemy.ext.asyncio import AsyncSession

class Batch:
    def __init__(self, session: AsyncSession) -> None:
        self.pending = []
        job = session.commit()
        self.pending.append(job)
        other = session.flush()
        self.jobs = [other]
        self.current = session.rollback()
        third = session.close()
        registry = {"close": third}
