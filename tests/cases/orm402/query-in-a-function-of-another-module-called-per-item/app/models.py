from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Customer(Base):
    __tablename__ = "c"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
