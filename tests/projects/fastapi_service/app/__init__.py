"""Users, items and invoices behind a FastAPI front-end."""
