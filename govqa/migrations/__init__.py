"""Alembic migrations of the shared-state database (govqa/db.py); run by ``Database.upgrade``."""
