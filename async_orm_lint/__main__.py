"""``python -m async_orm_lint``: the ``async-orm-lint`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
